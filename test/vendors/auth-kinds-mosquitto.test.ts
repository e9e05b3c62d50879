/**
 * The new credential kinds against a real broker: mosquitto's password file holds entries computed
 * independently with openssl from the documented formulas (cloud-behaviours §6), and the app's own
 * credentials (mqttConnectCredentials, at a fixed clock) must log in with them. A wrong secret is refused
 * and the refusal explained with the kind's cause.
 */
import { execFileSync } from 'node:child_process';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mqttConnectCredentials } from '../../electron/services/vendors/connect-credentials';
import { Profile, type ProfileInput, type SecretSlot } from '../../shared/contract/profiles.contract';
import { explainRefusal } from '../../shared/vendors/refusal-explanations';
import { mosquittoAvailable, startMosquitto, type MosquittoBroker } from '../support/mosquitto';

// Test-only values.
const NOW = Date.UTC(2026, 11, 6, 8, 30, 0);
const HOUR = '2026120608';
const AK = 'LTAItestOnlyAK';
const SECRET = 'test-only-AccessKeySecret/+=';
const INSTANCE = 'post-cn-testonly01';
const DEVICE_AK = 'DeviceCredTestOnly';
const DEVICE_AK_SECRET = 'test-only-device-cred-secret';
const PK = 'a1TestOnlyPK';
const DN = 'light-test';
const DEVICE_SECRET = '0123456789abcdef0123456789abcdef';
const HW_DEVICE = '5f8a_test_meter';
const HW_SECRET = 'test-only-iotda-secret';

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
if (!haveTools) console.warn('skipping auth-kinds-mosquitto: mosquitto or openssl is not installed (scripts/test-all.sh installs them)');

