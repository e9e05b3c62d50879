import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/services/backend';
import { MemorySecretStore } from '../../electron/services/core/secret-store';
import { secretAccount } from '../../electron/services/profiles/profile-service';
import { backendAt, mqttDraft, tempDataDir } from './profile-helpers';

const open: Backend[] = [];
async function start(dataDir = tempDataDir(), secrets = new MemorySecretStore()) {
  const b = await backendAt(dataDir, secrets);
  open.push(b);
  return { b, dataDir, secrets };
}
afterEach(async () => {
  for (const b of open.splice(0)) await b.dispose();
});

describe('profiles CRUD', () => {
  it('creates a profile with a new id, lists it, and keeps it across a restart', async () => {
    const { b, dataDir } = await start();
    expect(await b.call('profiles.list', {})).toEqual([]);
    const saved = await b.call('profiles.save', { profile: mqttDraft('Broker A') });
    expect(saved.profile.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(saved.profile.name).toBe('Broker A');
    expect(saved.profile).toMatchObject({ transport: 'tcp', keepaliveSec: 60 }); // defaults filled in
    expect(saved.secrets).toEqual({ password: 'unset', clientKey: 'unset' });
    const list = await b.call('profiles.list', {});
    expect(list.map((v) => v.profile.id)).toEqual([saved.profile.id]);

    await b.dispose();
    open.length = 0;
    const { b: again } = await start(dataDir);
    const after = await again.call('profiles.list', {});
    expect(after).toEqual(list);
  });

  it('updates in place, keeps createdAt, and emits profiles.changed', async () => {
    const { b } = await start();
    const saved = await b.call('profiles.save', { profile: mqttDraft('Broker A') });
    const events: string[][] = [];
    b.events.on('profiles.changed', (p) => events.push(p.ids));
    const svc = b.services.get('profiles');
    const heard: string[][] = [];
    const off = svc.onChange((ids) => heard.push(ids));
    const updated = await b.call('profiles.save', { profile: { ...saved.profile, name: 'Broker B', port: 8883 } });
    off();
    expect(updated.profile.id).toBe(saved.profile.id);
    expect(updated.profile.name).toBe('Broker B');
    expect(updated.profile.port).toBe(8883);
    expect(updated.profile.createdAt).toBe(saved.profile.createdAt);
    expect((await b.call('profiles.list', {})).length).toBe(1);
    expect(events).toEqual([[saved.profile.id]]);
    expect(heard).toEqual([[saved.profile.id]]);
    expect(svc.get(saved.profile.id)?.name).toBe('Broker B');
  });

  it('stores secrets in the keychain only, shows them as set, and clears them', async () => {
    const { b, dataDir, secrets } = await start();
    const secret = 'pw-Zx81-only-in-keychain';
    const saved = await b.call('profiles.save', { profile: mqttDraft(), secrets: { password: secret } });
    const id = saved.profile.id;
    expect(saved.secrets.password).toBe('set');
    expect(JSON.stringify(saved)).not.toContain(secret);
    expect(await secrets.get(secretAccount(id, 'password'))).toBe(secret);
    expect(await b.services.get('profiles').getSecret(id, 'password')).toBe(secret);
    const file = fs.readFileSync(path.join(dataDir, 'profiles.json'), 'utf8');
    expect(file).not.toContain(secret);
    expect(file).toContain('"password"'); // only the slot's name

    const cleared = await b.call('profiles.setSecret', { id, slot: 'password', value: null });
    expect(cleared.secrets.password).toBe('unset');
    expect(await secrets.get(secretAccount(id, 'password'))).toBeNull();
  });

  it('ephemeral secrets are served to the main process but never stored', async () => {
    const { b, dataDir, secrets } = await start();
    const svc = b.services.get('profiles');
    const v = await svc.upsert({ kind: 'mqtt', id: 'sandbox-mqtt', name: 'Sandbox', host: '127.0.0.1', port: 1883, sandbox: true });
    expect(v.profile.id).toBe('sandbox-mqtt');
    svc.setEphemeralSecrets('sandbox-mqtt', { password: 'demo-pass-123' });
    expect(await svc.getSecret('sandbox-mqtt', 'password')).toBe('demo-pass-123');
    expect((await b.call('profiles.list', {}))[0].secrets.password).toBe('set');
    expect(await secrets.get(secretAccount('sandbox-mqtt', 'password'))).toBeNull();
    expect(fs.readFileSync(path.join(dataDir, 'profiles.json'), 'utf8')).not.toContain('demo-pass-123');
  });

  it('duplicates with a new id, a new name and copies of its secrets', async () => {
    const { b } = await start();
    const saved = await b.call('profiles.save', { profile: mqttDraft('Prod'), secrets: { password: 'dup-secret-1' } });
    const copy = await b.call('profiles.duplicate', { id: saved.profile.id });
    expect(copy.profile.id).not.toBe(saved.profile.id);
    expect(copy.profile.name).toBe('Prod (copy)');
    expect(copy.profile.host).toBe(saved.profile.host);
    expect(copy.secrets.password).toBe('set');
    expect(await b.services.get('profiles').getSecret(copy.profile.id, 'password')).toBe('dup-secret-1');
    const copy2 = await b.call('profiles.duplicate', { id: saved.profile.id });
    expect(copy2.profile.name).toBe('Prod (copy 2)');
    expect((await b.call('profiles.list', {})).length).toBe(3);
  });

  it('deletes a profile and its secrets', async () => {
    const { b, secrets } = await start();
    const saved = await b.call('profiles.save', { profile: mqttDraft(), secrets: { password: 'gone-soon', clientKey: 'PEM-ish' } });
    const id = saved.profile.id;
    await b.call('profiles.delete', { id });
    expect(await b.call('profiles.list', {})).toEqual([]);
    expect(await secrets.get(secretAccount(id, 'password'))).toBeNull();
    expect(await secrets.get(secretAccount(id, 'clientKey'))).toBeNull();
    const again = await b.dispatch('profiles.delete', { id });
    expect(again).toMatchObject({ ok: false, error: { code: 'profile-not-found' } });
  });

  it('generates client IDs per kind', async () => {
    const { b } = await start();
    const a = await b.call('profiles.generateClientId', { kind: 'mqtt' });
    const c = await b.call('profiles.generateClientId', { kind: 'mqtt' });
    expect(a.clientId).not.toBe(c.clientId);
    expect(a.clientId.length).toBeLessThanOrEqual(23);
    const mq = await b.call('profiles.generateClientId', { kind: 'aliyun-mq' });
    expect(mq.clientId).toMatch(/^[a-z0-9]+$/); // only the device part: no @@@, no group
  });

  it('reads an unset slot without touching the keychain, so a password-less profile works with no keychain', async () => {
    class LockedKeychain extends MemorySecretStore {
      override async get(): Promise<string | null> {
        throw new Error('keychain is locked');
      }
    }
    const { b } = await start(tempDataDir(), new LockedKeychain());
    const saved = await b.call('profiles.save', { profile: mqttDraft('No password') });
    const svc = b.services.get('profiles');
    await expect(svc.getSecret(saved.profile.id, 'password')).resolves.toBeNull();
    // A slot that is set still has to come from the keychain, and its failure is explained.
    await svc.setSecret(saved.profile.id, 'password', 'pw-set-then-locked');
    await expect(svc.getSecret(saved.profile.id, 'password')).rejects.toThrow(/keychain/i);
  });
});
