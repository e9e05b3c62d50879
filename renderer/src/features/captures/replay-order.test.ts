import { describe, expect, it } from 'vitest';
import type { ReplayStatus } from '../../../../shared/contract/captures.contract';
import { withReplay, withReplayList } from './replay-order';

function snap(rev: number, over: Partial<ReplayStatus> = {}): ReplayStatus {
  return { replayId: 'replay1', captureId: 'cap1', target: 'sandbox', state: 'running', sent: 0, total: 15, skipped: 0, errors: 0, startedAt: 1, position: 0, span: 10, speed: 0, rev, ...over };
}

describe('replay status ordering', () => {
  it('a start answer arriving after the "done" event does not turn the replay back to running', () => {
    const done = snap(3, { state: 'done', sent: 15 });
    let m = withReplay({}, snap(2)); // first progress event
    m = withReplay(m, done);
    m = withReplay(m, snap(1)); // the answer to captures.replay, taken before both
    expect(m.replay1).toEqual(done);
  });

  it('takes a newer snapshot, whichever channel it came by', () => {
    const m = withReplay(withReplay({}, snap(1)), snap(4, { state: 'paused', sent: 7 }));
    expect(m.replay1).toMatchObject({ state: 'paused', sent: 7, rev: 4 });
  });

  it('keeps other replays untouched', () => {
    const other = snap(9, { replayId: 'replay2', state: 'done' });
    const m = withReplay({ replay2: other }, snap(1));
    expect(Object.keys(m).sort()).toEqual(['replay1', 'replay2']);
    expect(m.replay2).toBe(other);
  });

  it('a listed snapshot older than the held one keeps the held one; unlisted replays go', () => {
    const held = { replay1: snap(5, { state: 'done', sent: 15 }), gone: snap(2, { replayId: 'gone' }) };
    const m = withReplayList(held, [snap(3), snap(1, { replayId: 'replay3' })]);
    expect(m).toEqual({ replay1: held.replay1, replay3: snap(1, { replayId: 'replay3' }) });
    expect(withReplayList(held, [snap(6, { state: 'done', sent: 15 })]).replay1!.rev).toBe(6);
  });
});
