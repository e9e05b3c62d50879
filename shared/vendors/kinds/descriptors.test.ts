/** The kind descriptors: one per kind, consistent slots, credentials per mode, checks, refusal causes, texts. */
import { describe, expect, it } from 'vitest';
import { Profile, ProfileKindName, type ProfileInput } from '../../contract/profiles.contract';
import { KIND_DESCRIPTORS, kindDescriptor, PROFILE_KINDS, secretSlotsForKind, type MqttConnectCredentials } from './index';
import { checkProfile } from '../preconnect-checks';
import { explainRefusal, explainRefusalParts } from '../refusal-explanations';
import { EXPLAIN_EN } from '../explain-en';
import type { ExplainPart } from '../explain-part';
import { verifyAliyunMqttInstanceLogin } from '../aliyun-mqtt-instance-auth';
import { verifyAliyunIotDeviceLogin } from '../aliyun-iot-device-signature';
import { huaweiDeviceTimestamp, verifyHuaweiDeviceLogin } from '../huawei-iotda-device-signature';
import { CONNACK_V4, REASON_V5 } from '../refusal-words';

const now = 1_700_000_000_000;
const ctx = (secrets: Record<string, string> = {}) => ({ secrets, now, randomClientId: () => 'random-id' });
const mq = (extra: Record<string, unknown> = {}) =>
  Profile.parse({
    id: 'a',
    name: 'mq',
    kind: 'aliyun-mq',
    host: 'post-cn-0pp12345678.mqtt.aliyuncs.com',
    port: 1883,
    groupId: 'GID_demo',
    deviceId: 'dev001',
    accessKey: 'LTAI5tExampleAK',
    instanceType: 'current',
    instanceId: 'post-cn-0pp12345678',
    ...extra,
  } as ProfileInput);
const connect = (p: Profile, secrets: Record<string, string> = {}) => kindDescriptor(p.kind).connect(p, ctx(secrets)) as MqttConnectCredentials;
const codes = (p: Profile) => checkProfile(p, { now }).map((f) => f.code);

/** Every code in a part tree has an English template. */
function unknownCodes(parts: readonly ExplainPart[]): string[] {
  const out: string[] = [];
  const walk = (p: ExplainPart) => {
    if (EXPLAIN_EN[p.code] === undefined) out.push(p.code);
    for (const v of Object.values(p.params ?? {})) if (typeof v === 'object') walk(v);
  };
  parts.forEach(walk);
  return out;
}

const REQUIRED: Record<string, Record<string, unknown>> = {
  mqtt: {},
  'aliyun-mq': { host: 'h', groupId: 'GID_test', deviceId: 'dev1', accessKey: 'AK' },
  'aliyun-amqp': { host: 'h', clientId: 'c1', accessKey: 'AK' },
  'huawei-iotda': { host: 'h', accessKey: 'AK' },
  'aliyun-iot-device': { host: 'h', productKey: 'pk', deviceName: 'dn' },
  'huawei-iotda-device': { host: 'h', deviceId: 'd1' },
  amqp: {},
  rocketmq: { host: 'h', consumerGroupId: 'GID_diag', topic: 'iotsim_mq_push' },
  'rocketmq-http': { host: 'h', topic: 'iotsim_mq_push', groupId: 'GID_diag', accessKey: 'AK' },
};

