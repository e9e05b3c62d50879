import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../electron/services/backend';
import { MemorySecretStore } from '../electron/services/core/secret-store';

const open: Backend[] = [];
afterEach(async () => {
  for (const b of open.splice(0)) await b.dispose();
});

describe('diff.previousOnTopic', () => {
  it('finds the newest earlier message on the same topic and connection', async () => {
    const b = await startBackend({
      host: 'test',
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'fs-diff-')),
      secrets: new MemorySecretStore(),
      sandbox: false,
    });
    open.push(b);
    const m = b.services.get('messages');
    const put = (conn: string, topic: string) => m.ingest({ connectionId: conn, protocol: 'mqtt', arrivedAt: Date.now(), topic, payload: Buffer.from('{}') });
    const first = put('c1', 'a');
    put('c1', 'b');
    put('c2', 'a');
    const last = put('c1', 'a');
    expect(await b.call('diff.previousOnTopic', { seq: last })).toEqual({ seq: first });
    expect(await b.call('diff.previousOnTopic', { seq: first })).toEqual({ seq: null });
    await expect(b.call('diff.previousOnTopic', { seq: 999_999 })).rejects.toThrow(/no longer in the store/);
  });
});
