/**
 * Broker killed mid-stream → "reconnecting" with attempts, recovery once it is back; a flood is stored and
 * batched to the renderer with every message accounted for. (The 60-a-second rule itself is asserted on a
 * manual clock in message-store.test.ts; the rate seen by a listener is a figure of `npm run bench:ingest`.)
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mosquittoAvailable, startMosquitto, type MosquittoBroker } from '../support/mosquitto';
import { protocolLog, run, saveProfile, testBackend, waitFor, waitForStatus, type TestBackend } from './mqtt-harness';

const haveMosquitto = mosquittoAvailable();
if (!haveMosquitto) console.log('SKIP mqtt-resilience: mosquitto is not installed');

describe.skipIf(!haveMosquitto)('MQTT resilience', () => {
  let broker: MosquittoBroker;
  let t: TestBackend;
  beforeAll(async () => {
    broker = await startMosquitto();
    t = await testBackend();
  });
  afterAll(async () => {
    await t?.dispose();
    await broker?.stop();
  });

  it('goes to reconnecting with attempts when the broker dies mid-stream, and recovers when it is back', async () => {
    const id = await saveProfile(t.backend, { name: 'resilient', port: broker.port, clientId: 'fs-resilient', reconnect: { enabled: true, initialDelayMs: 200, maxDelayMs: 800, maxAttempts: 0 } });
    const { connectionId } = await t.backend.call('connections.open', { profileId: id });
    await waitForStatus(t, connectionId, 'connected');
    await t.backend.call('connections.subscribe', { connectionId, filter: 'stream/#', qos: 1 });

    const publisher = mqtt.connect(broker.url, { reconnectPeriod: 100, clientId: 'test-publisher' });
    let n = 0;
    const timer = setInterval(() => {
      if (publisher.connected) publisher.publish('stream/x', JSON.stringify({ n: n++ }), { qos: 0 });
    }, 5);
    try {
      await waitFor('messages flowing', async () => (await t.backend.call('connections.list', {})).find((c) => c.connectionId === connectionId)!.received > 20);
      await broker.kill();
      const r1 = await waitForStatus(t, connectionId, 'reconnecting');
      expect(r1.state.attempt).toBeGreaterThanOrEqual(1);
      expect(r1.state.explanation ?? r1.state.reason).toBeTruthy();
      await waitFor('a second attempt', () => t.states.some((s) => s.connectionId === connectionId && s.state.status === 'reconnecting' && (s.state.attempt ?? 0) >= 2 && (s.state.retryInMs ?? 0) > 0), 30_000);
      // the backend keeps answering while the connection is down
      expect((await t.backend.call('messages.page', { filter: {}, offset: 0, limit: 1 })).stats.received).toBeGreaterThan(20);

      await broker.restart();
      const back = await waitForStatus(t, connectionId, 'connected', 15_000);
      expect(back.state.attempt).toBeUndefined();
      await waitFor('re-subscribed after reconnect', async () => (await t.backend.call('connections.list', {})).find((c) => c.connectionId === connectionId)!.subscriptions[0]?.granted === 1);
      const before = (await t.backend.call('connections.list', {})).find((c) => c.connectionId === connectionId)!.received;
      await waitFor('messages flowing again', async () => (await t.backend.call('connections.list', {})).find((c) => c.connectionId === connectionId)!.received > before + 20);
      const log = await protocolLog(t, connectionId);
      expect(log.filter((e) => e.type === 'CONNECT').length).toBeGreaterThanOrEqual(2);
      expect(log.some((e) => e.type === 'reconnect' && /reconnecting in/.test(e.summary))).toBe(true);
    } finally {
      clearInterval(timer);
      await publisher.endAsync(true);
    }
  });

  it('batches a flood to the renderer and accounts for every message', async () => {
    const id = await saveProfile(t.backend, { name: 'flood', port: broker.port });
    const { connectionId } = await t.backend.call('connections.open', { profileId: id });
    await waitForStatus(t, connectionId, 'connected');
    await t.backend.call('connections.subscribe', { connectionId, filter: 'flood/#', qos: 0 });
    const startStats = (await t.backend.call('messages.page', { filter: {}, offset: 0, limit: 1 })).stats;
    const firstBatch = t.batches.length;
    const total = 60_000;
    const lines = Array.from({ length: total }, (_, i) => `{"device":"d${i % 50}","seq":${i},"temp":${(20 + (i % 10) / 10).toFixed(1)}}`).join('\n') + '\n';
    const res = await run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.port), '-t', 'flood/a', '-q', '1', '-l'], lines);
    expect(res.code).toBe(0);
    await waitFor('every flood message stored', async () => (await t.backend.call('messages.page', { filter: {}, offset: 0, limit: 1 })).stats.received - startStats.received === total, 30_000);
    await waitFor('the last batch event', () => t.batches.slice(firstBatch).reduce((sum, x) => sum + x.rows + x.truncated, 0) >= total, 15_000);
    const batches = t.batches.slice(firstBatch);
    // Batched, not one event per message (structural: the 30 s liveness bound above allows at most ~1,800).
    expect(batches.length).toBeLessThan(total / 10);
    expect(batches.reduce((s, b) => s + b.rows + b.truncated, 0)).toBe(total);
    // The skipped-packet summary is written when its one-second window closes, which may be after the last message.
    await waitFor('the PUBLISH summary line', async () => (await protocolLog(t, connectionId)).some((e) => e.type === 'summary' && /PUBLISH received/.test(e.summary)), 15_000);
    // the per-connection count reaches the renderer too (at most once a second)
    await waitFor('received count in a state event', () => t.states.some((s) => s.connectionId === connectionId && s.received === total), 15_000);
    await t.backend.call('connections.close', { connectionId });
  });

  it('explains a port that accepts TCP but never answers CONNECT (connect timeout)', async () => {
    const net = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const port = (silent.address() as { port: number }).port;
      const id = await saveProfile(t.backend, { name: 'silent', port, connectTimeoutMs: 1000, reconnect: { enabled: false, initialDelayMs: 1000, maxDelayMs: 1000, maxAttempts: 0 } });
      const { connectionId } = await t.backend.call('connections.open', { profileId: id });
      const v = await waitForStatus(t, connectionId, 'closed', 10_000);
      expect(v.state.reason).toMatch(/connack timeout/);
      expect(v.state.explanation).toMatch(/No CONNACK within 1 s/);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });
});
