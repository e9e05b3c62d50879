// Theme and first-start welcome preferences, kept by the backend (prefs.*) so both survive restarts in both
// hosts (the Chromium host serves on a new port each run: browser storage would forget them).
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { UiThemeChoice } from '../../../shared/contract/prefs.contract';
import { call } from '../api/client';
import { t } from '../i18n';
import { addNotice } from '../state/notice-store';

export type ThemeChoice = UiThemeChoice;

interface UiPrefsState {
  loaded: boolean;
  theme: ThemeChoice;
  welcomeDismissed: boolean;
}

export const uiPrefsStore = createStore<UiPrefsState>(() => ({ loaded: false, theme: 'system', welcomeDismissed: false }));

export function useUiPrefs<T>(selector: (s: UiPrefsState) => T): T {
  return useStore(uiPrefsStore, selector);
}

/** 'system' leaves the choice to the OS (prefers-color-scheme); the others pin it on the root element. */
export function applyTheme(choice: ThemeChoice, root: { dataset: DOMStringMap } = document.documentElement) {
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
}

export async function loadUiPrefs(): Promise<void> {
  try {
    const p = await call('prefs.get', {});
    applyTheme(p.theme);
    uiPrefsStore.setState({ loaded: true, theme: p.theme, welcomeDismissed: p.welcomeDismissed });
  } catch {
    // Defaults (OS theme, welcome shown) are a fine fallback; not worth a notice before any choice was made.
    uiPrefsStore.setState({ loaded: true });
  }
}

async function save(change: { theme?: ThemeChoice; welcomeDismissed?: boolean }) {
  try {
    await call('prefs.set', change);
  } catch (e) {
    addNotice('warning', t('shell.prefs.saveFailed', { message: (e as Error).message }));
  }
}

export function chooseTheme(theme: ThemeChoice): Promise<void> {
  applyTheme(theme);
  uiPrefsStore.setState({ theme });
  return save({ theme });
}

export function setWelcomeDismissed(dismissed: boolean): Promise<void> {
  uiPrefsStore.setState({ welcomeDismissed: dismissed });
  return save({ welcomeDismissed: dismissed });
}
