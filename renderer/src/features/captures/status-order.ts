// Replay and recording statuses arrive by two channels (a call's answer and events) in either order; the newest
// wins, so a late message never turns a finished replay back into "running" or a stopped recording into "●".
import type { RecordingStatus, ReplayStatus } from '../../../../shared/contract/captures.contract';

export type ReplayMap = Record<string, ReplayStatus>;

/** `replays` with `r` in it, unless an already newer snapshot of the same replay is there. */
export function withReplay(replays: ReplayMap, r: ReplayStatus): ReplayMap {
  const have = replays[r.replayId];
  if (have && have.rev >= r.rev) return replays;
  return { ...replays, [r.replayId]: r };
}

/**
 * The backend's list of replays (it drops old finished ones), each kept at the newer of the listed snapshot
 * and the one already held.
 */
export function withReplayList(replays: ReplayMap, listed: ReplayStatus[]): ReplayMap {
  const out: ReplayMap = {};
  for (const r of listed) {
    const have = replays[r.replayId];
    out[r.replayId] = have && have.rev > r.rev ? have : r;
  }
  return out;
}

export type RecordingMap = Record<string, RecordingStatus>;

/**
 * `recordings` with `r` in it, unless it is an "active" status of a recording already known to be stopped (an
 * event sent just before the stop, arriving after the stop's answer). A stopped recording never restarts: a new
 * recording of the connection has another start time.
 */
export function withRecording(recordings: RecordingMap, r: RecordingStatus): RecordingMap {
  const have = recordings[r.connectionId];
  if (have && !have.active && r.active && have.startedAt === r.startedAt && have.file === r.file) return recordings;
  return { ...recordings, [r.connectionId]: r };
}