/** HMAC by openssl, not by the app's signer. */
function openssl(algorithm: 'sha1' | 'sha256', key: string, data: string, encoding: 'base64' | 'hex'): string {
  return execFileSync('openssl', ['dgst', `-${algorithm}`, '-hmac', key, '-binary'], { input: data }).toString(encoding);
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

const secrets = (values: Partial<Record<SecretSlot, string>>) => async (slot: SecretSlot) => values[slot] ?? null;
const mq = (extra: Record<string, unknown>) =>
  Profile.parse({
    id: 'p',
    name: 'mq',
    kind: 'aliyun-mq',
    host: '127.0.0.1',
    port: 1883,
    groupId: 'GID_test01',
    deviceId: 'dev1',
    accessKey: AK,
    instanceType: 'current',
    instanceId: INSTANCE,
    ...extra,
  } as ProfileInput);
const iot = Profile.parse({
  id: 'd',
  name: 'iot',
  kind: 'aliyun-iot-device',
  host: '127.0.0.1',
  port: 1883,
  transport: 'tcp',
  productKey: PK,
  deviceName: DN,
  signMethod: 'hmacsha256',
} as ProfileInput);
const hw = Profile.parse({
  id: 'h',
  name: 'hw',
  kind: 'huawei-iotda-device',
  host: '127.0.0.1',
  port: 1883,
  deviceId: HW_DEVICE,
  checkTimestamp: true,
} as ProfileInput);

describe.skipIf(!haveTools)('current MQ instance modes and device kinds against mosquitto', () => {
  let broker: MosquittoBroker;
  const iotClientId = `${PK}.${DN}`;

  beforeAll(async () => {
    broker = await startMosquitto({
      passwordFile: [
        { user: `Signature|${AK}|${INSTANCE}`, pass: openssl('sha1', SECRET, 'GID_test01@@@dev1', 'base64') },
        { user: `DeviceCredential|${DEVICE_AK}|${INSTANCE}`, pass: openssl('sha1', DEVICE_AK_SECRET, 'GID_test01@@@dev2', 'base64') },
        { user: `Token|${AK}|${INSTANCE}`, pass: 'R|tokR-test|W|tokW-test' },
        { user: `${DN}&${PK}`, pass: openssl('sha256', DEVICE_SECRET, `clientId${iotClientId}deviceName${DN}productKey${PK}timestamp${NOW}`, 'hex') },
        { user: HW_DEVICE, pass: openssl('sha256', HOUR, HW_SECRET, 'hex') },
      ],
    });
  });
  afterAll(async () => {
    await broker?.stop();
  });

  const connects = async (creds: { clientId: string; username?: string; password?: string }) => {
    const r = await tryConnect(broker.url, creds);
    expect(r.ok, r.ok ? '' : `${r.message}\n${broker.log()}`).toBe(true);
    if (r.ok) await r.client.endAsync();
  };

  it('signature mode: Signature|AK|Instance with the Client ID signed', async () => {
    const creds = await mqttConnectCredentials(mq({}), secrets({ secretKey: SECRET }), NOW);
    expect(creds.username).toBe(`Signature|${AK}|${INSTANCE}`);
    await connects(creds);
  });

  it('device credential mode: DeviceCredential|id|Instance', async () => {
    await connects(
      await mqttConnectCredentials(
        mq({ authMode: 'deviceCredential', deviceAccessKeyId: DEVICE_AK, deviceId: 'dev2' }),
        secrets({ deviceAccessKeySecret: DEVICE_AK_SECRET }),
        NOW,
      ),
    );
  });

  it('token mode: the tokens held as R|tok|W|tok', async () => {
    const creds = await mqttConnectCredentials(mq({ authMode: 'token' }), secrets({ tokenW: 'tokW-test', tokenR: 'tokR-test' }), NOW);
    expect(creds.tokenMode).toBe(true);
    await connects(creds);
  });

  it('IoT Platform device: securemode/signmethod/timestamp ClientId, hex HMAC-SHA256 over the sorted fields', async () => {
    const creds = await mqttConnectCredentials(iot, secrets({ deviceSecret: DEVICE_SECRET }), NOW);
    expect(creds.clientId).toBe(`${iotClientId}|securemode=3,signmethod=hmacsha256,timestamp=${NOW}|`);
    await connects(creds);
  });

  it('IoTDA device: deviceId_0_1_<hour>, hex HMAC-SHA256 keyed by the hour', async () => {
    const creds = await mqttConnectCredentials(hw, secrets({ deviceSecret: HW_SECRET }), NOW);
    expect(creds.clientId).toBe(`${HW_DEVICE}_0_1_${HOUR}`);
    await connects(creds);
  });

  it('a wrong secret is refused and explained with the kind’s formula', async () => {
    const cases = [
      { profile: mq({}), slots: { secretKey: 'wrong' }, cause: /current-instance user name .* sent to a legacy instance|<Mode>\|<AccessKeyId>\|<InstanceId>/ },
      { profile: iot, slots: { deviceSecret: 'wrong' }, cause: /clientId<clientId>deviceName<deviceName>productKey<productKey>timestamp<ms>/ },
      { profile: hw, slots: { deviceSecret: 'wrong' }, cause: /YYYYMMDDHH in the Client ID/ },
    ];
    for (const c of cases) {
      const r = await tryConnect(broker.url, await mqttConnectCredentials(c.profile, secrets(c.slots), NOW));
      expect(r.ok, c.profile.kind).toBe(false);
      if (r.ok) continue;
      expect([4, 5]).toContain(r.code);
      expect(explainRefusal({ kind: c.profile.kind, phase: 'connect', code: r.code, message: r.message, profile: c.profile })).toMatch(c.cause);
    }
  });
});

describe('generic MQTT Client ID', () => {
  it('an empty Client ID takes the caller’s fallback (kept across retries), else a fresh random one', async () => {
    const p = Profile.parse({ id: 'g', name: 'g', kind: 'mqtt', host: '127.0.0.1', port: 1883 } as ProfileInput);
    expect((await mqttConnectCredentials(p, async () => null, NOW, 'kept-id')).clientId).toBe('kept-id');
    const a = (await mqttConnectCredentials(p, async () => null, NOW)).clientId;
    const b = (await mqttConnectCredentials(p, async () => null, NOW)).clientId;
    // The one generator for generic Client IDs (profiles/client-id.ts, ui-polish): 23 characters at most.
    expect(a).toMatch(/^fieldscope-[a-z0-9]{12}$/);
    expect(a).not.toBe(b);
  });
});
