// Replay status snapshots arrive by two channels (a call's answer and replayProgress events) in either order;
// the newest snapshot (highest rev) wins, so a late answer never turns a finished replay back into "running".
import type { ReplayStatus } from '../../../../shared/contract/captures.contract';

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