describe('kind descriptors', () => {
  it('has exactly one descriptor per profile kind, keyed by its own kind', () => {
    expect(new Set(PROFILE_KINDS)).toEqual(new Set(ProfileKindName.options));
    for (const [k, d] of Object.entries(KIND_DESCRIPTORS)) expect(d.kind).toBe(k);
  });

  it('starts every kind from values the contract accepts once the required fields are typed, reconnect defaults included', () => {
    for (const kind of PROFILE_KINDS) {
      const draft = { ...kindDescriptor(kind).defaults('id1', 'n'), ...REQUIRED[kind] };
      const r = Profile.safeParse(draft);
      expect(r.success, `${kind}: ${r.error?.message}`).toBe(true);
      expect((draft as { reconnect?: unknown }).reconnect, kind).toEqual({ enabled: true, initialDelayMs: 1000, maxDelayMs: 30_000, maxAttempts: 0 });
    }
  });

  it('keeps one slot table: the editor offers only slots the kind declares, and IoT Platform AMQP uses accessSecret', () => {
    expect(secretSlotsForKind('aliyun-amqp')).toContain('accessSecret');
    expect(secretSlotsForKind('aliyun-amqp')).not.toContain('secretKey');
    const drafts = [{}, { authMode: 'token' }, { authMode: 'deviceCredential' }, { authMode: 'ststoken' }, { sasl: 'anonymous' }];
    for (const kind of PROFILE_KINDS)
      for (const d of drafts) for (const slot of kindDescriptor(kind).formSecretSlots(d)) expect(secretSlotsForKind(kind), `${kind} ${slot}`).toContain(slot);
  });

  it('every explain code a kind or the common words use has an English template, and each text is used once per code', () => {
    for (const d of Object.values(KIND_DESCRIPTORS)) for (const [code, text] of Object.entries(d.texts)) expect(EXPLAIN_EN[code]).toBe(text);
    const inputs = [];
    for (const kind of PROFILE_KINDS) {
      for (const phase of ['connect', 'subscribe', 'publish', 'disconnect', 'transport', 'sasl', 'amqp'] as const) {
        for (const code of [
          undefined,
          1,
          2,
          3,
          4,
          5,
          0x80,
          0x86,
          0x8e,
          0x99,
          'ECONNREFUSED',
          'amqp:unauthorized-access',
          'amqp:not-found',
          'amqp:connection:forced',
          'amqp:link:stolen',
          'amqp:nonsense',
        ]) {
          for (const afterPacket of [undefined, 'connect', 'subscribe', 'publish', 'uploadToken'])
            inputs.push({ kind, phase, code, afterPacket, message: 'idle timeout' });
        }
      }
    }
    for (const input of inputs) expect(unknownCodes(explainRefusalParts(input)), JSON.stringify(input)).toEqual([]);
  });
});

