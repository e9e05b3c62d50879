import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHeader, encodeRecord, makeHeader, messageRecord } from '../../shared/capture/capture-encoder';
import { startBackend, type Backend } from '../../electron/services/backend';
import { readCaptureFile } from '../../electron/services/captures/capture-reader';
import { MemorySecretStore } from '../../electron/services/core/secret-store';

const N = 1_000_000;
let dir: string;
let file: string;
let backend: Backend;

/** Inspector-like traffic: JSON telemetry of varying size on a few hundred topics. */
function writeBigCapture() {
  const fd = fs.openSync(file, 'w');
  const base = 1_700_000_000_000;
  let buf = encodeHeader(makeHeader({ appVersion: 'bench', os: 'bench', createdAt: base, connection: { connectionId: 'c', protocol: 'mqtt' } }));
  for (let i = 0; i < N; i++) {
    const payload = Buffer.from(
      `{"seq":${i},"temp":${(20 + (i % 100) / 10).toFixed(1)},"status":"ok"${i % 10 === 0 ? ',"note":"every tenth message carries a longer note field"' : ''}}`,
    );
    buf += encodeRecord(
      messageRecord(
        { connectionId: 'c', protocol: 'mqtt', arrivedAt: base + i, topic: `plant/line${i % 20}/dev${i % 300}/telemetry`, payload, qos: 1, retain: false },
        i + 1,
        payload.toString('base64'),
      ),
    );
    if (buf.length > 4 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf + encodeRecord({ type: 'end', at: base + N, messages: N }));
  fs.closeSync(fd);
}

describe('a 1,000,000-message capture', () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-1m-'));
    file = path.join(dir, 'million.fscap');
    writeBigCapture();
    backend = await startBackend({ host: 'test', dataDir: dir, secrets: new MemorySecretStore(), sandbox: false, storeCapacity: N });
  }, 120_000);
  afterAll(async () => {
    await backend?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('streams through the reader with progress (figure printed, not asserted)', async () => {
    let msgs = 0;
    let progressCalls = 0;
    const t0 = performance.now();
    const summary = await readCaptureFile(file, { onRecord: (r) => r.type === 'msg' && msgs++, onProgress: () => progressCalls++ });
    const ms = performance.now() - t0;
    console.log(`read 1M-message capture (${(fs.statSync(file).size / 1e6).toFixed(0)} MB): ${ms.toFixed(0)} ms parse only`);
    expect(msgs).toBe(N);
    expect(summary.warnings).toEqual([]);
    expect(progressCalls).toBeGreaterThan(1);
  }, 120_000);

  it('opens into the message store so the inspector pages it (figure printed, not asserted)', async () => {
    const events: number[] = [];
    backend.events.on('captures.progress', (p) => events.push(p.bytesRead));
    const t0 = performance.now();
    const info = await backend.call('captures.open', { file });
    const ms = performance.now() - t0;
    console.log(`captures.open of 1M messages into the store: ${ms.toFixed(0)} ms (${info.openMs} ms in the service), ${events.length} progress events`);
    expect(info.messages).toBe(N);
    expect(info.stored).toBe(N);
    const page = await backend.call('messages.page', { filter: { connectionIds: [info.connectionId], topicFilter: 'plant/line3/#' }, offset: 0, limit: 10 });
    expect(page.total).toBe(N / 20);
    expect(events.length).toBeGreaterThan(5);
  }, 120_000);
});
