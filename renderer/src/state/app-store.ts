// App-wide state: host info, notices, profiles, connections, navigation. One vanilla zustand store, read
// through atomic selectors so a connection's state change re-renders only what shows it.
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { AppInfo } from '../../../shared/contract/app.contract';
import type { ConnectionView } from '../../../shared/contract/connections.contract';
import type { ProfileKind, ProfileView, SecretSlot } from '../../../shared/contract/profiles.contract';
import { api, call, onEventsReconnected } from '../api/client';
import { addNotice } from './notice-store';
import { mergeConnectionViews, newerConnectionView } from '../../../shared/connections/connection-view-order';

export type TabId = 'inspector' | 'log' | 'publish' | 'presence' | 'captures' | 'sandbox' | 'topics' | 'charts' | 'tokens';
export const TABS: TabId[] = ['inspector', 'log', 'publish', 'presence', 'captures', 'sandbox', 'topics', 'charts', 'tokens'];

export { addNotice, dismissNotice, type Notice } from './notice-store';

export type EditorTarget = { mode: 'new'; kind: ProfileKind } | { mode: 'edit'; profileId: string };

export interface AppState {
  info: AppInfo | null;
  infoError: string | null;
  profiles: ProfileView[];
  /** By connectionId. */
  connections: Record<string, ConnectionView>;
  selectedConnectionId: string | null;
  tab: TabId;
  helpOpen: boolean;
  editor: EditorTarget | null;
  /** After an import: the secrets each imported profile still needs. */
  pendingSecrets: { id: string; slots: SecretSlot[] }[] | null;
}

export const appStore = createStore<AppState>(() => ({
  info: null,
  infoError: null,
  profiles: [],
  connections: {},
  selectedConnectionId: null,
  tab: 'inspector',
  helpOpen: false,
  editor: null,
  pendingSecrets: null,
}));

export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(appStore, selector);
}

export async function refreshProfiles() {
  try {
    const profiles = await call('profiles.list', {});
    appStore.setState({ profiles });
  } catch (e) {
    addNotice('error', (e as Error).message);
  }
}

export async function refreshConnections() {
  try {
    const list = await call('connections.list', {});
    appStore.setState((s) => {
      const connections = mergeConnectionViews(s.connections, list);
      return {
        connections,
        selectedConnectionId: s.selectedConnectionId && connections[s.selectedConnectionId] ? s.selectedConnectionId : (list[0]?.connectionId ?? null),
      };
    });
  } catch (e) {
    addNotice('error', (e as Error).message);
  }
}

/** The connection made from a profile, if any (the latest one when several). */
export function connectionForProfile(s: AppState, profileId: string): ConnectionView | undefined {
  let found: ConnectionView | undefined;
  for (const c of Object.values(s.connections)) if (c.profileId === profileId) found = c;
  return found;
}

let started = false;
/** Loads the first state and listens to main's events. Called once by the shell. */
export function startAppStore() {
  if (started) return;
  started = true;
  // Main speaks up about the environment (keychain, sandbox): its warnings and errors need the user.
  api.on('app.notice', (n) => addNotice(n.level, n.message, { needsAction: true }));
  // Events may have been missed while the Chromium host's event socket was down: read the state again.
  onEventsReconnected(() => {
    void refreshProfiles();
    void refreshConnections();
  });
  api.on('profiles.changed', () => void refreshProfiles());
  api.on('connections.state', (c) => {
    appStore.setState((s) => ({
      connections: { ...s.connections, [c.connectionId]: newerConnectionView(s.connections[c.connectionId], c) },
      selectedConnectionId: s.selectedConnectionId ?? c.connectionId,
    }));
  });
  call('app.info', {}).then(
    (info) => {
      appStore.setState({ info });
      for (const w of info.startupWarnings) addNotice('warning', w, { needsAction: true });
    },
    (e: Error) => appStore.setState({ infoError: e.message }),
  );
  void refreshProfiles();
  void refreshConnections();
  // State events come on state changes; the AMQP unsettled count moves with every delivery and settlement,
  // so while an AMQP connection is live its view is re-read once a second.
  setInterval(() => {
    const live = Object.values(appStore.getState().connections).some((c) => c.protocol === 'amqp' && c.state.status !== 'closed');
    if (live && document.visibilityState === 'visible') void refreshConnections();
  }, 1000);
}
