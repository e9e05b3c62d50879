// Captures state: recordings, the open progress, open captures and replays, fed by the backend's events.
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { CaptureInfo, RecordingStatus, ReplayStatus } from '../../../../shared/contract/captures.contract';
import { api, call } from '../../api/client';
import { localDateTime } from '../../i18n/dates';
import { withRecording, withReplay, withReplayList } from './status-order';

export interface OpenProgress {
  file: string;
  bytesRead: number;
  totalBytes: number;
  records: number;
  done: boolean;
}

export interface CapturesState {
  recordings: Record<string, RecordingStatus>;
  progress: OpenProgress | null;
  open: CaptureInfo[];
  files: Array<{ file: string; name: string; bytes: number; modifiedAt: number }>;
  folder: string;
  replays: Record<string, ReplayStatus>;
  timelineFor: string | null;
}

export const capturesStore = createStore<CapturesState>(() => ({
  recordings: {},
  progress: null,
  open: [],
  files: [],
  folder: '',
  replays: {},
  timelineFor: null,
}));

export function useCaptures<T>(selector: (s: CapturesState) => T): T {
  return useStore(capturesStore, selector);
}

let started = false;
export function startCaptures() {
  if (started) return;
  started = true;
  api.on('captures.recordingStatus', (s) => putRecording(s));
  api.on('captures.progress', (p) => capturesStore.setState({ progress: p }));
  api.on('captures.replayProgress', (r) => putReplay(r));
  refreshCaptures().catch(() => undefined); // the backend's own notice path reports an unreachable backend
}

/** Keeps a recording status unless it would show an already stopped recording as active again. */
export function putRecording(r: RecordingStatus) {
  capturesStore.setState((st) => ({ recordings: withRecording(st.recordings, r) }));
}

/** Keeps a replay status unless a newer snapshot of it is already held (answers and events race). */
export function putReplay(r: ReplayStatus) {
  capturesStore.setState((st) => ({ replays: withReplay(st.replays, r) }));
}

export async function refreshCaptures() {
  const [list, recs, reps] = await Promise.all([call('captures.list', {}), call('captures.recordings', {}), call('captures.replays', {})]);
  capturesStore.setState((st) => ({
    open: list.open,
    files: list.files,
    folder: list.folder,
    recordings: Object.fromEntries(recs.map((r) => [r.connectionId, r])),
    replays: withReplayList(st.replays, reps),
  }));
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`;
}

export function formatTime(ms: number | null): string {
  return ms === null ? '—' : localDateTime(ms);
}
