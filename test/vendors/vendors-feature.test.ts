/** vendors.* through the real backend dispatch (profiles in a temp data dir, secrets in a memory keychain). */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/services/backend';
import { MemorySecretStore } from '../../electron/services/core/secret-store';
import { amqpConnectCredentials, mqttConnectCredentials } from '../../electron/services/vendors/connect-credentials';
import type { ProfileInput } from '../../shared/contract/profiles.contract';
import { aliyunMqSignaturePassword } from '../../shared/vendors/aliyun-mq-signature';
import { aliyunAmqpPassword, parseAliyunAmqpUsername } from '../../shared/vendors/aliyun-iot-amqp-signature';

// Test-only values, obviously not real credentials.
const SECRET_KEY = 'test-only-secret-key-0001';
const ACCESS_CODE = 'test-only-access-code-0002';
const AMQP_SECRET = 'test-only-amqp-secret-0003';
const STS = 'test-only-sts-token-0004';

let backend: Backend;
let dataDir: string;
let server: http.Server;
let clockUrl = '';

async function save(profile: ProfileInput, secrets: Record<string, string>) {
  const view = await backend.call('profiles.save', { profile, secrets });
  return view.profile;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldscope-vendors-'));
  backend = new Backend({ host: 'test', dataDir, secrets: new MemorySecretStore(), sandbox: false });
  await backend.start();
  // A server whose clock is 7 minutes ahead of ours.
  server = http.createServer((_req, res) => {
    res.setHeader('Date', new Date(Date.now() + 7 * 60_000).toUTCString());
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  clockUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await backend?.dispose();
  await new Promise<void>((r) => server.close(() => r()));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('vendors feature', () => {
  it('previews MQ for IoT signature mode with the signature masked, and reveals the derived signature only', async () => {
    const p = await save(
      {
        id: '',
        name: 'mq',
        kind: 'aliyun-mq',
        host: 'x.mqtt.aliyuncs.com',
        port: 1883,
        groupId: 'GID_test',
        deviceId: 'dev1',
        accessKey: 'LTAItest',
      } as ProfileInput,
      { secretKey: SECRET_KEY },
    );
    const preview = await backend.call('vendors.preview', { profileId: p.id });
    const expected = aliyunMqSignaturePassword(SECRET_KEY, 'GID_test');
    expect(preview).toMatchObject({ clientId: 'GID_test@@@dev1', username: 'LTAItest', stringToSign: 'GID_test', algorithm: 'HmacSHA1' });
    expect(preview.password).toMatchObject({ kind: 'derived', revealable: true, masked: `${expected.slice(0, 4)}•••` });
    const text = JSON.stringify(preview);
    expect(text).not.toContain(SECRET_KEY);
    expect(text).not.toContain(expected);
    expect((await backend.call('vendors.revealSignature', { profileId: p.id })).signature).toBe(expected);
  });

  it('never reveals a raw secret (Huawei access code) and signs a fresh timestamp', async () => {
    const p = await save(
      {
        id: '',
        name: 'hw',
        kind: 'huawei-iotda',
        host: 'h.example',
        port: 8883,
        transport: 'tls',
        accessKey: 'AKtest',
        instanceId: 'i1',
        forwardingTopic: 't',
      } as ProfileInput,
      { accessCode: ACCESS_CODE },
    );
    const preview = await backend.call('vendors.preview', { profileId: p.id });
    expect(preview.password).toEqual({ kind: 'secret', masked: '••••••••', revealable: false, slot: 'accessCode' });
    expect(preview.username).toMatch(/^accessKey=AKtest\|timestamp=\d{13}\|instanceId=i1$/);
    expect(JSON.stringify(preview)).not.toContain(ACCESS_CODE.slice(0, 8));
    await expect(backend.call('vendors.revealSignature', { profileId: p.id })).rejects.toMatchObject({ code: 'not-derived' });
    // The driver-side credentials carry the access code and a timestamp taken per call.
    const svc = backend.services.get('profiles');
    const a = await mqttConnectCredentials(p, (s) => svc.getSecret(p.id, s), 1_700_000_000_000);
    const b = await mqttConnectCredentials(p, (s) => svc.getSecret(p.id, s), 1_700_000_000_500);
    expect(a.password).toBe(ACCESS_CODE);
    expect(a.username).not.toBe(b.username);
    expect(b.signedAt).toBe(1_700_000_000_500);
  });

  it('masks the STS token inside the AMQP user name and string-to-sign', async () => {
    const p = await save(
      {
        id: '',
        name: 'amqp',
        kind: 'aliyun-amqp',
        host: 'a.example',
        clientId: 'c1',
        consumerGroupId: 'cg',
        accessKey: 'STS.ak',
        authMode: 'ststoken',
        signMethod: 'hmacsha256',
      } as ProfileInput,
      { accessSecret: AMQP_SECRET, securityToken: STS },
    );
    const preview = await backend.call('vendors.preview', { profileId: p.id });
    const text = JSON.stringify(preview);
    expect(text).not.toContain(STS);
    expect(text).not.toContain(AMQP_SECRET);
    expect(preview.stringToSign).toBe(`authId=STS.ak&securityToken=••••••••&timestamp=${preview.timestamp}`);
    expect(preview.usernameParams?.securityToken).toBe('••••••••');
    // Reveal re-signs the previewed timestamp, so it matches what the preview masked.
    const reveal = await backend.call('vendors.revealSignature', { profileId: p.id, timestamp: preview.timestamp });
    expect(preview.password.masked).toBe(`${reveal.signature.slice(0, 4)}•••`);
    // And a driver's SASL credentials verify with the documented formula.
    const svc = backend.services.get('profiles');
    const creds = await amqpConnectCredentials(p, (s) => svc.getSecret(p.id, s), 1_700_000_000_123);
    const parsed = parseAliyunAmqpUsername(creds.username)!;
    expect(parsed.params.securityToken).toBe(STS);
    expect(creds.password).toBe(aliyunAmqpPassword(AMQP_SECRET, 'hmacsha256', `authId=STS.ak&securityToken=${STS}&timestamp=1700000000123`));
  });

  it('previews an unsaved draft without secrets, showing the secret as missing', async () => {
    const preview = await backend.call('vendors.preview', {
      profile: { id: 'draft', name: 'd', kind: 'aliyun-mq', host: 'h', port: 1883, groupId: 'GID_abc', deviceId: 'x', accessKey: 'ak' } as ProfileInput,
    });
    expect(preview.password.kind).toBe('missing');
    expect(preview.stringToSign).toBe('GID_abc');
  });

  it('checks a profile and measures the clock against an HTTP Date header', async () => {
    const p = await save(
      { id: '', name: 'hw2', kind: 'huawei-iotda', host: 'h.example', port: 1883, transport: 'tcp', accessKey: 'AK', instanceId: '' } as ProfileInput,
      { accessCode: ACCESS_CODE },
    );
    const r = await backend.call('vendors.check', { profileId: p.id, endpoint: clockUrl });
    expect(r.clock?.ok).toBe(true);
    if (r.clock?.ok) expect(r.clock.offsetMs).toBeLessThan(-6 * 60_000);
    const codes = r.findings.map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['clock-skew', 'huawei-port', 'huawei-tls', 'huawei-instance-id']));
    expect(r.findings[0].severity).toBe('error');
    const bad = await backend.call('vendors.check', { profileId: p.id, endpoint: 'http://127.0.0.1:1' });
    expect(bad.clock?.ok).toBe(false);
  });

  it('token mode CONNECT carries only the Client ID (seed 004); plain AMQP sends its own password', async () => {
    const p = await save(
      { id: '', name: 'tok', kind: 'aliyun-mq', host: 'h', port: 1883, groupId: 'GID_tok', deviceId: 'd', accessKey: 'ak', authMode: 'token' } as ProfileInput,
      {},
    );
    const creds = await mqttConnectCredentials(p, async () => null, Date.now());
    expect(creds).toEqual({ clientId: 'GID_tok@@@d', tokenMode: true });
    const preview = await backend.call('vendors.preview', { profileId: p.id });
    expect(preview.password.kind).toBe('none');
    expect(preview.notes.join(' ')).toMatch(/uploadToken/);
    const a = await save(
      { id: '', name: 'rabbit', kind: 'amqp', host: 'h', port: 5672, tls: false, username: 'guest', sourceAddress: '/queues/q' } as ProfileInput,
      { password: 'test-only-pw' },
    );
    const svc = backend.services.get('profiles');
    expect(await amqpConnectCredentials(a, (s) => svc.getSecret(a.id, s), 0)).toEqual({ username: 'guest', password: 'test-only-pw', mechanism: 'PLAIN' });
    expect((await backend.call('vendors.preview', { profileId: a.id })).password).toMatchObject({ kind: 'secret', revealable: false });
    await expect(backend.call('vendors.revealSignature', { profileId: a.id })).rejects.toMatchObject({ code: 'not-derived' });
  });

  it('explains refusals over IPC and rejects bad input with words', async () => {
    const r = await backend.call('vendors.explain', { kind: 'aliyun-mq', phase: 'disconnect', afterPacket: 'subscribe' });
    expect(r.text).toMatch(/SUBSCRIBE time/);
    const bad = await backend.dispatch('vendors.preview', {});
    expect(bad.ok).toBe(false);
    const missing = await backend.dispatch('vendors.preview', { profileId: 'nope' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'profile-not-found' } });
  });
});
