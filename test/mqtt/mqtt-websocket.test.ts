/**
 * MQTT over WebSocket and secure WebSocket, against aedes served with `ws` (mosquitto's websockets
 * listener does not start on this machine kind), plus a subscription the broker refuses.
 */
import mqtt from 'mqtt';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAedesWs, type AedesWsBroker } from '../support/aedes-ws';
import { protocolLog, saveProfile, testBackend, waitFor, waitForStatus, type TestBackend } from './mqtt-harness';

const PASS = 'test-only-ws-pass';

describe('MQTT over ws / wss (aedes)', () => {
  let broker: AedesWsBroker;
  let t: TestBackend;
  beforeAll(async () => {
    broker = await startAedesWs({
      auth: { user: 'bob', pass: PASS },
      denySubscribe: (f) => f.startsWith('secret/'),
      dropOnSubscribe: (f) => f.startsWith('forbidden/'),
    });
    t = await testBackend();
  });
  afterAll(async () => {
    await t?.dispose();
    await broker?.stop();
  });

  const publishFromOutside = async (url: string, topic: string, payload: Buffer) => {
    const c = await mqtt.connectAsync(url, { username: 'bob', password: PASS, ca: fs.readFileSync(broker.caFile), reconnectPeriod: 0 });
    await c.publishAsync(topic, payload, { qos: 1 });
    await c.endAsync();
  };

  for (const transport of ['ws', 'wss'] as const) {
    it(`connects over ${transport} with the path, and receives messages byte-exact`, async () => {
      const port = transport === 'ws' ? broker.wsPort : broker.wssPort;
      const id = await saveProfile(
        t.backend,
        {
          name: transport,
          host: transport === 'wss' ? 'localhost' : '127.0.0.1',
          port,
          transport,
          wsPath: broker.path,
          username: 'bob',
          tls: { caFile: broker.caFile, rejectUnauthorized: true },
        },
        { password: PASS },
      );
      const { connectionId } = await t.backend.call('connections.open', { profileId: id });
      await waitForStatus(t, connectionId, 'connected');
      await t.backend.call('connections.subscribe', { connectionId, filter: `${transport}/#`, qos: 1 });
      const bytes = Buffer.from([0xe6, 0xb8, 0xa9, 0xff, 0x00, 0x01]);
      await publishFromOutside(`${transport}://${transport === 'wss' ? 'localhost' : '127.0.0.1'}:${port}${broker.path}`, `${transport}/dev1`, bytes);
      const page = await waitFor(`${transport} message`, async () => {
        const p = await t.backend.call('messages.page', { filter: { connectionIds: [connectionId] }, offset: 0, limit: 10 });
        return p.total ? p : undefined;
      });
      const d = await t.backend.call('messages.detail', { seq: page.rows[0]!.seq });
      expect(Buffer.from(d!.payloadBase64, 'base64').equals(bytes)).toBe(true);
      expect(page.rows[0]!.binary).toBe(true);
      await t.backend.call('connections.close', { connectionId });
    });
  }

  it('wrong password over ws is refused and explained', async () => {
    const id = await saveProfile(
      t.backend,
      { name: 'ws bad', port: broker.wsPort, transport: 'ws', wsPath: broker.path, username: 'bob' },
      { password: 'wrong' },
    );
    const { connectionId } = await t.backend.call('connections.open', { profileId: id });
    const v = await waitForStatus(t, connectionId, 'refused');
    expect(v.state.explanation).toMatch(/bad user name or password/i);
  });

  it('a wrong ws path is explained, not a crash', async () => {
    const id = await saveProfile(
      t.backend,
      {
        name: 'ws path',
        port: broker.wsPort,
        transport: 'ws',
        wsPath: '/nope',
        username: 'bob',
        reconnect: { enabled: false, initialDelayMs: 1000, maxDelayMs: 1000, maxAttempts: 0 },
      },
      { password: PASS },
    );
    const { connectionId } = await t.backend.call('connections.open', { profileId: id });
    const v = await waitForStatus(t, connectionId, 'closed');
    expect(v.state.reason).toMatch(/WebSocket closed before any CONNACK|40\d/);
    expect(v.state.explanation).toMatch(/WebSocket path/);
  });

  it('shows a SUBACK failure with the filter and an explanation', async () => {
    const id = await saveProfile(t.backend, { name: 'acl', port: broker.wsPort, transport: 'ws', wsPath: broker.path, username: 'bob' }, { password: PASS });
    const { connectionId } = await t.backend.call('connections.open', { profileId: id });
    await waitForStatus(t, connectionId, 'connected');
    expect((await t.backend.call('connections.subscribe', { connectionId, filter: 'public/#', qos: 1 })).granted).toBe(1);
    const denied = await t.backend.call('connections.subscribe', { connectionId, filter: 'secret/#', qos: 1 });
    expect(denied.granted).toBe(0x80);
    const log = await protocolLog(t, connectionId);
    const suback = log.find((e) => e.type === 'SUBACK' && e.summary.includes('secret/#'));
    expect(suback?.summary).toContain('secret/# → failure (0x80)');
    expect(suback?.explanation).toMatch(/refused/i);
  });

  it('explains a connection dropped right after SUBSCRIBE', async () => {
    const id = await saveProfile(
      t.backend,
      {
        name: 'drop',
        port: broker.wsPort,
        transport: 'ws',
        wsPath: broker.path,
        username: 'bob',
        reconnect: { enabled: true, initialDelayMs: 5000, maxDelayMs: 5000, maxAttempts: 0 },
      },
      { password: PASS },
    );
    const { connectionId } = await t.backend.call('connections.open', { profileId: id });
    await waitForStatus(t, connectionId, 'connected');
    await expect(t.backend.call('connections.subscribe', { connectionId, filter: 'forbidden/#', qos: 1 })).rejects.toThrow();
    const v = await waitForStatus(t, connectionId, 'reconnecting');
    expect(v.state.reason).toMatch(/right after SUBSCRIBE/);
    expect(v.state.explanation).toMatch(/closed right after SUBSCRIBE/);
    await t.backend.call('connections.close', { connectionId });
  });
});
