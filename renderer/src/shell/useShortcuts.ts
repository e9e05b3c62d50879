// The global keyboard handler: resolves keys through the key map and runs the action.
import { useEffect } from 'react';
import { newProfile } from '../features/profiles/profile-actions';
import { copyDetail } from '../features/inspector/copy';
import { resolveKey, type KeyAction } from '../lib/keymap';
import { appStore, TABS } from '../state/app-store';
import { useInspectorStore, type InspectorStore } from '../state/inspector-store';
import { isMac } from './HelpOverlay';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  if (el.isContentEditable) return true;
  if (el.closest?.('.monaco-editor')) return true;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}

const LIST_ACTIONS = new Set<KeyAction>([
  'togglePause',
  'next',
  'prev',
  'extendNext',
  'extendPrev',
  'first',
  'last',
  'pageDown',
  'pageUp',
  'openDetail',
  'copyPayload',
  'copyCommand',
  'settleAccept',
  'settleReject',
  'settleRelease',
  'settleModify',
  'toggleDuplicates',
  'toggleOrder',
]);

export function runAction(inspectorStore: InspectorStore, action: KeyAction): boolean {
  const { clearMessages, moveSelection, selectIndex, setFilter, setFollow, settleSelected, togglePause } = inspectorStore.actions;
  const app = appStore.getState();
  const dialogOpen = app.helpOpen || app.editor !== null || app.pendingSecrets !== null;
  if (dialogOpen && action !== 'help' && action !== 'escape') return false;
  if (LIST_ACTIONS.has(action) && app.tab !== 'inspector') return false;
  const page = Math.max(1, Math.floor((document.querySelector('.message-list')?.clientHeight ?? 400) / 26) - 1);
  const ins = inspectorStore.getState();
  switch (action) {
    case 'help':
      appStore.setState({ helpOpen: !app.helpOpen });
      return true;
    case 'escape':
      if (app.helpOpen) appStore.setState({ helpOpen: false });
      else if (ins.marked.length) inspectorStore.actions.clearMarks();
      else return false;
      return true;
    case 'focusFilter':
      appStore.setState({ tab: 'inspector' });
      requestAnimationFrame(() => {
        const el = document.getElementById('inspector-filter-topic') as HTMLInputElement | null;
        el?.focus();
        el?.select();
      });
      return true;
    case 'togglePause':
      togglePause();
      return true;
    case 'next':
      moveSelection(1);
      return true;
    case 'prev':
      moveSelection(-1);
      return true;
    case 'extendNext':
      moveSelection(1, true);
      return true;
    case 'extendPrev':
      moveSelection(-1, true);
      return true;
    case 'pageDown':
      moveSelection(page);
      return true;
    case 'pageUp':
      moveSelection(-page);
      return true;
    case 'first':
      setFollow(false);
      selectIndex(0, { scroll: true });
      return true;
    case 'last':
      selectIndex(ins.window.total - 1, { scroll: true });
      setFollow(true);
      return true;
    case 'openDetail':
      (document.getElementById('detail-pane') as HTMLElement | null)?.focus();
      return true;
    case 'clear':
      void clearMessages();
      return true;
    case 'publish':
      appStore.setState({ tab: 'publish' });
      return true;
    case 'newProfile':
      newProfile();
      return true;
    case 'copyPayload':
      void copyDetail(inspectorStore, 'payload');
      return true;
    case 'copyCommand':
      void copyDetail(inspectorStore, 'command');
      return true;
    case 'settleAccept':
      void settleSelected('accept');
      return true;
    case 'settleReject':
      void settleSelected('reject');
      return true;
    case 'settleRelease':
      void settleSelected('release');
      return true;
    case 'settleModify':
      void settleSelected('modify');
      return true;
    case 'toggleDuplicates':
      setFilter({ hideDuplicates: !ins.filter.hideDuplicates });
      return true;
    case 'toggleOrder':
      setFilter({ orderBy: ins.filter.orderBy === 'generateTime' ? 'arrival' : 'generateTime' });
      return true;
    default: {
      const m = /^tab(\d)$/.exec(action);
      if (m) {
        const tab = TABS[Number(m[1]) - 1];
        if (tab) appStore.setState({ tab });
        return true;
      }
      return false;
    }
  }
}

export function useShortcuts() {
  const inspector = useInspectorStore();
  useEffect(() => {
    let pending: string | null = null;
    let pendingTimer: ReturnType<typeof setTimeout> | null = null;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const inInput = isTyping(e.target);
      // Buttons and links keep Space/Enter for themselves.
      const tag = (e.target as HTMLElement | null)?.tagName;
      if ((tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY') && (e.key === ' ' || e.key === 'Enter')) return;
      const action = resolveKey(e, { isMac, inInput, pending });
      if (pendingTimer) clearTimeout(pendingTimer);
      pending = !inInput && e.key === 'g' && !e.ctrlKey && !e.metaKey && !e.altKey ? 'g' : null;
      if (pending) pendingTimer = setTimeout(() => (pending = null), 800);
      if (action && runAction(inspector, action)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [inspector]);
}
