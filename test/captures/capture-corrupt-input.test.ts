import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHeader, encodeRecord, makeHeader, messageRecord } from '../../shared/capture/capture-encoder';
import { CaptureFormatError } from '../../shared/capture/capture-parser';
import { readCaptureFile } from '../../electron/services/captures/capture-reader';
import { runCli } from './cli-helpers';

let dir: string;
const header = makeHeader({ appVersion: '0.1.0', os: 'test', createdAt: 1, connection: { connectionId: 'c', protocol: 'mqtt' } });
function capture(n: number): string {
  let t = encodeHeader(header);
  for (let i = 0; i < n; i++)
    t += encodeRecord(
      messageRecord({ connectionId: 'c', protocol: 'mqtt', arrivedAt: 1000 + i, topic: `t/${i}`, payload: Buffer.from(`payload number ${i} `.repeat(5)) }),
    );
  return t + encodeRecord({ type: 'end', at: 99_999, messages: n });
}
async function open(file: string) {
  let count = 0;
  const progress: number[] = [];
  const summary = await readCaptureFile(file, {
    onRecord: (r) => r.type === 'msg' && count++,
    onProgress: (p) => progress.push(p.bytesRead),
    progressIntervalMs: 0,
  });
  return { summary, count, progress };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-corrupt-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('damaged capture files open up to the damage', () => {
  it('truncated plain file: reads everything before the cut and names the line', async () => {
    const text = capture(1000);
    const file = path.join(dir, 'cut.fscap');
    fs.writeFileSync(file, text.slice(0, Math.floor(text.length * 0.6)));
    const { summary, count, progress } = await open(file);
    expect(count).toBeGreaterThan(500);
    expect(count).toBeLessThan(1000);
    expect(summary.truncatedLastLine?.line).toBe(count + 2);
    expect(summary.warnings.map((w) => w.code)).toContain('truncated-last-line');
    expect(progress.at(-1)).toBe(fs.statSync(file).size);
  });

  it('truncated gzip file: reads what inflates and says the compressed data ends early', async () => {
    const gz = zlib.gzipSync(capture(5000));
    const file = path.join(dir, 'cut.fscap.gz');
    fs.writeFileSync(file, gz.subarray(0, Math.floor(gz.length * 0.5)));
    const { summary, count } = await open(file);
    expect(count).toBeGreaterThan(1000);
    expect(count).toBeLessThan(5000);
    expect(summary.warnings.map((w) => w.code)).toContain('compressed-data-truncated');
  });

  it('complete gzip file: no warning', async () => {
    const file = path.join(dir, 'ok.ndjson.gz');
    fs.writeFileSync(file, zlib.gzipSync(capture(300)));
    const { summary, count } = await open(file);
    expect(count).toBe(300);
    expect(summary.warnings).toEqual([]);
  });

  it('garbage lines in the middle: skipped with line numbers, the rest read', async () => {
    const lines = capture(100).split('\n');
    lines.splice(10, 0, '\u0000\u0001binary junk');
    lines.splice(50, 0, '{"type":"msg","at":5,"topic":"x","payload":"not base64!"}');
    const file = path.join(dir, 'garbage.fscap');
    fs.writeFileSync(file, lines.join('\n'));
    const { summary, count } = await open(file);
    expect(count).toBe(100);
    expect(summary.garbage.lines).toEqual([11]);
    expect(summary.invalid.lines).toEqual([51]);
  });

  it('newer format version: read with a warning; foreign and empty files: a clear error', async () => {
    const newer = path.join(dir, 'v2.fscap');
    fs.writeFileSync(newer, capture(3).replace('"version":1', '"version":2'));
    const { summary, count } = await open(newer);
    expect(count).toBe(3);
    expect(summary.warnings[0]!.message).toMatch(/format version 2/);

    const foreign = path.join(dir, 'photo.fscap');
    fs.writeFileSync(foreign, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]));
    await expect(open(foreign)).rejects.toThrow(CaptureFormatError);
    await expect(open(foreign)).rejects.toThrow(/not a Fieldscope capture/);
    const empty = path.join(dir, 'empty.fscap');
    fs.writeFileSync(empty, '');
    await expect(open(empty)).rejects.toThrow(/empty/);
    await expect(open(path.join(dir, 'missing.fscap'))).rejects.toThrow(/no such file/);
  });

  it('the CLI reports damage as warnings and a foreign file as an error, without a stack trace', async () => {
    const bad = path.join(dir, 'photo.fscap');
    const r1 = runCli(['replay', bad, '--to', 'mqtt://127.0.0.1:1', '--speed', '0']);
    const e1 = await r1.exited;
    expect(e1.code).toBe(1);
    expect(r1.stderr.join('')).toMatch(/fieldscope replay: This is not a Fieldscope capture/);
    expect(r1.stderr.join('')).not.toMatch(/\n\s+at /);
    const r2 = runCli(['replay', path.join(dir, 'cut.fscap'), '--to', 'mqtt://127.0.0.1:1', '--speed', '0']);
    await r2.exited;
    expect(r2.stderr.join('')).toMatch(/warning: The file ends in the middle of a record/);
    expect(r2.stderr.join('')).toMatch(/cannot connect to mqtt:\/\/127.0.0.1:1/);
  });
});
