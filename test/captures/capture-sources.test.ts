/**
 * An opened capture is a read-only source of the Protocol log, Presence and Tokens tabs (issue 7, "Open"):
 * recorded from real connections (mosquitto; the sandbox's MQ face in token mode), reopened, and read back
 * through the same methods the tabs use, with `capture:<id>` as the connection id / presence origin.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxService } from '../../electron/services/sandbox/sandbox-service';
import type { CaptureInfo } from '../../shared/contract/captures.contract';
import type { SandboxEndpoints } from '../../shared/contract/sandbox.contract';
import { protocolLog, saveProfile, testBackend, waitFor, waitForStatus, type TestBackend } from '../mqtt/mqtt-harness';
import { startSandbox } from '../sandbox/sandbox-helpers';
import { mosquittoAvailable, startMosquitto, type MosquittoBroker } from '../support/mosquitto';

const skip = !mosquittoAvailable();
if (skip) console.warn('capture sources test skipped: mosquitto is not installed (apt-get install mosquitto)');

const GROUP = 'GID_capsrc';
const EVENT_TOPIC = `${GROUP}_MQTT`;

describe.skipIf(skip)('an opened capture in the Protocol log and Presence tabs (mosquitto)', () => {
  let broker: MosquittoBroker;
  let t: TestBackend;
  let pub: MqttClient;
  let connectionId: string;
  let info: CaptureInfo;
  const t0 = Date.UTC(2024, 4, 1, 8, 0, 0);
  // MQ for IoT online/offline events as the broker pushes them on <GroupID>_MQTT.
  const events = [
    { clientId: `${GROUP}@@@dev-a`, time: t0, eventType: 'connect', channelId: 'ch-a1' },
    { clientId: `${GROUP}@@@dev-b`, time: t0 + 1000, eventType: 'connect', channelId: 'ch-b1' },
    { clientId: `${GROUP}@@@dev-a`, time: t0 + 5000, eventType: 'tcpclean', channelId: 'ch-a1' },
    { clientId: `${GROUP}@@@dev-c`, time: t0 + 6000, eventType: 'connect', channelId: 'ch-c1' },
  ];

  beforeAll(async () => {
    broker = await startMosquitto();
    t = await testBackend();
    const profileId = await saveProfile(t.backend, { kind: 'mqtt', name: 'presence line', port: broker.port });
    connectionId = (await t.backend.call('connections.open', { profileId })).connectionId;
    await waitForStatus(t, connectionId, 'connected');
    pub = await mqtt.connectAsync(broker.url, { clientId: 'capsrc-pub' });
  });
  afterAll(async () => {
    await pub?.endAsync();
    await t?.dispose();
    await broker?.stop();
  });

  it('records protocol log and presence events, reopens them as their own sources', async () => {
    const rec = await t.backend.call('captures.startRecording', { connectionId });
    // Recorded after the start: a SUBSCRIBE/SUBACK pair and the presence events.
    await t.backend.call('connections.subscribe', { connectionId, filter: EVENT_TOPIC, qos: 1 });
    for (const e of events) await pub.publishAsync(EVENT_TOPIC, JSON.stringify(e), { qos: 1 });
    await waitFor('presence messages recorded', async () => (await t.backend.call('captures.recordings', {}))[0]!.messages >= events.length || undefined);
    await t.backend.call('captures.stopRecording', { connectionId });
    // The live presence saw them too; clear it so what follows can only come from the capture.
    await t.backend.call('presence.clear', {});

    info = await t.backend.call('captures.open', { file: rec.file });
    expect(info.connectionId).toBe(`capture:${info.captureId}`);

    // Protocol log tab: the same method, paging and detail as a live connection.
    const recorded = await t.backend.call('captures.timeline', { captureId: info.captureId, kinds: ['log'], offset: 0, limit: 5000 });
    const log = await t.backend.call('connections.protocolLog', { connectionId: info.connectionId, offset: 0, limit: 5000 });
    expect(log.total).toBe(recorded.total);
    expect(log.entries.map((e) => [e.at, e.dir, e.type, e.summary])).toEqual(recorded.entries.map((e) => [e.at, e.dir, e.logType, e.summary]));
    const sub = log.entries.find((e) => e.dir === 'out' && e.type === 'SUBSCRIBE' && e.summary.includes(EVENT_TOPIC));
    expect(sub, 'the recorded SUBSCRIBE').toBeDefined();
    expect(sub!.detail).toBeDefined();
    const live = await protocolLog(t, connectionId);
    expect(live.some((e) => e.type === 'SUBSCRIBE' && e.at === sub!.at && e.summary === sub!.summary)).toBe(true);
    const page2 = await t.backend.call('connections.protocolLog', { connectionId: info.connectionId, offset: 1, limit: 2 });
    expect(page2.entries.map((e) => e.seq)).toEqual(log.entries.slice(1, 3).map((e) => e.seq));
    // Read-only: nothing can be sent through it.
    await expect(
      t.backend.call('connections.publish', { connectionId: info.connectionId, topic: 'x', payload: { format: 'text', data: 'y' } }),
    ).rejects.toThrow();

    // Presence tab: the clients from the capture's messages, under the capture's origin only.
    const snap = await t.backend.call('presence.snapshot', { origin: info.connectionId, order: 'clientId' });
    expect(snap.clients.map((c) => c.clientId)).toEqual([`${GROUP}@@@dev-a`, `${GROUP}@@@dev-b`, `${GROUP}@@@dev-c`]);
    expect(snap.clients.map((c) => c.state)).toEqual(['offline', 'online', 'online']);
    expect(snap.counts).toMatchObject({ clients: 3, online: 2, events: 4 });
    expect(snap.origins).toEqual(['live', info.connectionId]);
    const liveSnap = await t.backend.call('presence.snapshot', { filter: { text: GROUP } });
    expect(liveSnap.total).toBe(0);
    const lanes = await t.backend.call('presence.lanes', { origin: info.connectionId, from: t0 - 1000, to: t0 + 10_000, clientIds: [`${GROUP}@@@dev-a`] });
    expect(lanes.lanes[0]!.markers.map((m) => m.type)).toEqual(['connect', 'tcpclean']);
    const at = await t.backend.call('presence.stateAt', { origin: info.connectionId, time: t0 + 2000, clientIds: [`${GROUP}@@@dev-a`] });
    expect(at).toMatchObject({ online: 2, notYetSeen: 1, states: { [`${GROUP}@@@dev-a`]: 'online' } });
    // The same filters as the live presence.
    const filtered = await t.backend.call('presence.snapshot', { origin: info.connectionId, filter: { state: 'offline' } });
    expect(filtered.clients.map((c) => c.clientId)).toEqual([`${GROUP}@@@dev-a`]);
    const csv = await t.backend.call('presence.exportCsv', { origin: info.connectionId, filter: {} });
    expect(csv.rows).toBeGreaterThanOrEqual(4);
  });

  it('closing the capture removes it from every source', async () => {
    await t.backend.call('captures.close', { captureId: info.captureId });
    await expect(t.backend.call('connections.protocolLog', { connectionId: info.connectionId })).rejects.toThrow();
    await expect(t.backend.call('presence.snapshot', { origin: info.connectionId })).rejects.toThrow(/not open/);
    expect((await t.backend.call('presence.snapshot', {})).origins).toEqual(['live']);
  });
});

describe('an opened capture in the Tokens tab (sandbox MQ face, token mode)', () => {
  let sandbox: SandboxService;
  let ep: SandboxEndpoints;
  let t: TestBackend;

  beforeAll(async () => {
    ({ sandbox, ep } = await startSandbox({ amqp: { enabled: false }, huawei: { enabled: false } }));
    t = await testBackend();
  });
  afterAll(async () => {
    await t?.dispose();
    await sandbox?.stop();
  });

  it('the recorded token events are the capture’s token timeline (masked, as recorded)', async () => {
    const profileId = await saveProfile(
      t.backend,
      {
        kind: 'aliyun-mq',
        name: 'token capture',
        port: ep.mq!.tcpPort,
        groupId: 'GID_fieldscope',
        deviceId: 'capsrc1',
        accessKey: ep.mq!.accessKey,
        authMode: 'token',
        tokenRenewal: 'auto',
        tokenServiceUrl: ep.mq!.tokenServiceUrl,
        subscriptions: [],
      },
      { secretKey: ep.mq!.secretKey },
    );
    await t.backend.call('tokens.apply', { profileId, resources: ['fieldscope/capsrc'], actions: ['R', 'W'], lifetimeSec: 3600 });
    const connectionId = (await t.backend.call('connections.open', { profileId })).connectionId;
    await waitForStatus(t, connectionId, 'connected');
    const liveTl = await waitFor('token acknowledged', async () => {
      const tl = await t.backend.call('tokens.timeline', { connectionId });
      return tl.events.some((e) => e.kind === 'acknowledged') ? tl : undefined;
    });
    const rec = await t.backend.call('captures.startRecording', { connectionId });
    await t.backend.call('captures.stopRecording', { connectionId });

    const info = await t.backend.call('captures.open', { file: rec.file });
    expect(info.tokenEvents).toBe(liveTl.events.length);
    const tl = await t.backend.call('tokens.timeline', { connectionId: info.connectionId });
    expect(tl.events.map((e) => [e.at, e.kind, e.type, e.token, e.words])).toEqual(liveTl.events.map((e) => [e.at, e.kind, e.type, e.token, e.words]));
    expect(tl.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['applied', 'uploaded', 'acknowledged']));
    const exported = await t.backend.call('tokens.exportTimeline', { connectionId: info.connectionId, format: 'csv' });
    expect(exported.text.split('\n').filter(Boolean).length).toBe(tl.events.length + 1);
    expect(exported.fileName).toMatch(/^token-timeline-capture-cap\d+-/);
    // The upload gate's lines are in the capture's protocol log too.
    const log = await t.backend.call('connections.protocolLog', { connectionId: info.connectionId, limit: 5000 });
    expect(log.entries.length).toBe(info.logLines);

    await t.backend.call('captures.close', { captureId: info.captureId });
    await expect(t.backend.call('tokens.timeline', { connectionId: info.connectionId })).rejects.toThrow();
  });
});
