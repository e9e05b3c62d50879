/**
 * What the protocol log says when a connection fails, checked against mosquitto: a refused CONNACK is
 * logged with its return code, a refused TCP connection logs no CONNECT and no "Connection lost", and a
 * profile without a Client ID keeps one Client ID across retries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port';
import { startSandbox } from '../sandbox/sandbox-helpers';
import { mosquittoAvailable, startMosquitto, type MosquittoBroker } from '../support/mosquitto';
import { protocolLog, saveProfile, testBackend, waitFor, waitForStatus, type TestBackend } from './mqtt-harness';

const haveMosquitto = mosquittoAvailable();
if (!haveMosquitto) console.log('SKIP mqtt-protocol-log: mosquitto is not installed');

describe.skipIf(!haveMosquitto)('MQTT protocol log on failures', () => {
  let broker: MosquittoBroker;
  let t: TestBackend;
  beforeAll(async () => {
    broker = await startMosquitto({ passwordFile: [{ user: 'alice', pass: 'right' }] });
    t = await testBackend();
  });
  afterAll(async () => {
    await t?.dispose();
    await broker?.stop();
  });

  it.each([4, 5] as const)('logs the refused CONNACK (MQTT v%i, not authorized) before the refusal', async (protocolVersion) => {
    const id = await saveProfile(t.backend, { name: 'wrong password', port: broker.port, username: 'alice', protocolVersion }, { password: 'wrong' });
    const { connectionId } = await t.backend.call('connections.open', { profileId: id });
    await waitForStatus(t, connectionId, 'refused');
    const log = await waitFor('the refusal line', async () => {
      const l = await protocolLog(t, connectionId);
      return l.some((e) => e.type === 'refused') ? l : undefined;
    });
    const connack = log.find((e) => e.type === 'CONNACK');
    expect(connack, 'a CONNACK line').toBeDefined();
    expect(connack!.summary).toMatch(protocolVersion === 5 ? /reason code 135/ : /return code 5/);
    expect(connack!.explanation).toBeTruthy();
    expect(log.findIndex((e) => e.type === 'CONNACK')).toBeLessThan(log.findIndex((e) => e.type === 'refused'));
  });

  it('logs no CONNECT and no "Connection lost" when the TCP connection is refused, and keeps one Client ID across retries', async () => {
    const port = await freePort();
    const id = await saveProfile(t.backend, { name: 'nobody home', port, reconnect: { enabled: true, initialDelayMs: 100, maxDelayMs: 200, maxAttempts: 3 } });
    const { connectionId } = await t.backend.call('connections.open', { profileId: id });
    await waitForStatus(t, connectionId, 'closed');
    const log = await protocolLog(t, connectionId);
    expect(log.filter((e) => e.type === 'CONNECT')).toEqual([]);
    expect(log.filter((e) => /connection lost/i.test(e.summary))).toEqual([]);
    const attempts = log.filter((e) => e.type === 'connect');
    expect(attempts.length).toBe(4);
    const ids = new Set(attempts.map((e) => /Client ID (\S+)/.exec(e.summary)?.[1]));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^fieldscope/);
    expect(log.some((e) => /ECONNREFUSED|refused/i.test(e.summary) && e.explanation)).toBe(true);
  });

  it('logs the sandbox MQ face refusing an unknown Group ID (CONNACK return code 5) with its explanation', async () => {
    const { sandbox, ep } = await startSandbox({ huawei: { enabled: false }, amqp: { enabled: false } });
    try {
      const id = await saveProfile(
        t.backend,
        {
          kind: 'aliyun-mq',
          name: 'unknown group',
          port: ep.mq!.tlsPort,
          transport: 'tls',
          tls: { caFile: ep.caFile, rejectUnauthorized: true, servername: 'localhost' },
          groupId: 'GID_nothere',
          deviceId: 'dev1',
          accessKey: ep.mq!.accessKey,
          authMode: 'signature',
        },
        { secretKey: ep.mq!.secretKey },
      );
      const { connectionId } = await t.backend.call('connections.open', { profileId: id });
      await waitForStatus(t, connectionId, 'refused');
      const log = await waitFor('the refusal line', async () => {
        const l = await protocolLog(t, connectionId);
        return l.some((e) => e.type === 'refused') ? l : undefined;
      });
      const connack = log.find((e) => e.type === 'CONNACK');
      expect(connack, 'a CONNACK line').toBeDefined();
      expect(connack!.summary).toMatch(/return code 5/);
      expect(connack!.explanation).toMatch(/Group ID/);
    } finally {
      await sandbox.stop();
    }
  });
});
