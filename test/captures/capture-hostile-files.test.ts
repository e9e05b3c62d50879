import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../../electron/services/backend';
import { captureRecords } from '../../electron/services/captures/capture-reader';
import { MemorySecretStore } from '../../electron/services/core/secret-store';
import { encodeHeader, encodeRecord, makeHeader, messageRecord } from '../../shared/capture/capture-encoder';
import { CaptureFormatError } from '../../shared/capture/capture-parser';

/**
 * Captures and support bundles travel between customers and support, so a file is input from outside: one
 * crafted .fscap.gz must not cost minutes of CPU or gigabytes of memory. Each hostile file is built here and
 * opened through the backend API; the answer is a structured refusal with the reason and the line.
 */
const MiB = 1024 * 1024;
let dir: string;
let backend: Backend;
let small: Backend;
const header = encodeHeader(makeHeader({ appVersion: 'test', os: 'test', createdAt: 1, connection: { connectionId: 'c', protocol: 'mqtt' } }));

function records(n: number, payloadBytes = 60): string {
  let t = '';
  for (let i = 0; i < n; i++) {
    const payload = Buffer.from(`{"seq":${i},"temp":${20 + (i % 10)},"pad":"${'x'.repeat(Math.max(0, payloadBytes - 30))}"}`);
    t += encodeRecord(
      messageRecord({ connectionId: 'c', protocol: 'mqtt', arrivedAt: 1000 + i, topic: `plant/line${i % 20}/dev${i % 300}/telemetry`, payload, qos: 1 }),
    );
  }
  return t;
}

/** Streams parts through gzip into a file (never the whole text in memory). */
async function writeGzip(file: string, parts: () => Iterable<string | Buffer>) {
  await pipeline(
    function* () {
      yield* parts();
    },
    zlib.createGzip({ level: 6 }),
    fs.createWriteStream(file),
  );
}

