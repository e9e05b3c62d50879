import { describe, expect, it } from 'vitest';
import { explainRefusal, CONNACK_V4 } from './refusal-explanations';

describe('explainRefusal', () => {
  it('explains MQTT 3.1.1 CONNACK codes 1-5 for a generic broker', () => {
    for (const code of [1, 2, 3, 4, 5]) {
      const text = explainRefusal({ kind: 'mqtt', phase: 'connect', code });
      expect(text).toContain(CONNACK_V4[code]);
    }
  });
  it('adds the MQ for IoT signature cause to a bad-credentials CONNACK', () => {
    const text = explainRefusal({ kind: 'aliyun-mq', phase: 'connect', code: 4 });
    expect(text).toMatch(/bad user name or password/i);
    expect(text).toMatch(/HmacSHA1\(SecretKey, Group ID\)/);
  });
  it('explains MQTT 5 reason codes', () => {
    expect(explainRefusal({ kind: 'mqtt', phase: 'connect', code: 0x86 })).toMatch(/Bad user name or password/);
    expect(explainRefusal({ kind: 'aliyun-mq', phase: 'disconnect', code: 0x8e })).toMatch(/same Client ID/);
  });
  it('says MQ for IoT checks permission at SUBSCRIBE time', () => {
    expect(explainRefusal({ kind: 'aliyun-mq', phase: 'disconnect', afterPacket: 'subscribe' })).toMatch(
      /checks permission at SUBSCRIBE time.*parent topic.*another account/,
    );
    expect(explainRefusal({ kind: 'aliyun-mq', phase: 'subscribe', code: 0x80 })).toMatch(/parent topic may not exist in this region/);
  });
  it('explains Huawei timestamp, access code and the 10-connection limit', () => {
    const text = explainRefusal({ kind: 'huawei-iotda', phase: 'connect', code: 4 })!;
    expect(text).toMatch(/5 minutes/);
    expect(text).toMatch(/access code/);
    expect(explainRefusal({ kind: 'huawei-iotda', phase: 'disconnect', afterPacket: 'connect' })).toMatch(/10 concurrent connections/);
  });
  it('explains AMQP conditions per vendor', () => {
    const a = explainRefusal({ kind: 'aliyun-amqp', phase: 'amqp', code: 'amqp:unauthorized-access', message: 'auth failed' })!;
    expect(a).toMatch(/authId/);
    expect(a).toMatch(/consumer group/);
    expect(a).toMatch(/timestamp/);
    expect(explainRefusal({ kind: 'amqp', phase: 'amqp', message: 'amqp:not-found: no queue' })).toMatch(/source address/);
    expect(explainRefusal({ kind: 'aliyun-amqp', phase: 'amqp', code: 'amqp:resource-limit-exceeded' })).toMatch(/128 connections/);
    expect(explainRefusal({ kind: 'aliyun-amqp', phase: 'disconnect', message: 'idle timeout' })).toMatch(/30-300 s/);
  });
  it('explains SASL outcomes', () => {
    expect(explainRefusal({ kind: 'amqp', phase: 'sasl', code: 1 })).toMatch(/authentication failed/);
    expect(explainRefusal({ kind: 'aliyun-amqp', phase: 'sasl', code: 1 })).toMatch(/signMethod/);
  });
  it('explains network errors', () => {
    expect(explainRefusal({ kind: 'mqtt', phase: 'transport', code: 'ECONNREFUSED' })).toMatch(/Nothing is listening/);
  });
  it('explains connect-time network failures and CONNACK time-outs', () => {
    expect(explainRefusal({ kind: 'aliyun-mq', phase: 'connect', code: 'ENOTFOUND' })).toMatch(/does not resolve/);
    expect(explainRefusal({ kind: 'aliyun-mq', phase: 'connect', message: 'connack timeout' })).toMatch(/Group ID is unknown/);
    expect(explainRefusal({ kind: 'mqtt', phase: 'connect', message: 'connect ECONNREFUSED 127.0.0.1:1' })).toMatch(/Nothing is listening/);
  });
  it('returns undefined when there is nothing to explain', () => {
    expect(explainRefusal({ kind: 'mqtt', phase: 'connect', code: 0 })).toBeUndefined();
  });
});
