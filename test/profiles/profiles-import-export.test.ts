import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/services/backend';
import { ProfileExportFile } from '../../shared/contract/profiles.contract';
import { backendAt, mqttDraft, tempDataDir } from './profile-helpers';

const open: Backend[] = [];
async function start() {
  const b = await backendAt(tempDataDir());
  open.push(b);
  return b;
}
afterEach(async () => {
  for (const b of open.splice(0)) await b.dispose();
});

describe('profiles import / export', () => {
  it('exports without any secret value, naming each omitted slot, and imports elsewhere asking for them', async () => {
    const a = await start();
    const password = 'export-must-not-hold-this-7Qp';
    const key = '-----BEGIN PRIVATE KEY-----\nnot-a-real-key-9xZ\n-----END PRIVATE KEY-----';
    const p1 = await a.call('profiles.save', { profile: mqttDraft('With secrets', { transport: 'tls', port: 8883 }), secrets: { password, clientKey: key } });
    const p2 = await a.call('profiles.save', {
      profile: {
        kind: 'aliyun-mq',
        id: '',
        name: 'MQ',
        host: 'x.mqtt.aliyuncs.com',
        port: 1883,
        groupId: 'GID_test01',
        deviceId: 'dev1',
        accessKey: 'LTAIexample',
      },
      secrets: { secretKey: 'sk-must-not-leak-4Hh' },
    });
    await a.call('profiles.save', { profile: mqttDraft('No secrets') });

    const { json, omitted } = await a.call('profiles.export', {});
    expect(json).not.toContain(password);
    expect(json).not.toContain('not-a-real-key-9xZ');
    expect(json).not.toContain('sk-must-not-leak-4Hh');
    expect(omitted).toBe(3);
    const file = ProfileExportFile.parse(JSON.parse(json));
    expect(file.profiles).toHaveLength(3);
    const e1 = file.profiles.find((p) => p.profile.id === p1.profile.id)!;
    expect(e1.omittedSecrets.sort()).toEqual(['clientKey', 'password']);
    expect(e1.profile).toEqual(p1.profile);

    const only = await a.call('profiles.export', { ids: [p2.profile.id] });
    expect(ProfileExportFile.parse(JSON.parse(only.json)).profiles.map((p) => p.profile.id)).toEqual([p2.profile.id]);
    expect(only.omitted).toBe(1);

    // Into a fresh app: new ids (an id in a file proves nothing), no secrets, and the import says which ones to ask for.
    const b = await start();
    const res = await b.call('profiles.import', { json });
    expect(res.imported.map((v) => v.profile.name).sort()).toEqual(['MQ', 'No secrets', 'With secrets']);
    const imp1 = res.imported.find((v) => v.profile.name === 'With secrets')!;
    const imp2 = res.imported.find((v) => v.profile.name === 'MQ')!;
    expect(imp1.profile.id).not.toBe(p1.profile.id);
    expect(imp1.profile).toEqual({ ...p1.profile, id: imp1.profile.id, updatedAt: imp1.profile.updatedAt });
    expect(imp1.secrets).toEqual({ password: 'unset', clientKey: 'unset' });
    expect(res.needSecrets).toContainEqual({ id: imp1.profile.id, slots: expect.arrayContaining(['password', 'clientKey']) });
    expect(res.needSecrets).toContainEqual({ id: imp2.profile.id, slots: ['secretKey'] });
    expect(res.needSecrets).toHaveLength(2);
    // Giving the secret afterwards completes the profile.
    const done = await b.call('profiles.setSecret', { id: imp2.profile.id, slot: 'secretKey', value: 'typed-by-user' });
    expect(done.secrets.secretKey).toBe('set');
    expect(await b.services.get('profiles').getSecret(imp2.profile.id, 'secretKey')).toBe('typed-by-user');
  });

  it('gives imported profiles new ids when their ids are taken, and keeps the originals', async () => {
    const a = await start();
    const p = await a.call('profiles.save', { profile: mqttDraft('Same'), secrets: { password: 'orig' } });
    const { json } = await a.call('profiles.export', {});
    const res = await a.call('profiles.import', { json });
    expect(res.imported).toHaveLength(1);
    expect(res.imported[0].profile.id).not.toBe(p.profile.id);
    expect(res.needSecrets).toEqual([{ id: res.imported[0].profile.id, slots: ['password'] }]);
    const list = await a.call('profiles.list', {});
    expect(list).toHaveLength(2);
    expect(list.find((v) => v.profile.id === p.profile.id)?.secrets.password).toBe('set');
    expect(await a.services.get('profiles').getSecret(p.profile.id, 'password')).toBe('orig');
  });

  it('an imported sandbox profile becomes an ordinary profile that asks for its secrets', async () => {
    const a = await start();
    const svc = a.services.get('profiles');
    await svc.upsert({ kind: 'mqtt', id: 'sandbox-demo', name: 'Sandbox demo', host: '127.0.0.1', port: 1883, sandbox: true });
    svc.setEphemeralSecrets('sandbox-demo', { password: 'demo-only-pass' });
    const { json } = await a.call('profiles.export', { ids: ['sandbox-demo'] });
    expect(json).not.toContain('demo-only-pass');
    const b = await start();
    const res = await b.call('profiles.import', { json });
    expect(res.imported[0].profile.sandbox).toBeUndefined();
    const id = res.imported[0].profile.id;
    expect(id).not.toBe('sandbox-demo');
    expect(res.needSecrets).toEqual([{ id, slots: ['password'] }]);
    expect(await b.services.get('profiles').getSecret(id, 'password')).toBeNull();
  });

  it('refuses a file that is not an export with a message that says so', async () => {
    const a = await start();
    const notJson = await a.dispatch('profiles.import', { json: '{oops' });
    expect(notJson).toMatchObject({ ok: false, error: { code: 'invalid-import' } });
    if (!notJson.ok) expect(notJson.error.message).toMatch(/not valid JSON/);
    const wrong = await a.dispatch('profiles.import', { json: JSON.stringify({ format: 'mqttx', profiles: [] }) });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'invalid-import' } });
    if (!wrong.ok) {
      expect(wrong.error.message).toMatch(/format/);
      expect(wrong.error.hint).toMatch(/Export/);
    }
    expect(await a.call('profiles.list', {})).toEqual([]);
  });
});
