import { describe, expect, it } from 'vitest';
import { describePacket, MASK } from './packet-log';
import { reconnectDelay } from './reconnect-backoff';

describe('protocol log lines', () => {
  it('masks the CONNECT password and the will payload, never printing them', () => {
    const secret = 'hunter2-very-secret';
    const line = describePacket({
      cmd: 'connect',
      protocolVersion: 4,
      clientId: 'dev1',
      username: 'alice',
      password: Buffer.from(secret),
      clean: true,
      keepalive: 30,
      will: { topic: 'dev1/status', payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    const all = JSON.stringify(line);
    expect(all).not.toContain(secret);
    expect(all).not.toContain('offline');
    expect(line.summary).toBe('CONNECT MQTT 3.1.1 clientId="dev1" user="alice" password=(masked) clean session keep-alive 30 s will → dev1/status');
    expect(line.detail).toMatchObject({ password: MASK, will: { topic: 'dev1/status', qos: 1, retain: true, payloadBytes: 7 } });
  });

  it('masks MQTT 5 authentication data and shows binary properties as base64', () => {
    const line = describePacket(
      {
        cmd: 'connect',
        protocolVersion: 5,
        clientId: 'x',
        clean: true,
        keepalive: 60,
        properties: { authenticationData: Buffer.from('tok'), correlationData: Buffer.from([1, 2]) },
      },
      { protocolVersion: 5 },
    );
    expect(JSON.stringify(line)).not.toContain('dG9r');
    expect(line.detail!.properties).toEqual({ authenticationData: MASK, correlationData: { base64: 'AQI=' } });
  });

  it('reports CONNACK refusals with their code, v4 and v5', () => {
    expect(describePacket({ cmd: 'connack', returnCode: 5, sessionPresent: false })).toMatchObject({
      summary: 'CONNACK refused, return code 5',
      failureCode: 5,
    });
    expect(describePacket({ cmd: 'connack', reasonCode: 0x86, sessionPresent: false }, { protocolVersion: 5 })).toMatchObject({
      summary: 'CONNACK refused, reason code 134 (0x86)',
      failureCode: 0x86,
    });
    expect(describePacket({ cmd: 'connack', returnCode: 0, sessionPresent: true }).summary).toBe('CONNACK accepted (session present: yes)');
  });

  it('pairs SUBACK codes with the filters of the SUBSCRIBE', () => {
    const line = describePacket({ cmd: 'suback', messageId: 7, granted: [1, 128] }, { subscribeFilters: ['a/#', 'secret/+'] });
    expect(line.summary).toBe('SUBACK id=7 a/# → granted QoS 1, secret/+ → failure (0x80)');
    expect(line.failureCode).toBe(128);
  });

  it('describes PUBLISH without its payload and the acks by id', () => {
    const line = describePacket({ cmd: 'publish', topic: 't/1', qos: 1, messageId: 3, retain: true, dup: false, payload: Buffer.from('private data') });
    expect(line.summary).toBe('PUBLISH t/1 QoS 1 retain id=3 12 B');
    expect(JSON.stringify(line)).not.toContain('private data');
    expect(describePacket({ cmd: 'puback', messageId: 3 }).summary).toBe('PUBACK id=3');
    expect(describePacket({ cmd: 'puback', messageId: 3, reasonCode: 0x87 }, { protocolVersion: 5 })).toMatchObject({ failureCode: 0x87 });
    expect(describePacket({ cmd: 'disconnect', reasonCode: 0x8e }, { protocolVersion: 5 })).toMatchObject({
      summary: 'DISCONNECT reason code 0x8e',
      failureCode: 0x8e,
    });
    expect(describePacket({ cmd: 'pingreq' }).type).toBe('PINGREQ');
  });
});

describe('reconnect backoff', () => {
  const policy = { enabled: true, initialDelayMs: 1000, maxDelayMs: 10_000, maxAttempts: 0 };
  it('doubles up to the maximum, with bounded jitter', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => reconnectDelay(policy, a, 0.5))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(reconnectDelay(policy, 1, 0)).toBe(800);
    expect(reconnectDelay(policy, 1, 0.999)).toBeLessThanOrEqual(1200);
    expect(reconnectDelay(policy, 10, 0.999)).toBe(10_000);
  });
  it('stops when disabled or out of attempts', () => {
    expect(reconnectDelay({ ...policy, enabled: false }, 1)).toBeNull();
    expect(reconnectDelay({ ...policy, maxAttempts: 3 }, 3, 0.5)).toBe(4000);
    expect(reconnectDelay({ ...policy, maxAttempts: 3 }, 4)).toBeNull();
  });
});
