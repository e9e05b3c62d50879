import { describe, expect, it } from 'vitest';
import { Profile, type ProfileInput } from '../contract/profiles.contract';
import { checkProfile, GROUP_ID_PATTERN } from './preconnect-checks';

const now = 1_700_000_000_000;
const p = (input: ProfileInput) => Profile.parse(input);
const codes = (profile: ProfileInput, opts: Partial<Parameters<typeof checkProfile>[1]> = {}) => checkProfile(p(profile), { now, ...opts }).map((f) => f.code);

const mq = (extra: Partial<Record<string, unknown>> = {}): ProfileInput =>
  ({
    id: 'a',
    name: 'mq',
    kind: 'aliyun-mq',
    host: 'x.mqtt.aliyuncs.com',
    port: 1883,
    groupId: 'GID_AAA',
    deviceId: 'dev1',
    accessKey: 'LTAIxx',
    ...extra,
  }) as ProfileInput;
const amqp = (extra: Partial<Record<string, unknown>> = {}): ProfileInput =>
  ({
    id: 'b',
    name: 'amqp',
    kind: 'aliyun-amqp',
    host: 'x.iot-amqp.cn-shanghai.aliyuncs.com',
    clientId: 'host-1',
    consumerGroupId: 'DEFAULT_GROUP',
    accessKey: 'LTAIxx',
    ...extra,
  }) as ProfileInput;
const hw = (extra: Partial<Record<string, unknown>> = {}): ProfileInput =>
  ({
    id: 'c',
    name: 'hw',
    kind: 'huawei-iotda',
    host: 'x.iotda-app.myhuaweicloud.com',
    port: 8883,
    transport: 'tls',
    accessKey: 'AK1',
    instanceId: 'i1',
    forwardingTopic: 'fwd',
    ...extra,
  }) as ProfileInput;