describe('current ApsaraMQ instances (aliyun-mq, instanceType current)', () => {
  it('signature mode: UserName Signature|AK|Instance and the Client ID signed (auth-vectors-2 #0)', () => {
    const c = connect(mq(), { secretKey: 'exampleSecret0123' });
    expect(c).toMatchObject({
      clientId: 'GID_demo@@@dev001',
      username: 'Signature|LTAI5tExampleAK|post-cn-0pp12345678',
      password: 'AXuI1kk16sQuyRx3564fdWbFwQE=',
      stringToSign: 'GID_demo@@@dev001',
    });
    expect(
      verifyAliyunMqttInstanceLogin(c.clientId, c.username!, c.password!, { instanceId: 'post-cn-0pp12345678', secretFor: () => 'exampleSecret0123' }).ok,
    ).toBe(true);
  });

  it('token mode: the tokens held as R|tok|W|tok, and the uploadToken flow stays on', () => {
    const c = connect(mq({ authMode: 'token' }), { tokenR: 'tokR-abc', tokenW: 'tokW-def' });
    expect(c).toMatchObject({ username: 'Token|LTAI5tExampleAK|post-cn-0pp12345678', password: 'R|tokR-abc|W|tokW-def', tokenMode: true });
    expect(() => connect(mq({ authMode: 'token' }))).toThrow(/holds no token/);
  });

  it('device credential mode: DeviceCredential|id|Instance, HmacSHA1 of the Client ID with the device secret', () => {
    const c = connect(mq({ authMode: 'deviceCredential', deviceAccessKeyId: 'DeviceCredentialExampleId', deviceId: 'dev003' }), {
      deviceAccessKeySecret: 'devCredSecret123',
    });
    expect(c).toMatchObject({ username: 'DeviceCredential|DeviceCredentialExampleId|post-cn-0pp12345678', password: 'VcQujp/yjubHKYl6PH24BRG2zOE=' });
  });

  it('the legacy scheme is unchanged (seed 004)', () => {
    const c = connect(mq({ instanceType: 'legacy', instanceId: '', groupId: 'GID_AAA', deviceId: 'BBB001', accessKey: 'LTAI4FexampleAK' }), {
      secretKey: 'exampleSecretKey0123456789',
    });
    expect(c).toMatchObject({ username: 'LTAI4FexampleAK', password: 'MSdhijKsHtkKBw4fy/JqfSeMjWM=', stringToSign: 'GID_AAA' });
    expect(connect(mq({ instanceType: 'legacy', authMode: 'token' }))).toEqual({ clientId: 'GID_demo@@@dev001', tokenMode: true });
  });

  it('refuses to connect without an instance ID, or with device credentials on a legacy instance', () => {
    expect(() => connect(mq({ instanceId: '' }), { secretKey: 's' })).toThrow(/no instance ID/);
    expect(() => connect(mq({ instanceType: 'legacy', authMode: 'deviceCredential' }), { deviceAccessKeySecret: 's' })).toThrow(
      /only current ApsaraMQ instances/,
    );
    expect(() => connect(mq(), {})).toThrow(/no SecretKey set/);
  });

  it('preview shows the string-to-sign per mode and never a token or secret', () => {
    const d = kindDescriptor('aliyun-mq');
    const sig = d.preview(mq(), ctx({ secretKey: 'exampleSecret0123' }));
    expect(sig).toMatchObject({ stringToSign: 'GID_demo@@@dev001', algorithm: 'HmacSHA1', username: 'Signature|LTAI5tExampleAK|post-cn-0pp12345678' });
    expect(sig.password).toMatchObject({ kind: 'derived', masked: 'AXuI•••', slot: 'secretKey' });
    const legacy = d.preview(mq({ instanceType: 'legacy' }), ctx({ secretKey: 's' }));
    expect(legacy.stringToSign).toBe('GID_demo');
    const tok = d.preview(mq({ authMode: 'token' }), ctx({ tokenR: 'tokR-abc', tokenRW: 'tokRW-x' }));
    expect(tok.password.masked).toBe('R|••••••••|RW|••••••••');
    expect(JSON.stringify(tok)).not.toMatch(/tokR-abc|tokRW-x/);
    const dev = d.preview(mq({ authMode: 'deviceCredential', deviceAccessKeyId: 'DK' }), ctx({}));
    expect(dev).toMatchObject({ username: 'DeviceCredential|DK|post-cn-0pp12345678', stringToSign: 'GID_demo@@@dev001' });
    expect(dev.password).toMatchObject({ kind: 'missing', slot: 'deviceAccessKeySecret' });
  });

  it('pre-connect checks: missing instance ID, mode/instance mismatches, missing key IDs', () => {
    expect(codes(mq({ instanceId: '' }))).toContain('missing-instance-id');
    expect(codes(mq({ instanceType: 'legacy', authMode: 'deviceCredential' }))).toContain('mode-needs-current-instance');
    expect(codes(mq({ instanceType: 'legacy' }))).toContain('instance-id-unused-legacy');
    expect(codes(mq({ instanceId: 'post-cn-other' }))).toContain('instance-host-mismatch');
    expect(codes(mq({ authMode: 'deviceCredential' }))).toContain('missing-device-access-key-id');
    expect(codes(mq({ accessKey: '' }))).toContain('missing-access-key');
    expect(codes(mq())).toEqual([]);
    const f = checkProfile(mq({ instanceId: 'post-cn-other' }), { now }).find((x) => x.code === 'instance-host-mismatch')!;
    expect(f.severity).toBe('error');
    expect(f.message).toBe(
      'The endpoint post-cn-0pp12345678.mqtt.aliyuncs.com belongs to instance post-cn-0pp12345678, but the instance ID is post-cn-other: the instance will refuse a user name naming another instance.',
    );
    expect(f.text.message).toEqual({
      code: 'check.instance-host-mismatch',
      params: { host: 'post-cn-0pp12345678.mqtt.aliyuncs.com', hostInstance: 'post-cn-0pp12345678', instanceId: 'post-cn-other' },
    });
  });

  it('explains a refused legacy password as possibly sent to a current instance, and the reverse', () => {
    const legacy = explainRefusal({ kind: 'aliyun-mq', phase: 'connect', code: 4, profile: mq({ instanceType: 'legacy' }) })!;
    expect(legacy).toMatch(/HmacSHA1\(SecretKey, Group ID\)/);
    expect(legacy).toMatch(/this looks like a legacy-mode password sent to a current instance/);
    const current = explainRefusal({ kind: 'aliyun-mq', phase: 'connect', code: 5, profile: mq() })!;
    expect(current).toMatch(/<Mode>\|<AccessKeyId>\|<InstanceId>/);
    expect(current).toMatch(/current-instance user name .* sent to a legacy instance/);
    expect(current).not.toMatch(/legacy-mode password sent to a current instance/);
    // A current instance may close instead of refusing: the look-alike cause is added there too.
    expect(explainRefusal({ kind: 'aliyun-mq', phase: 'disconnect', afterPacket: 'connect', profile: mq({ instanceType: 'legacy' }) })).toMatch(
      /legacy-mode password sent to a current instance/,
    );
  });
});

