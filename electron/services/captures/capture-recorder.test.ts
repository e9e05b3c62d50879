/**
 * The recorder's durability rule on a manual clock: a recorded line reaches the file within writeIntervalMs
 * (so kill -9 loses at most that), and with gzip a readable block is cut every syncIntervalMs (so a cut-off
 * .fscap.gz loses at most about a second). What a real kill -9 leaves is test/captures/capture-crash-safety.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { makeHeader } from '../../../shared/capture/capture-encoder';
import { ManualClock } from '../../../test/support/manual-clock';
import { CaptureRecorder } from './capture-recorder';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-recorder-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const header = makeHeader({ appVersion: 'test', os: 'test', createdAt: 0, connection: { connectionId: 'c', protocol: 'mqtt' } });
const msg = (i: number) => ({ connectionId: 'c', protocol: 'mqtt' as const, arrivedAt: i, topic: `t/${i}`, payload: Buffer.from([i]) });
const msgLines = (text: string) => text.split('\n').filter((l) => l.includes('"type":"msg"')).length;
/** Inflates what a cut-off gzip file holds so far (what a reader after a crash gets). */
const inflatedSoFar = (file: string) => {
  const raw = fs.readFileSync(file);
  return raw.length ? zlib.gunzipSync(raw, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString() : '';
};

describe('capture recorder timing (manual clock)', () => {
  it('writes each line to the file within writeIntervalMs, not before the next tick', async () => {
    const clock = new ManualClock(0);
    const file = path.join(dir, 'plain.fscap');
    const rec = CaptureRecorder.create({ file, header, clock, writeIntervalMs: 200 });
    rec.recordMessage(msg(1));
    expect(msgLines(fs.readFileSync(file, 'utf8'))).toBe(0);
    clock.advance(199);
    expect(msgLines(fs.readFileSync(file, 'utf8'))).toBe(0);
    clock.advance(1);
    expect(msgLines(fs.readFileSync(file, 'utf8'))).toBe(1);
    for (let i = 2; i <= 10; i++) {
      rec.recordMessage(msg(i));
      clock.advance(200);
      expect(msgLines(fs.readFileSync(file, 'utf8'))).toBe(i);
    }
    await rec.stop();
    expect(clock.timers).toBe(0);
  });

  it('with gzip, cuts a readable block every syncIntervalMs', async () => {
    const clock = new ManualClock(0);
    const file = path.join(dir, 'sync.fscap.gz');
    const rec = CaptureRecorder.create({ file, header, clock, gzip: true, writeIntervalMs: 200, syncIntervalMs: 1000 });
    rec.recordMessage(msg(1));
    clock.advance(999);
    await new Promise((r) => setImmediate(r));
    expect(msgLines(inflatedSoFar(file))).toBe(0);
    clock.advance(1);
    // zlib's flush completes on the thread pool: liveness wait, the rule is that it was asked at 1000 ms.
    for (let i = 0; msgLines(inflatedSoFar(file)) < 1; i++) {
      if (i > 600) throw new Error('liveness: the sync-flushed block never reached the file');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(msgLines(inflatedSoFar(file))).toBe(1);
    await rec.stop();
  });
});
