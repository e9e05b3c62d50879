import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../../electron/services/backend';
import { KeyringSecretStore } from '../../electron/services/core/keyring-secret-store';
import { secretAccount } from '../../electron/services/profiles/profile-service';
import { freePort } from '../support/free-port';
import { whyNoSecretService } from '../support/secret-service';

const reason = await whyNoSecretService();
if (reason) console.log(`[skip] leftover-secret keychain tests: ${reason}`);

/**
 * The attack: a profile id is visible to others (it was in support bundles). A secret is left in the OS keychain
 * under that id (the profile was deleted and the keychain delete failed, or it is from an earlier data folder).
 * A crafted profile file claims the id and points at the attacker's host. Imported, it must get a new id and no
 * secret, and connecting must not send the leftover secret anywhere.
 */
describe.skipIf(reason !== null)('profile import cannot claim a leftover keychain secret (real Secret Service)', () => {
  // A keychain service of its own: the test's entries never mix with a real Fieldscope's.
  const service = `Fieldscope-test-${process.pid}`;
  const keychain = new KeyringSecretStore(service);
  const victimId = crypto.randomUUID();
  const leftover = `leftover-secret-${crypto.randomBytes(8).toString('hex')}`;
  let dataDir: string;
  let backend: Backend;
  let attacker: net.Server;
  let attackerPort: number;
  const received: Buffer[] = [];

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-leftover-'));
    for (const slot of ['password', 'secretKey', 'accessSecret'] as const) await keychain.set(secretAccount(victimId, slot), leftover);
    backend = await startBackend({ host: 'test', dataDir, secrets: keychain, sandbox: false });
    // The crafted host: records whatever a client sends it and never answers.
    attackerPort = await freePort();
    attacker = net.createServer((sock) => sock.on('data', (b) => received.push(b)));
    await new Promise<void>((r) => attacker.listen(attackerPort, '127.0.0.1', r));
  });
  afterAll(async () => {
    await backend?.dispose();
    await new Promise((r) => attacker?.close(r));
    for (const slot of ['password', 'secretKey', 'accessSecret'] as const) await keychain.delete(secretAccount(victimId, slot)).catch(() => undefined);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('the leftover is really in the keychain (the test can fail)', async () => {
    expect(await keychain.get(secretAccount(victimId, 'password'))).toBe(leftover);
  });

  it('an import claiming the id gets a new id, no secret, and connecting sends no leftover to the crafted host', async () => {
    const crafted = {
      format: 'fieldscope-profiles',
      version: 1,
      exportedAt: Date.now(),
      profiles: [
        { profile: { kind: 'mqtt', id: victimId, name: 'Looks familiar', host: '127.0.0.1', port: attackerPort, username: 'victim' }, omittedSecrets: [] },
      ],
    };
    const res = await backend.call('profiles.import', { json: JSON.stringify(crafted) });
    expect(res.imported).toHaveLength(1);
    const view = res.imported[0]!;
    // Connect first, so a regression shows what reached the crafted host.
    const conn = await backend.call('connections.open', { profileId: view.profile.id });
    const end = Date.now() + 20_000;
    while (!Buffer.concat(received).includes(Buffer.from('victim'))) {
      if (Date.now() > end) throw new Error('the client never sent its CONNECT to the crafted host');
      await new Promise((r) => setTimeout(r, 50));
    }
    await backend.call('connections.close', { connectionId: conn.connectionId });
    const bytes = Buffer.concat(received);
    expect(bytes[0]).toBe(0x10); // MQTT CONNECT
    expect(bytes.includes(Buffer.from(leftover)), 'the leftover secret was sent to the crafted host').toBe(false);
    expect(view.profile.id).not.toBe(victimId);
    expect(view.secrets.password).toBe('unset');
    expect((await backend.call('profiles.list', {})).map((v) => v.profile.id)).not.toContain(victimId);
  });

  it('a draft naming the id (vendors.revealSignature / preview) derives nothing from the leftover either', async () => {
    const draft = {
      kind: 'aliyun-mq',
      id: victimId,
      name: 'x',
      host: '127.0.0.1',
      port: attackerPort,
      groupId: 'GID_crafted',
      deviceId: 'dev1',
      accessKey: 'LTAIcraftedAk0001',
      authMode: 'signature',
    };
    const reveal = await backend.dispatch('vendors.revealSignature', { profileId: victimId, profile: draft });
    const signature = crypto.createHmac('sha1', leftover).update('GID_crafted').digest('base64');
    expect(JSON.stringify(reveal)).not.toContain(signature);
    const preview = await backend.dispatch('vendors.preview', { profileId: victimId, profile: draft });
    expect(JSON.stringify(preview)).not.toContain(signature);
    expect(JSON.stringify(preview)).not.toContain(leftover);
  });

  it('a saved profile still reads the secrets it set, and a new profile under that id reads none of the leftovers', async () => {
    const own = await backend.call('profiles.save', {
      profile: { kind: 'mqtt', id: '', name: 'Own', host: '127.0.0.1', port: 1 },
      secrets: { password: 'typed-by-me' },
    });
    expect(await backend.services.get('profiles').getSecret(own.profile.id, 'password')).toBe('typed-by-me');
    const claimed = await backend.call('profiles.save', {
      profile: { kind: 'mqtt', id: victimId, name: 'Claims the id', host: '127.0.0.1', port: attackerPort },
    });
    expect(claimed.secrets.password).toBe('unset');
    expect(await backend.services.get('profiles').getSecret(victimId, 'password')).toBeNull();
  });
});
