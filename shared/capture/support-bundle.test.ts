import { describe, expect, it } from 'vitest';
import { logRecord, makeHeader, messageRecord } from './capture-encoder';
import { parseCaptureText } from './capture-parser';
import type { CaptureRecord, MessageRecord } from './capture-format';
import { Pseudonymizer, identifiersFromProfile, identifiersFromTopic, profileWithoutSecrets } from './pseudonymizer';
import { BundleWriter, collectIdentifiers, findForbidden } from './support-bundle';

// Made-up values in the vendor's shapes (not real credentials).
const AK = 'LTAI5tFAKEFAKEFAKEacKEYz';
const SECRET = 'fakeSecretValue0123456789abcdef';
const profile = {
  id: 'p1',
  kind: 'aliyun-mq',
  name: 'Customer line 3',
  host: 'post-cn-fake.mqtt.aliyuncs.com',
  port: 1883,
  groupId: 'GID_lineThree',
  deviceId: 'press-07',
  clientId: 'GID_lineThree@@@press-07',
  instanceId: 'post-cn-fake123',
  accessKey: AK,
  password: 'should-never-be-here',
};

describe('pseudonymizer', () => {
  it('maps each identifier to one stable pseudonym everywhere, longest first, and removes secrets', () => {
    const p = new Pseudonymizer(
      [
        { kind: 'accessKey', value: AK },
        { kind: 'clientId', value: 'GID_lineThree@@@press-07' },
        { kind: 'groupId', value: 'GID_lineThree' },
        { kind: 'deviceName', value: 'press-07' },
      ],
      [SECRET],
    );
    expect(p.redactString(`Signature|${AK}|post|GID_lineThree@@@press-07 sig=${SECRET}`)).toBe('Signature|accesskey-1|post|client-1 sig=[secret removed]');
    expect(p.redactString('devices/press-07/up from GID_lineThree')).toBe('devices/device-1/up from group-1');
    expect(p.redactValue({ 'press-07': ['press-07', 1] })).toEqual({ 'device-1': ['device-1', 1] });
    const bytes = p.redactBytes(new Uint8Array([0, 1, ...new TextEncoder().encode(`x${AK}y`), 255]))!;
    expect([...bytes]).toEqual([0, 1, ...new TextEncoder().encode('xaccesskey-1y'), 255]);
    expect(p.redactBytes(new Uint8Array([1, 2, 3]))).toBeNull();
  });

  it('always hides AccessKeys, even when pseudonyms are off, and never shortens short values', () => {
    const p = new Pseudonymizer(
      [
        { kind: 'accessKey', value: AK },
        { kind: 'deviceName', value: 'press-07' },
        { kind: 'clientId', value: 'ab' },
      ],
      [],
      false,
    );
    expect(p.redactString(`${AK} press-07`)).toBe('accesskey-1 press-07');
    const q = new Pseudonymizer([{ kind: 'clientId', value: 'ab' }], []);
    expect(q.tooShort).toHaveLength(1);
    expect(q.redactString('about')).toBe('about');
  });

  it('finds product keys and device names in vendor topics', () => {
    expect(identifiersFromTopic('/a1B2c3D4e5F/sensor-9/user/update')).toEqual([
      { kind: 'productKey', value: 'a1B2c3D4e5F' },
      { kind: 'deviceName', value: 'sensor-9' },
    ]);
    expect(identifiersFromTopic('/as/mqtt/status/a1B2c3D4e5F/sensor-9')[1]).toEqual({ kind: 'deviceName', value: 'sensor-9' });
    expect(identifiersFromTopic('$oc/devices/66f0_dev1/sys/messages/up')).toEqual([{ kind: 'deviceName', value: '66f0_dev1' }]);
    expect(identifiersFromTopic('plain/topic')).toEqual([]);
  });

  it('takes identifiers from the profile, including the instance id in an MQ for IoT host name', () => {
    const ids = identifiersFromProfile({ kind: 'aliyun-mq', host: 'post-cn-abc123.mqtt.aliyuncs.com', accessKey: AK, groupId: 'GID_x', deviceId: 'd1' });
    expect(ids).toEqual(
      expect.arrayContaining([
        { kind: 'instanceId', value: 'post-cn-abc123' },
        { kind: 'accessKey', value: AK },
      ]),
    );
  });

  it('drops secret-looking profile fields', () => {
    expect(profileWithoutSecrets(profile)).not.toHaveProperty('password');
    expect(profileWithoutSecrets({ kind: 'x', authMode: 'token', securityToken: 'x', tokenRW: 'y' })).toEqual({ kind: 'x', authMode: 'token' });
  });
});

