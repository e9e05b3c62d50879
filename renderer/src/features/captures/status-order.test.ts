import { describe, expect, it } from 'vitest';
import type { RecordingStatus, ReplayStatus } from '../../../../shared/contract/captures.contract';
import { withRecording, withReplay, withReplayList } from './status-order';

function snap(rev: number, over: Partial<ReplayStatus> = {}): ReplayStatus {
  return {
    replayId: 'replay1',
    captureId: 'cap1',
    target: 'sandbox',
    state: 'running',
    sent: 0,
    total: 15,
    skipped: 0,
    errors: 0,
    startedAt: 1,
    position: 0,
    span: 10,
    speed: 0,
    rev,
    ...over,
  };
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

function rec(over: Partial<RecordingStatus> = {}): RecordingStatus {
  return { connectionId: 'c1', file: '/d/c1.fscap', gzip: false, startedAt: 100, bytes: 10, messages: 1, active: true, ...over };
}

describe('recording status ordering', () => {
  it('an "active" event sent before the stop does not undo the stop answer that overtook it', () => {
    const stopped = rec({ active: false, stoppedAt: 200, messages: 9 });
    const m = withRecording(withRecording({}, stopped), rec({ messages: 8 }));
    expect(m.c1).toEqual(stopped);
  });

  it('a new recording of the same connection (another start) replaces the stopped one', () => {
    const m = withRecording({ c1: rec({ active: false, stoppedAt: 200 }) }, rec({ startedAt: 300, file: '/d/c1-2.fscap' }));
    expect(m.c1).toMatchObject({ active: true, startedAt: 300 });
  });

  it('progress of an active recording and its stop are taken', () => {
    let m = withRecording({}, rec());
    m = withRecording(m, rec({ messages: 5 }));
    expect(m.c1!.messages).toBe(5);
    m = withRecording(m, rec({ active: false, messages: 6, stoppedAt: 250 }));
    expect(m.c1).toMatchObject({ active: false, messages: 6 });
  });
});
