/**
 * Broker killed mid-stream → "reconnecting" with attempts, recovery once it is back; a flood is accounted
 * for in the inspector's viewport pushes (the once-a-frame rule is tested with a fake clock in viewport-session.test.ts).
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mosquittoAvailable, startMosquitto, type MosquittoBroker } from '../support/mosquitto';
import type { ViewportPush } from '../../shared/contract/messages.contract';
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
    const id = await saveProfile(t.backend, {
      name: 'resilient',
      port: broker.port,
      clientId: 'fs-resilient',
      reconnect: { enabled: true, initialDelayMs: 200, maxDelayMs: 800, maxAttempts: 0 },
    });
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
      await waitFor(
        'a second attempt',
        () =>
          t.states.some(
            (s) => s.connectionId === connectionId && s.state.status === 'reconnecting' && (s.state.attempt ?? 0) >= 2 && (s.state.retryInMs ?? 0) > 0,
          ),
        10_000,
      );
      // the backend keeps answering while the connection is down
      expect((await t.backend.call('messages.page', { filter: {}, offset: 0, limit: 1 })).stats.received).toBeGreaterThan(20);

      await broker.restart();
      const back = await waitForStatus(t, connectionId, 'connected', 15_000);
      expect(back.state.attempt).toBeUndefined();
      await waitFor(
        're-subscribed after reconnect',
        async () => (await t.backend.call('connections.list', {})).find((c) => c.connectionId === connectionId)!.subscriptions[0]?.granted === 1,
      );
      const before = (await t.backend.call('connections.list', {})).find((c) => c.connectionId === connectionId)!.received;
      await waitFor(
        'messages flowing again',
        async () => (await t.backend.call('connections.list', {})).find((c) => c.connectionId === connectionId)!.received > before + 20,
      );
      const log = await protocolLog(t, connectionId);
      expect(log.filter((e) => e.type === 'CONNECT').length).toBeGreaterThanOrEqual(2);
      expect(log.some((e) => e.type === 'reconnect' && /reconnecting in/.test(e.summary))).toBe(true);
    } finally {
      clearInterval(timer);
      await publisher.endAsync(true);
    }
  });

  it('accounts for every message of a flood in the viewport pushes: rows shown or a gap marker, never a silent skip', async () => {
    const id = await saveProfile(t.backend, { name: 'flood', port: broker.port });
    const { connectionId } = await t.backend.call('connections.open', { profileId: id });
    await waitForStatus(t, connectionId, 'connected');
    await t.backend.call('connections.subscribe', { connectionId, filter: 'flood/#', qos: 0 });
    const startStats = (await t.backend.call('messages.page', { filter: {}, offset: 0, limit: 1 })).stats;
    // A renderer following the tail of this connection that acknowledges each push as it gets it.
    const viewId = 'flood-view';
    const seen = new Set<number>();
    let gapped = 0;
    let lastTotal = 0;
    const unsubscribe = t.backend.events.onAny((name, payload) => {
      const p = payload as ViewportPush;
      if (name !== 'messages.viewport' || p.viewId !== viewId) return;
      for (const r of p.rows) seen.add(r.seq);
      gapped += p.gap?.count ?? 0;
      lastTotal = p.total;
      void t.backend.call('messages.viewportAck', { viewId, version: p.version });
    });
    await t.backend.call('messages.viewport', { viewId, request: 1, filter: { topicFilter: 'flood/#' }, range: { mode: 'tail', count: 100 } });
    const total = 60_000;
    const lines = Array.from({ length: total }, (_, i) => `{"device":"d${i % 50}","seq":${i},"temp":${(20 + (i % 10) / 10).toFixed(1)}}`).join('\n') + '\n';
    const res = await run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.port), '-t', 'flood/a', '-q', '1', '-l'], lines);
    expect(res.code).toBe(0);
    await waitFor(
      'every flood message stored',
      async () => (await t.backend.call('messages.page', { filter: {}, offset: 0, limit: 1 })).stats.received - startStats.received === total,
      30_000,
    );
    await waitFor('the viewport reaching the last message', () => lastTotal === total, 10_000);
    unsubscribe();
    await t.backend.call('messages.viewportClose', { viewId });
    console.log(`flood: ${total} messages, ${seen.size} shown in viewport pushes, ${gapped} behind gap markers`);
    expect(seen.size + gapped).toBe(total);
    // The skipped-packet summary is written when its one-second window closes, which may be after the last message.
    await waitFor(
      'the PUBLISH summary line',
      async () => (await protocolLog(t, connectionId)).some((e) => e.type === 'summary' && /PUBLISH received/.test(e.summary)),
      5000,
    );
    // the per-connection count reaches the renderer too (at most once a second)
    await waitFor('received count in a state event', () => t.states.some((s) => s.connectionId === connectionId && s.received === total), 5000);
    await t.backend.call('connections.close', { connectionId });
  });

  it('explains a port that accepts TCP but never answers CONNECT (connect timeout)', async () => {
    const net = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const port = (silent.address() as { port: number }).port;
      const id = await saveProfile(t.backend, {
        name: 'silent',
        port,
        connectTimeoutMs: 1000,
        reconnect: { enabled: false, initialDelayMs: 1000, maxDelayMs: 1000, maxAttempts: 0 },
      });
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
