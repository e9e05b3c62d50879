/**
 * The QoS 0 PUBLISH fast path (electron/services/connections/mqtt-publish-fast-path.ts) against mosquitto, with
 * mqtt.js (a client we did not write) publishing: QoS 0, 1 and 2 interleaved on one topic, payloads from empty
 * to over a socket chunk, reach the store byte for byte, QoS 0 and 1 in the order published, on MQTT 3.1.1 (fast path) and
 * MQTT 5 (mqtt.js only); the protocol log still lists received PUBLISHes.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mosquittoAvailable, startMosquitto, type MosquittoBroker } from '../support/mosquitto';
import { protocolLog, saveProfile, testBackend, waitFor, waitForStatus, type TestBackend } from './mqtt-harness';

const haveMosquitto = mosquittoAvailable();
if (!haveMosquitto) console.log('SKIP mqtt-fast-path: mosquitto is not installed');

/** Opens a saved profile and waits until its subscription is granted. */
async function openSubscribed(t: TestBackend, profileId: string): Promise<string> {
  const { connectionId } = await t.backend.call('connections.open', { profileId });
  await waitForStatus(t, connectionId, 'connected');
  await waitFor(
    'the subscription granted',
    async () => (await t.backend.call('connections.list', {})).find((c) => c.connectionId === connectionId)?.subscriptions[0]?.granted !== undefined,
  );
  return connectionId;
}

describe.skipIf(!haveMosquitto)('MQTT QoS 0 fast path against mosquitto', () => {
  let broker: MosquittoBroker;
  let t: TestBackend;
  beforeAll(async () => {
    // No inflight limit: mosquitto then sends every message in the order it got them, whatever its QoS.
    broker = await startMosquitto({ extraConfig: ['max_inflight_messages 0'] });
    t = await testBackend();
  });
  afterAll(async () => {
    await t?.dispose();
    await broker?.stop();
  });

  it.each([4, 5] as const)('MQTT v%i: mixed QoS arrive in publish order with exact bytes', async (protocolVersion) => {
    const topic = `fast/v${protocolVersion}`;
    const id = await saveProfile(t.backend, {
      name: `fast v${protocolVersion}`,
      port: broker.port,
      protocolVersion,
      subscriptions: [{ filter: topic, qos: 2 }],
    });
    const connectionId = await openSubscribed(t, id);

    const sizes = [0, 1, 100, 127, 128, 16_383, 16_384, 70_000, 300_000];
    const sent = Array.from({ length: 240 }, (_, i) => {
      const size = sizes[i % sizes.length]!;
      const payload = Buffer.alloc(size + 8);
      payload.writeUInt32BE(i, 0);
      for (let k = 8; k < payload.length; k++) payload[k] = (k * 7 + i) & 0xff;
      return { payload, qos: ([0, 0, 0, 1, 0, 2] as const)[i % 6]! };
    });
    const pub = await mqtt.connectAsync(broker.url, { clientId: `fast-pub-${protocolVersion}` });
    for (const m of sent) pub.publish(topic, m.payload, { qos: m.qos });
    await pub.endAsync();

    const page = await waitFor('every message stored', async () => {
      const p = await t.backend.call('messages.page', { filter: { connectionIds: [connectionId] }, offset: 0, limit: 1000 });
      return p.total >= sent.length ? p : undefined;
    });
    expect(page.total).toBe(sent.length);
    const got: Array<{ index: number; bytes: Buffer; qos: number | undefined }> = [];
    for (const row of page.rows) {
      const detail = await t.backend.call('messages.detail', { seq: row.seq });
      const bytes = Buffer.from(detail!.payloadBase64, 'base64');
      got.push({ index: bytes.readUInt32BE(0), bytes, qos: row.qos });
    }
    // QoS 0 and 1 are handed over as they arrive: in publish order. A QoS 2 message is handed over at its PUBREL
    // (after the PUBREC round trip), so later ones may pass it; it must still be there, once, byte for byte.
    const inOrder = got.filter((g) => sent[g.index]!.qos < 2).map((g) => g.index);
    expect(inOrder).toEqual(sent.flatMap((m, i) => (m.qos < 2 ? [i] : [])));
    expect(got.map((g) => g.index).sort((a, b) => a - b)).toEqual(sent.map((_, i) => i));
    for (const g of got) {
      expect(g.bytes.equals(sent[g.index]!.payload), `message ${g.index} byte for byte`).toBe(true);
      expect(g.qos).toBe(sent[g.index]!.qos);
    }
    const log = await protocolLog(t, connectionId);
    expect(log.some((e) => e.dir === 'in' && e.type === 'PUBLISH' && /QoS 0/.test(e.summary))).toBe(true);
    await t.backend.call('connections.close', { connectionId });
  });

  it("QoS 1 through mosquitto's default 20-message inflight window: every message arrives, so every PUBACK went out", async () => {
    const small = await startMosquitto();
    try {
      const topic = 'fast/acks';
      const id = await saveProfile(t.backend, {
        name: 'fast acks',
        port: small.port,
        clientId: 'fast-acks',
        clean: false,
        subscriptions: [{ filter: topic, qos: 1 }],
      });
      const connectionId = await openSubscribed(t, id);
      const pub = await mqtt.connectAsync(small.url, { clientId: 'fast-acks-pub' });
      await Promise.all(Array.from({ length: 200 }, (_, i) => pub.publishAsync(topic, `m${i}`, { qos: 1 })));
      await pub.endAsync();
      const page = await waitFor('200 messages', async () => {
        const p = await t.backend.call('messages.page', { filter: { connectionIds: [connectionId] }, offset: 0, limit: 500 });
        return p.total >= 200 ? p : undefined;
      });
      expect(page.rows.map((r) => r.preview)).toEqual(Array.from({ length: 200 }, (_, i) => `m${i}`));
      const log = await protocolLog(t, connectionId);
      expect(log.some((e) => e.dir === 'out' && e.type === 'PUBACK')).toBe(true);
      await t.backend.call('connections.close', { connectionId });
    } finally {
      await small.stop();
    }
  });
});
