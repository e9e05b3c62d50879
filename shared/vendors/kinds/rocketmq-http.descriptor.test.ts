/** The rocketmq-http kind: the endpoint the SDK gets, the consume request the preview signs, its checks. */
import { describe, expect, it } from 'vitest';
import { Profile, type ProfileInput } from '../../contract/profiles.contract';
import { httpSignature } from '../../rocketmq/http-api';
import { checkProfile } from '../preconnect-checks';
import { kindDescriptor, type RocketmqHttpConnectCredentials } from './index';
import { rocketmqHttpEndpoint } from './rocketmq-http.descriptor';

const now = 1_700_000_000_000;
const ctx = (secrets: Record<string, string> = {}) => ({ secrets, now, randomClientId: () => '' });
const profile = (extra: Record<string, unknown> = {}) =>
  Profile.parse({
    id: 'a',
    name: 'sim',
    kind: 'rocketmq-http',
    host: '1234567890.mqrest.cn-hangzhou.aliyuncs.com',
    instanceId: 'MQ_INST_1234567890_BXhFHYzS',
    topic: 'iotsim_mq_push',
    groupId: 'GID_diag',
    accessKey: 'LTAI5tExampleAK',
    ...extra,
  } as ProfileInput);
const d = kindDescriptor('rocketmq-http');

describe('RocketMQ over the MQ HTTP protocol (rocketmq-http)', () => {
  it('gives the SDK http(s)://host with the port only when it is not the scheme default', () => {
    expect(rocketmqHttpEndpoint({ host: 'h', port: 80, tls: false })).toBe('http://h');
    expect(rocketmqHttpEndpoint({ host: 'h', port: 443, tls: true })).toBe('https://h');
    expect(rocketmqHttpEndpoint({ host: '127.0.0.1', port: 40123, tls: false })).toBe('http://127.0.0.1:40123');
    const c = d.connect(profile(), ctx({ accessSecret: 'sk' })) as RocketmqHttpConnectCredentials;
    expect(c).toEqual({ endpoint: 'http://1234567890.mqrest.cn-hangzhou.aliyuncs.com', accessKeyId: 'LTAI5tExampleAK', accessKeySecret: 'sk' });
    expect(() => d.connect(profile(), ctx({}))).toThrow(/secret/i);
  });

  it('previews the consume request as the SDK signs it (GET, Date, x-mq-version, resource with consumer, ns, tag, batch, wait)', () => {
    const p = profile({ tag: 'CARD_STATUS_CHANGE||POOL_REST', batchSize: 8, waitSeconds: 10 });
    const v = d.preview(p, ctx({ accessSecret: 'sk' }));
    const resource =
      '/topics/iotsim_mq_push/messages?consumer=GID_diag&ns=MQ_INST_1234567890_BXhFHYzS&tag=CARD_STATUS_CHANGE%7C%7CPOOL_REST&numOfMessages=8&waitseconds=10';
    const date = new Date(now).toUTCString();
    expect(v.stringToSign).toBe(`GET\n\ntext/xml;charset=utf-8\n${date}\nx-mq-version:2015-06-06\n${resource}`);
    expect(v.password.kind).toBe('derived');
    const full = d.revealSignature!(p, { accessSecret: 'sk' }, now)!;
    expect(full.signature).toBe(httpSignature('sk', 'GET', { date, 'content-type': 'text/xml;charset=utf-8', 'x-mq-version': '2015-06-06' }, resource));
    expect(d.preview(p, ctx({})).password.kind).toBe('missing');
  });

  it('warns about a missing instance ID, a Group ID of another form, and held messages', () => {
    const codes = (p: Profile) => checkProfile(p, { now }).map((f) => f.code);
    expect(codes(profile())).not.toContain('rocketmq-http-no-instance');
    expect(codes(profile({ instanceId: '' }))).toContain('rocketmq-http-no-instance');
    expect(codes(profile({ groupId: 'diag' }))).toContain('rocketmq-http-group-format');
    expect(codes(profile({ ackMode: 'hold' }))).toContain('rocketmq-http-held');
    expect(codes(profile({ ackMode: 'auto' }))).not.toContain('rocketmq-http-held');
  });
});
