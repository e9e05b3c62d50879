/**
 * The replay schedule as rules, on a manual clock: each message is handed over at its recorded offset ÷ speed
 * from the start (never early), a late hand-over is not carried into the next (no drift), a pause shifts the
 * rest of the schedule by exactly its length, stop ends it. How closely a real, loaded machine keeps the
 * schedule is a figure of `npm run bench:replay`, not an assertion.
 */
import { describe, expect, it } from 'vitest';
import { messageRecord } from '../../../shared/capture/capture-encoder';
import type { CaptureRecord } from '../../../shared/capture/capture-format';
import { ManualClock } from '../../../test/support/manual-clock';
import { Replayer, type ReplayMessage } from './replayer';

/** Irregular gaps (100–1000 ms), deterministic. */
function recordedTimes(n: number): number[] {
  const ats: number[] = [];
  let t = 1_700_000_000_000;
  let seed = 7;
  for (let i = 0; i < n; i++) {
    ats.push(t);
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    t += 100 + (seed % 901);
  }
  return ats;
}

async function* records(ats: number[]): AsyncIterable<CaptureRecord> {
  for (const [i, at] of ats.entries()) yield messageRecord({ connectionId: 'c', protocol: 'mqtt', arrivedAt: at, topic: `t/${i}`, payload: Buffer.from([i]) });
}

/** Moves the manual clock 1 ms per event-loop turn (the replayer's last stretch waits in loop turns). */
async function drive(clock: ManualClock, until: () => boolean, maxMs = 200_000): Promise<void> {
  for (let i = 0; !until(); i++) {
    if (i > maxMs) throw new Error('the replay did not reach the expected point within the virtual time allowed');
    clock.advance(1);
    await new Promise((r) => setImmediate(r));
  }
}

function setup(ats: number[], speed: number, onPublish?: (m: ReplayMessage, k: number) => void) {
  const clock = new ManualClock(0);
  const handed: number[] = [];
  const replayer = new Replayer({
    records: records(ats),
    speed,
    clock,
    target: {
      label: 'test',
      publish: async (m) => {
        handed.push(clock.now());
        onPublish?.(m, handed.length - 1);
      },
    },
  });
  let finished = false;
  void replayer.done.then(() => (finished = true));
  return { clock, handed, replayer, finished: () => finished };
}

describe('replay schedule (manual clock)', () => {
  for (const speed of [1, 2, 0.5]) {
    it(`hands message k over at (at_k − at_0) ÷ ${speed} after the first, never early`, async () => {
      const ats = recordedTimes(40);
      const r = setup(ats, speed);
      await drive(r.clock, r.finished);
      expect((await r.replayer.done).sent).toBe(ats.length);
      const start = r.handed[0]!;
      expect(r.handed.map((t) => t - start)).toEqual(ats.map((at) => Math.ceil((at - ats[0]!) / speed)));
    });
  }

  it('does not carry a late hand-over into the next messages (no drift)', async () => {
    const ats = recordedTimes(20);
    // Message 5's hand-over takes 250 ms of the process's time (a starved machine).
    let clockRef: ManualClock | null = null;
    const r = setup(ats, 1, (_m, k) => k === 5 && clockRef!.advance(250));
    clockRef = r.clock;
    await drive(r.clock, r.finished);
    const start = r.handed[0]!;
    const offsets = r.handed.map((t) => t - start);
    const due = ats.map((at) => at - ats[0]!);
    // Those due while the process was busy go at once; every later one is exactly on its own schedule.
    for (let k = 6; k < ats.length; k++) expect(offsets[k]).toBe(Math.max(due[k]!, due[5]! + 250));
    expect(offsets.slice(6).filter((o, i) => o === due[i + 6]).length).toBeGreaterThan(10);
  });

  it('shifts the rest of the schedule by exactly the pause, sends nothing while paused, and stops', async () => {
    const ats = recordedTimes(20);
    const r = setup(ats, 1);
    await drive(r.clock, () => r.handed.length === 5);
    r.replayer.pause();
    const pausedAt = r.clock.now();
    await drive(r.clock, () => r.clock.now() >= pausedAt + 800);
    expect(r.handed).toHaveLength(5);
    expect(r.replayer.current.state).toBe('paused');
    r.replayer.resume();
    await drive(r.clock, () => r.handed.length === 12);
    const start = r.handed[0]!;
    for (let k = 5; k < 12; k++) expect(r.handed[k]! - start).toBe(ats[k]! - ats[0]! + 800);
    r.replayer.stop();
    const st = await r.replayer.done;
    expect(st.state).toBe('stopped');
    expect(st.sent).toBe(12);
  });
});
