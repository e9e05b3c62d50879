/** decoders.* through the backend API: rules by topic filter, remembered, exact output, errors with offsets. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encode as msgpackEncode } from '@msgpack/msgpack';
import { gzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../../electron/services/backend';
import { MemorySecretStore } from '../../electron/services/core/secret-store';

const open: Backend[] = [];
afterEach(async () => {
  for (const b of open.splice(0)) await b.dispose();
});
async function start(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-dec-'))) {
  const b = await startBackend({ host: 'test', dataDir, secrets: new MemorySecretStore(), sandbox: false });
  open.push(b);
  return {
    b,
    dataDir,
    ingest: (topic: string, payload: Uint8Array) =>
      b.services.get('messages').ingest({ connectionId: 'c1', protocol: 'mqtt', arrivedAt: Date.now(), topic, payload: Buffer.from(payload) }),
  };
}

describe('decoders.*', () => {
  it('a rule per topic filter decodes exactly and is remembered after a restart', async () => {
    const { b, dataDir, ingest } = await start();
    const seq = ingest('dev/7/state', msgpackEncode({ id: 18446744073709551615n, ok: true }, { useBigInt64: true }));
    expect(await b.call('decoders.decode', { seq })).toBeNull();
    await b.call('decoders.setRule', { topicFilter: 'dev/+/state', decoder: 'msgpack' });
    const r = await b.call('decoders.decode', { seq });
    expect(r).toEqual({ decoder: 'msgpack', topicFilter: 'dev/+/state', ok: true, json: '{\n  "id": 18446744073709551615,\n  "ok": true\n}' });
    await b.dispose();
    open.splice(0);
    const again = await start(dataDir);
    expect(await again.b.call('decoders.rules', {})).toEqual([{ topicFilter: 'dev/+/state', decoder: 'msgpack' }]);
  });

  it('undecodable bytes answer with the reason and the byte offset', async () => {
    const { b, ingest } = await start();
    const seq = ingest('x', Uint8Array.from([0x81, 0xa1, 0x61, 0xd9, 0xc8, 0x41]));
    const r = await b.call('decoders.decode', { seq, rule: { topicFilter: 'x', decoder: 'msgpack' } });
    expect(r).toMatchObject({ ok: false, offset: 5, error: expect.stringMatching(/needs 200 bytes/) });
  });

  it('picks Sparkplug B from the topic and gzip from the bytes without a rule', async () => {
    const { b, ingest } = await start();
    const sp = ingest('spBv1.0/g/NDATA/edge', Uint8Array.from([0x18, 0x03]));
    expect(await b.call('decoders.decode', { seq: sp })).toMatchObject({ decoder: 'sparkplug', topicFilter: null, ok: true, json: '{\n  "seq": 3\n}' });
    const text = '{"big":12345678901234567890,"x":1.50}';
    const gz = ingest('zipped', gzipSync(new TextEncoder().encode(text)));
    expect(await b.call('decoders.decode', { seq: gz })).toMatchObject({ decoder: 'compressed-json', ok: true, json: text });
  });

  it("protobuf with the user's .proto files; a JS transform with a time limit", async () => {
    const { b, ingest } = await start();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-proto-'));
    fs.writeFileSync(path.join(dir, 'm.proto'), 'syntax = "proto3"; package m; message M { int64 n = 1; }');
    const seq = ingest('pb/1', Uint8Array.from([0x08, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10]));
    await b.call('decoders.setRule', { topicFilter: 'pb/#', decoder: 'protobuf', protoFiles: [path.join(dir, 'm.proto')], typeName: 'm.M' });
    expect(await b.call('decoders.decode', { seq })).toMatchObject({ ok: true, json: '{\n  "n": 9007199254740993\n}' });
    await expect(b.call('decoders.setRule', { topicFilter: 'pb2/#', decoder: 'protobuf' })).rejects.toThrow(/needs at least one .proto file/);

    const js = await b.call('decoders.decode', {
      seq,
      rule: { topicFilter: 'pb/#', decoder: 'js-transform', script: 'return { bytes: payload.length, topic };' },
    });
    expect(js).toMatchObject({ ok: true, json: '{\n  "bytes": 9,\n  "topic": "pb/1"\n}' });
    const loop = await b.call('decoders.decode', { seq, rule: { topicFilter: 'pb/#', decoder: 'js-transform', script: 'for(;;){}' } });
    expect(loop).toMatchObject({ ok: false, error: expect.stringMatching(/The transform failed/) });
    // The backend still answers at once after a stopped transform.
    expect(await b.call('decoders.rules', {})).toHaveLength(1);
  });
});
