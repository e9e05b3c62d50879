/**
 * MQ for IoT signature mode against a real broker: mosquitto's password file holds the entry computed
 * independently with openssl from the documented formula (Base64(HmacSHA1(SecretKey, GroupID))), and the
 * app's own credentials (mqttConnectCredentials) must match it. A wrong SecretKey is refused and explained.
 */
import { execFileSync } from 'node:child_process';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mqttConnectCredentials } from '../../electron/services/vendors/connect-credentials';
import { Profile, type ProfileInput } from '../../shared/contract/profiles.contract';
import { explainRefusal } from '../../shared/vendors/refusal-explanations';
import { mosquittoAvailable, startMosquitto, type MosquittoBroker } from '../support/mosquitto';

// Test-only values.
const ACCESS_KEY = 'LTAItestOnlyAK';
const SECRET_KEY = 'test-only-SecretKey/+=';
const GROUP_ID = 'GID_fieldscope01';

const haveTools =
  mosquittoAvailable() &&
  (() => {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
if (!haveTools) console.warn('skipping aliyun-mq-mosquitto: mosquitto or openssl is not installed (scripts/test-all.sh installs them)');

/** The documented formula, computed by openssl rather than by the app's signer. */
function opensslPassword(secretKey: string, groupId: string): string {
  const mac = execFileSync('openssl', ['dgst', '-sha1', '-hmac', secretKey, '-binary'], { input: groupId });
  return mac.toString('base64');
}

function tryConnect(url: string, creds: { clientId: string; username?: string; password?: string }) {
  return new Promise<{ ok: true; client: mqtt.MqttClient } | { ok: false; code?: number; message: string }>((resolve) => {
    const client = mqtt.connect(url, { ...creds, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000 });
    client.once('connect', () => resolve({ ok: true, client }));
    client.once('error', (err) => {
      client.end(true);
      resolve({ ok: false, code: (err as Error & { code?: number }).code, message: err.message });
    });
  });
}

describe.skipIf(!haveTools)('MQ for IoT signature mode against mosquitto', () => {
  let broker: MosquittoBroker;
  const profile = (deviceId: string) =>
    Profile.parse({
      id: 'p1',
      name: 'mq',
      kind: 'aliyun-mq',
      host: '127.0.0.1',
      port: 1883,
      groupId: GROUP_ID,
      deviceId,
      accessKey: ACCESS_KEY,
    } as ProfileInput);

  beforeAll(async () => {
    broker = await startMosquitto({ passwordFile: [{ user: ACCESS_KEY, pass: opensslPassword(SECRET_KEY, GROUP_ID) }] });
  });
  afterAll(async () => {
    await broker?.stop();
  });

  it('the right SecretKey connects and carries a message', async () => {
    const creds = await mqttConnectCredentials(profile('dev1'), async (slot) => (slot === 'secretKey' ? SECRET_KEY : null), Date.now());
    expect(creds.clientId).toBe(`${GROUP_ID}@@@dev1`);
    expect(creds.username).toBe(ACCESS_KEY);
    const r = await tryConnect(broker.url, creds);
    expect(r.ok, r.ok ? '' : `${r.message}\n${broker.log()}`).toBe(true);
    if (!r.ok) return;
    const client = r.client;
    const got = new Promise<string>((resolve) => client.on('message', (_t, p) => resolve(p.toString())));
    await client.subscribeAsync('fieldscope/p2p', { qos: 1 });
    await client.publishAsync('fieldscope/p2p', 'hello', { qos: 1 });
    expect(await got).toBe('hello');
    await client.endAsync();
  });

  it('a wrong SecretKey is refused, and the refusal is explained for MQ for IoT', async () => {
    const creds = await mqttConnectCredentials(profile('dev2'), async (slot) => (slot === 'secretKey' ? 'not-the-secret' : null), Date.now());
    const r = await tryConnect(broker.url, creds);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect([4, 5]).toContain(r.code);
    const text = explainRefusal({ kind: 'aliyun-mq', phase: 'connect', code: r.code, message: r.message });
    expect(text).toMatch(/HmacSHA1\(SecretKey, Group ID\)/);
    expect(text).toMatch(/Group ID exists/);
  });

  it('a missing SecretKey is a clear error before any connection', async () => {
    await expect(mqttConnectCredentials(profile('dev3'), async () => null, Date.now())).rejects.toThrow(/no SecretKey set/);
  });
});
