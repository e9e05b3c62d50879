// Which source the Protocol log, Tokens and Presence tabs show: null = the live connection(s), or an opened
// capture's connection id `capture:<id>` (read-only). One choice for the three tabs.
import { createStore } from 'zustand/vanilla';
import { capturesStore } from './captures-store';

export const viewSourceStore = createStore<{ capture: string | null }>(() => ({ capture: null }));

// A closed capture is no longer a source: fall back to live.
capturesStore.subscribe((s) => {
  const cur = viewSourceStore.getState().capture;
  if (cur && !s.open.some((c) => c.connectionId === cur)) viewSourceStore.setState({ capture: null });
});

export function isCaptureSource(id: string | null | undefined): boolean {
  return !!id && id.startsWith('capture:');
}