type Answer = Awaited<ReturnType<Backend['dispatch']>>;
function refusal(a: Answer) {
  if (a.ok) throw new Error(`expected a refusal, the file opened: ${JSON.stringify(a.value).slice(0, 300)}`);
  return a.error;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-hostile-files-'));
  backend = await startBackend({ host: 'test', dataDir: path.join(dir, 'default'), secrets: new MemorySecretStore(), sandbox: false });
  // The same backend with small configured limits (the limits are options of the backend).
  small = await startBackend({
    host: 'test',
    dataDir: path.join(dir, 'small'),
    secrets: new MemorySecretStore(),
    sandbox: false,
    captureLimits: { maxDecompressedBytes: 4 * MiB, maxLineChars: 64 * 1024 },
  });
});
afterAll(async () => {
  await backend?.dispose();
  await small?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('capture files from outside are bounded', () => {
  it('a .fscap.gz holding one 128 MiB line is refused at that line (default limits), keeping nothing', async () => {
    const file = path.join(dir, 'one-huge-line.fscap.gz');
    const chunk = 'A'.repeat(MiB);
    await writeGzip(file, function* () {
      yield header;
      yield encodeRecord(messageRecord({ connectionId: 'c', protocol: 'mqtt', arrivedAt: 5, topic: 'before/it', payload: Buffer.from('kept?') }));
      yield '{"type":"msg","at":1,"topic":"t","payload":"';
      for (let i = 0; i < 128; i++) yield chunk;
      yield '"}\n';
    });
    expect(fs.statSync(file).size).toBeLessThan(1024 * 1024);
    const err = refusal(await backend.dispatch('captures.open', { file }));
    expect(err.code).toBe('capture-line-too-long');
    expect(err.message).toMatch(/line 3 is longer than 16,777,216 characters/);
    expect(err.message).not.toContain('AAAA');
    expect(err.hint).toBeTruthy();
    // Nothing of the refused file stays: not as an open capture, not as inspector rows.
    expect((await backend.call('captures.list', {})).open).toEqual([]);
    expect((await backend.call('messages.page', { filter: {}, offset: 0, limit: 10 })).total).toBe(0);
  }, 120_000);

  it('a gzip bomb (1 MB inflating to 1 GiB) is refused by its compression ratio long before the end (default limits)', async () => {
    const file = path.join(dir, 'bomb.fscap.gz');
    const member = zlib.gzipSync(Buffer.alloc(64 * MiB, 0x0a), { level: 9 });
    // Concatenated gzip members are one valid gzip stream: a header, then 16 x 64 MiB of newlines.
    fs.writeFileSync(file, Buffer.concat([zlib.gzipSync(header), ...Array<Buffer>(16).fill(member)]));
    expect(fs.statSync(file).size).toBeLessThan(2 * MiB);
    const err = refusal(await backend.dispatch('captures.open', { file }));
    expect(err.code).toBe('capture-too-compressed');
    expect(err.message).toMatch(/more than 100 times\), at line \d+/);
    expect((await backend.call('captures.list', {})).open).toEqual([]);
  }, 120_000);

  it('a file over the configured decompressed size is refused with the line where the limit was reached', async () => {
    const file = path.join(dir, 'large.fscap.gz');
    await writeGzip(file, function* () {
      yield header;
      for (let i = 0; i < 40; i++) yield records(1000);
    });
    const err = refusal(await small.dispatch('captures.open', { file }));
    expect(err.code).toBe('capture-too-large');
    const line = Number(/at line (\d+)/.exec(err.message)?.[1]);
    expect(line).toBeGreaterThan(1000);
    expect(line).toBeLessThan(40_000);
    expect((await small.call('messages.page', { filter: {}, offset: 0, limit: 10 })).total).toBe(0);
    // The same file is within the defaults.
    const ok = await backend.call('captures.open', { file });
    expect(ok.messages).toBe(40_000);
    await backend.call('captures.close', { captureId: ok.captureId });
  }, 120_000);

  it('a configured line limit refuses a plain file too, and replay/bundle iteration is bounded the same way', async () => {
    const file = path.join(dir, 'long-line.fscap');
    fs.writeFileSync(file, header + records(10) + `{"type":"mark","at":1,"label":"${'L'.repeat(100_000)}"}\n` + records(10));
    const err = refusal(await small.dispatch('captures.open', { file }));
    expect(err.code).toBe('capture-line-too-long');
    expect(err.message).toMatch(/line 12 is longer than 65,536 characters/);
    const it = captureRecords(file, { maxLineChars: 64 * 1024 });
    let n = 0;
    await expect(
      (async () => {
        for await (const r of it.records) if (r.type === 'msg') n++;
      })(),
    ).rejects.toThrow(CaptureFormatError);
    expect(n).toBeLessThanOrEqual(10);
  });

  it('a valid capture with a million-message shape and a 6 MB payload still opens under the default limits', async () => {
    const file = path.join(dir, 'valid.fscap.gz');
    const big = Buffer.alloc(6 * MiB, 7);
    await writeGzip(file, function* () {
      yield header;
      for (let i = 0; i < 50; i++) yield records(1000);
      yield encodeRecord(messageRecord({ connectionId: 'c', protocol: 'mqtt', arrivedAt: 99_000, topic: 'big/one', payload: big }));
      yield encodeRecord({ type: 'end', at: 99_999, messages: 50_001 });
    });
    const info = await backend.call('captures.open', { file });
    expect(info.messages).toBe(50_001);
    expect(info.warnings).toEqual([]);
    const page = await backend.call('messages.page', { filter: { connectionIds: [info.connectionId], topicFilter: 'big/#' }, offset: 0, limit: 1 });
    const d = await backend.call('messages.detail', { seq: page.rows[0]!.seq });
    expect(Buffer.from(d!.payloadBase64, 'base64').equals(big)).toBe(true);
    await backend.call('captures.close', { captureId: info.captureId });
  }, 120_000);
});