describe('checkProfile', () => {
  it('a good MQ for IoT profile has no findings', () => {
    expect(codes(mq())).toEqual([]);
  });
  it('Group ID format: GID_, 7-32 characters, letters and digits', () => {
    expect(GROUP_ID_PATTERN.test('GID_AAA')).toBe(true);
    expect(GROUP_ID_PATTERN.test('GID_AA')).toBe(false);
    expect(GROUP_ID_PATTERN.test('GID_' + 'a'.repeat(28))).toBe(true);
    expect(GROUP_ID_PATTERN.test('GID_' + 'a'.repeat(29))).toBe(false);
    expect(codes(mq({ groupId: 'gid_AAA' }))).toContain('group-id-format');
    expect(codes(mq({ groupId: 'GID_A-B_C' }))).toContain('group-id-format');
  });
  it('Client ID over 64 characters and invisible characters', () => {
    expect(codes(mq({ deviceId: 'd'.repeat(60) }))).toContain('client-id-too-long');
    expect(codes(mq({ deviceId: 'd'.repeat(64 - 10) }))).not.toContain('client-id-too-long');
    expect(codes(mq({ deviceId: 'dev\u200b1' }))).toContain('client-id-invisible-chars');
    expect(codes(mq({ deviceId: 'dev 1' }))).toContain('client-id-invisible-chars');
  });
  it('topics, subscriptions, payload, QoS 2 with a persistent session, keep-alive', () => {
    expect(codes(mq(), { subscriptions: [{ filter: 'p/' + 'x'.repeat(63) }] })).toContain('topic-too-long');
    expect(codes(mq(), { publishTopics: ['p/' + 'x'.repeat(63)] })).toContain('topic-too-long');
    const subs = Array.from({ length: 31 }, (_, i) => ({ filter: `p/${i}` }));
    expect(codes(mq(), { subscriptions: subs })).toContain('too-many-subscriptions');
    expect(codes(mq(), { subscriptions: subs.slice(0, 30) })).not.toContain('too-many-subscriptions');
    expect(codes(mq(), { payloadSize: 64 * 1024 + 1 })).toContain('payload-too-large');
    expect(codes(mq(), { payloadSize: 64 * 1024 })).not.toContain('payload-too-large');
    expect(codes(mq({ clean: false, subscriptions: [{ filter: 'p/a', qos: 2 }] }))).toContain('qos2-persistent-session');
    expect(codes(mq({ clean: true, subscriptions: [{ filter: 'p/a', qos: 2 }] }))).not.toContain('qos2-persistent-session');
    expect(codes(mq({ keepaliveSec: 120 }))).toContain('keepalive-too-long');
    expect(codes(mq({ keepaliveSec: 90 }))).not.toContain('keepalive-too-long');
    expect(codes(mq({ transport: 'tls', port: 1883 }))).toContain('port-transport-mismatch');
  });
  it('clock more than 5 minutes off: error where the vendor signs a timestamp', () => {
    const f = checkProfile(p(hw()), { now, clockOffsetMs: 6 * 60_000 }).find((x) => x.code === 'clock-skew')!;
    expect(f.severity).toBe('error');
    expect(f.message).toMatch(/6 min ahead/);
    expect(checkProfile(p(amqp()), { now, clockOffsetMs: -400_000 }).find((x) => x.code === 'clock-skew')?.severity).toBe('error');
    expect(checkProfile(p(mq()), { now, clockOffsetMs: 400_000 }).find((x) => x.code === 'clock-skew')?.severity).toBe('warning');
    expect(codes(hw(), { clockOffsetMs: 299_000 })).not.toContain('clock-skew');
  });
  it('AMQP: consumer group, idle-time-out 30-300 s, TLS, source address, STS expiry', () => {
    expect(codes(amqp())).toEqual([]);
    expect(codes(amqp({ consumerGroupId: '' }))).toContain('missing-consumer-group');
    expect(codes(amqp({ idleTimeoutSec: 20 }))).toContain('idle-timeout-range');
    expect(codes(amqp({ idleTimeoutSec: 301 }))).toContain('idle-timeout-range');
    expect(codes(amqp({ idleTimeoutSec: 300 }))).not.toContain('idle-timeout-range');
    expect(codes(amqp({ tls: false }))).toContain('amqp-tls-required');
    expect(codes(amqp({ sourceAddress: '/q' }))).toContain('amqp-source-address');
    expect(codes(amqp({ authMode: 'ststoken', stsExpiresAt: now - 1 }))).toContain('sts-expired');
    expect(codes(amqp({ authMode: 'ststoken', stsExpiresAt: now + 60_000 }))).toContain('sts-expiring');
  });
  it('TLS verification skipped is a warning on every kind', () => {
    const f = checkProfile(p(amqp({ tlsOptions: { rejectUnauthorized: false } })), { now }).find((x) => x.code === 'tls-verification-skipped');
    expect(f?.severity).toBe('warning');
    expect(codes(hw({ tls: { rejectUnauthorized: false } }))).toContain('tls-verification-skipped');
    expect(
      codes({ id: 'd', name: 'g', kind: 'mqtt', host: 'h', port: 8883, transport: 'tcp', tls: { rejectUnauthorized: false } } as ProfileInput),
    ).not.toContain('tls-verification-skipped');
  });
  it('Huawei hints: port, TLS, instanceId, forwarding topic', () => {
    expect(codes(hw())).toEqual([]);
    expect(codes(hw({ port: 1883, transport: 'tcp' }))).toEqual(expect.arrayContaining(['huawei-port', 'huawei-tls']));
    expect(codes(hw({ instanceId: '' }))).toContain('huawei-instance-id');
    expect(codes(hw({ forwardingTopic: '' }))).toContain('huawei-no-forwarding-topic');
  });
  it('every finding says how to fix it, errors first', () => {
    const all = checkProfile(p(mq({ groupId: 'bad', keepaliveSec: 500 })), { now, payloadSize: 1e6 });
    expect(all.length).toBeGreaterThan(2);
    for (const f of all) expect(f.fix.length).toBeGreaterThan(10);
    const firstWarning = all.findIndex((f) => f.severity === 'warning');
    expect(all.slice(firstWarning).every((f) => f.severity === 'warning')).toBe(true);
  });
});