describe('support bundle', () => {
  const header = makeHeader({
    appVersion: '1.0.0',
    os: 'linux-x64',
    createdAt: 1000,
    profile,
    connection: { connectionId: 'c9', protocol: 'mqtt', name: 'GID_lineThree@@@press-07' },
  });
  const records: CaptureRecord[] = [
    messageRecord(
      {
        connectionId: 'c9',
        protocol: 'mqtt',
        arrivedAt: 2000,
        topic: 'line3/press-07/status',
        payload: new TextEncoder().encode(`{"ak":"${AK}","dev":"press-07"}`),
      },
      1,
    ),
    messageRecord({ connectionId: 'c9', protocol: 'mqtt', arrivedAt: 3000, topic: 'line3/other', payload: new Uint8Array([0, 1, 2]) }, 2),
    messageRecord({ connectionId: 'c9', protocol: 'mqtt', arrivedAt: 9000, topic: 'line3/late', payload: new Uint8Array([7]) }, 3),
    logRecord({
      connectionId: 'c9',
      at: 1500,
      dir: 'out',
      type: 'CONNECT',
      summary: `CONNECT clientId=GID_lineThree@@@press-07 username=Signature|${AK}|post-cn-fake123 password=${SECRET}`,
    }),
    { type: 'presence', at: 2500, event: { type: 'online', clientId: 'GID_lineThree@@@press-07' } },
    { type: 'token', at: 2600, event: { type: 'renewed', token: SECRET } },
  ];

  function build(pseudonymise: boolean) {
    const opts = { pseudonymise, secrets: [SECRET], now: 10_000, appVersion: '1.1.0', os: 'linux-x64', slice: { from: 1000, to: 5000 } };
    const ids = collectIdentifiers(header, records, opts);
    const w = new BundleWriter(header, ids, opts);
    let text = w.headerLine();
    for (const r of records) text += w.recordLine(r) ?? '';
    text += w.trailerLines();
    return { text, preview: w.result(), forbidden: w.forbidden() };
  }

  it('writes a readable capture with the slice, timelines and log, and no secret or identifier', () => {
    const { text, preview, forbidden } = build(true);
    expect(findForbidden(text, [AK, SECRET, 'GID_lineThree', 'press-07', 'post-cn-fake123', 'should-never-be-here'])).toEqual([]);
    expect(forbidden).toEqual(expect.arrayContaining([AK, SECRET]));
    const { records: back, summary } = parseCaptureText(text);
    expect(summary.warnings).toEqual([]);
    expect(summary.header.bundle?.pseudonymised).toBe(true);
    expect(summary.header.bundle?.pseudonyms.map((p) => p.pseudonym)).toContain('accesskey-1');
    const msgs = back.filter((r): r is MessageRecord => r.type === 'msg');
    expect(msgs.map((m) => m.topic)).toEqual(['line3/device-1/status', 'line3/other']);
    expect(Buffer.from(msgs[0]!.payload, 'base64').toString()).toBe('{"ak":"accesskey-1","dev":"device-1"}');
    expect(Buffer.from(msgs[1]!.payload, 'base64')).toEqual(Buffer.from([0, 1, 2]));
    expect(preview).toMatchObject({ messages: 2, logLines: 1, presenceEvents: 1, tokenEvents: 1, payloadsRewritten: 1, from: 2000, to: 3000 });
    expect(preview.secretsRemoved).toBe(2);
    expect(preview.pseudonyms.find((p) => p.kind === 'accessKey')).toMatchObject({ pseudonym: 'accesskey-1', masked: 'LT…Kz'.replace('Kz', AK.slice(-2)) });
    expect(back.find((r) => r.type === 'log')).toMatchObject({
      summary: 'CONNECT clientId=client-1 username=Signature|accesskey-1|instance-1 password=[secret removed]',
    });
  });

  it('without pseudonyms keeps identifiers but still removes the AccessKey and secrets', () => {
    const { text } = build(false);
    expect(text).toContain('press-07');
    expect(findForbidden(text, [AK, SECRET])).toEqual([]);
  });
});