describe('device kinds', () => {
  const iot = (extra: Record<string, unknown> = {}) =>
    Profile.parse({
      id: 'd',
      name: 'dev',
      kind: 'aliyun-iot-device',
      host: 'h',
      port: 1883,
      transport: 'tls',
      productKey: 'a1FxISeKbq9',
      deviceName: 'light001',
      ...extra,
    } as ProfileInput);
  const hw = (extra: Record<string, unknown> = {}) =>
    Profile.parse({ id: 'h', name: 'hw', kind: 'huawei-iotda-device', host: 'h', port: 8883, deviceId: '5f8a1b2c3d_device001', ...extra } as ProfileInput);

  it('IoT Platform device: securemode follows the transport, the server-side verifier accepts the login', () => {
    const c = connect(iot(), { deviceSecret: '0123456789abcdef0123456789abcdef' });
    expect(c.clientId).toBe(`a1FxISeKbq9.light001|securemode=2,signmethod=hmacsha256,timestamp=${now}|`);
    expect(c.username).toBe('light001&a1FxISeKbq9');
    expect(verifyAliyunIotDeviceLogin(c.clientId, c.username!, c.password!, () => '0123456789abcdef0123456789abcdef').ok).toBe(true);
    expect(connect(iot({ transport: 'tcp', clientId: 'my-client_1', signMethod: 'hmacmd5' }), { deviceSecret: 's' }).clientId).toBe(
      `my-client_1|securemode=3,signmethod=hmacmd5,timestamp=${now}|`,
    );
    expect(() => connect(iot())).toThrow(/no device secret set/);
  });

  it('IoT Platform device: endpoint from instance ID or product key + region; Alink topic helpers', () => {
    const d = kindDescriptor('aliyun-iot-device');
    expect(d.endpoint!(iot({ region: 'cn-hangzhou' }))).toEqual({ host: 'a1FxISeKbq9.iot-as-mqtt.cn-hangzhou.aliyuncs.com', port: 1883 });
    expect(d.endpoint!(iot({ iotInstanceId: 'iot-06z00ab' }))).toEqual({ host: 'iot-06z00ab.mqtt.iothub.aliyuncs.com', port: 1883 });
    const topics = d.topics!(iot()).map((t) => `${t.use} ${t.topic}`);
    expect(topics).toContain('publish /sys/a1FxISeKbq9/light001/thing/event/property/post');
    expect(topics).toContain('subscribe /sys/a1FxISeKbq9/light001/thing/event/property/post_reply');
    expect(JSON.parse(d.topics!(iot())[0]!.payload!)).toMatchObject({ method: 'thing.event.property.post', version: '1.0' });
    // Nothing to offer before the identifiers are typed (no "/sys///..." or "undefined.iot-as-mqtt" hosts).
    const blank = { ...iot(), productKey: '', deviceName: '' };
    expect(d.topics!(blank)).toEqual([]);
    expect(d.endpoint!(blank)).toBeUndefined();
  });

  it('IoTDA device: ClientId with the UTC hour and _1_/_0_, password keyed by that hour', () => {
    const c = connect(hw(), { deviceSecret: 'deviceSecret123' });
    expect(c.clientId).toBe(`5f8a1b2c3d_device001_0_1_${huaweiDeviceTimestamp(now)}`);
    expect(verifyHuaweiDeviceLogin(c.clientId, c.username!, c.password!, { secretFor: () => 'deviceSecret123', now }).ok).toBe(true);
    expect(connect(hw({ checkTimestamp: false }), { deviceSecret: 'x' }).clientId).toMatch(/_0_0_\d{10}$/);
    const topics = kindDescriptor('huawei-iotda-device').topics!(hw()).map((t) => t.topic);
    expect(topics).toEqual([
      '$oc/devices/5f8a1b2c3d_device001/sys/properties/report',
      '$oc/devices/5f8a1b2c3d_device001/sys/commands/#',
      '$oc/devices/5f8a1b2c3d_device001/sys/commands/response/request_id={request_id}',
    ]);
  });

  it('device refusals name the device formulas; clock skew is an error for signed device timestamps', () => {
    expect(explainRefusal({ kind: 'aliyun-iot-device', phase: 'connect', code: 4 })).toMatch(
      /clientId<clientId>deviceName<deviceName>productKey<productKey>timestamp<ms>/,
    );
    expect(explainRefusal({ kind: 'huawei-iotda-device', phase: 'connect', code: 4 })).toMatch(/YYYYMMDDHH in the Client ID/);
    expect(checkProfile(hw(), { now, clockOffsetMs: 10 * 60_000 }).find((f) => f.code === 'clock-skew')?.severity).toBe('error');
  });
});

describe('English text through the templates stays the same', () => {
  it('renders the protocol words from the tables', () => {
    expect(explainRefusal({ kind: 'mqtt', phase: 'connect', code: 4 })).toBe(
      `${CONNACK_V4[4]}. Check the user name and password configured for this broker (and its ACL for this client).`,
    );
    expect(explainRefusal({ kind: 'mqtt', phase: 'subscribe', code: 0x8f })).toBe(
      `Subscription refused: ${REASON_V5[0x8f]}. The broker refused this topic filter (check its ACL for this client and the filter syntax).`,
    );
  });
});
