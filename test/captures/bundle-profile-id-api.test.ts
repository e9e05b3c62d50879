import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../../electron/services/backend';
import { MemorySecretStore } from '../../electron/services/core/secret-store';
import { encodeHeader, encodeRecord, makeHeader, messageRecord } from '../../shared/capture/capture-encoder';

// Through the API: a support bundle never shows the profile id (it names the sender's keychain entries), even
// with pseudonyms turned off.
let dir: string;
let backend: Backend;
const profileId = crypto.randomUUID();

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-bundle-pid-'));
  backend = await startBackend({ host: 'test', dataDir: dir, secrets: new MemorySecretStore(), sandbox: false });
  fs.mkdirSync(path.join(dir, 'captures'));
  const header = makeHeader({
    appVersion: 't',
    os: 't',
    createdAt: 1,
    profile: { id: profileId, kind: 'mqtt', name: 'Line 3', host: 'broker.example', port: 1883 },
    connection: { connectionId: 'c', protocol: 'mqtt' },
  });
  fs.writeFileSync(
    path.join(dir, 'captures', 'with-profile.fscap'),
    encodeHeader(header) +
      encodeRecord(
        messageRecord({ connectionId: 'c', protocol: 'mqtt', arrivedAt: 2, topic: `cfg/${profileId}`, payload: Buffer.from(`{"profile":"${profileId}"}`) }),
      ) +
      encodeRecord({ type: 'end', at: 3, messages: 1 }),
  );
});
afterAll(async () => {
  await backend?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('support bundles through the backend', () => {
  for (const pseudonymise of [true, false]) {
    it(`replace the profile id everywhere (pseudonymise: ${pseudonymise})`, async () => {
      const info = await backend.call('captures.open', { file: 'with-profile.fscap' });
      const made = await backend.call('captures.createBundle', { captureId: info.captureId, pseudonymise, file: `bundle-${pseudonymise}.fsbundle` });
      const text = zlib.gunzipSync(fs.readFileSync(made.file)).toString('utf8');
      expect(text).not.toContain(profileId);
      expect(text).toContain('profile-1');
      expect(made.preview.pseudonyms).toContainEqual(expect.objectContaining({ kind: 'profileId', pseudonym: 'profile-1' }));
      await backend.call('captures.close', { captureId: info.captureId });
    });
  }
});
