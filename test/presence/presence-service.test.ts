import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../shared/contract/connections.contract';
import type { PresenceEvent } from '../../shared/presence/presence-event';
import { verifyAliyunMqSignature } from '../../shared/vendors/aliyun-mq-token-signature';
import { startBackend, type Backend } from '../../electron/services/backend';
import { MemorySecretStore } from '../../electron/services/core/secret-store';
import { OnlineQueryPoller } from '../../electron/services/presence/online-query-poller';
import { waitUntil } from '../support/wait-until';

const root = path.resolve(import.meta.dirname, '..', '..');
const scenarios = JSON.parse(fs.readFileSync(path.join(root, 'test', 'fixtures', 'presence-scenarios.json'), 'utf8')) as {
  events: Record<string, unknown>[];
  expect: Record<string, Record<string, unknown>>;
}[];

let backend: Backend;
let dataDir: string;
const changed: { changed: string[]; counts: { clients: number } }[] = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldscope-presence-'));
  backend = await startBackend({ host: 'test', dataDir, secrets: new MemorySecretStore(), sandbox: false });
  backend.events.on('presence.changed', (p) => changed.push(p));
});

afterAll(async () => {
  await backend?.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('presence feature (backend dispatch)', () => {
  it('pasted scenario events give the expected states', async () => {
    await backend.call('presence.clear', {});
    const text = scenarios.flatMap((s) => s.events.map((e) => JSON.stringify(e))).join('\n');
    const r = await backend.call('presence.addEvents', { text });
    expect(r).toMatchObject({ rejected: 0, problems: [] });
    expect(r.added).toBe(scenarios.reduce((n, s) => n + s.events.length, 0));
    const snap = await backend.call('presence.snapshot', { limit: 100 });
    const byId = Object.fromEntries(snap.clients.map((c) => [c.clientId, c]));
    for (const sc of scenarios) {
      for (const [client, want] of Object.entries(sc.expect)) {
        for (const [k, v] of Object.entries(want)) {
          if (k === 'timeline') continue; // rows carry no timeline; checked through lanes below
          expect(byId[client]![k as 'online'], `${client}.${k}`).toEqual(v);
        }
      }
    }
    const lanes = await backend.call('presence.lanes', { from: 0, to: Number.MAX_SAFE_INTEGER, clientIds: ['a1pk/dev'] });
    expect(lanes.lanes[0]!.spans.map((s) => s.state)).toEqual(['offline', 'online', 'offline']);
    expect(snap.counts.duplicate).toBe(1);
  });

  it('flags, filters, cursor and CSV', async () => {
    await backend.call('presence.clear', {});
    await backend.call('presence.configure', { flapTransitions: 4, flapWindowMs: 60_000 });
    const events: PresenceEvent[] = [];
    for (let i = 0; i < 4; i++) {
      events.push({ clientId: 'GID_flap@@@f1', time: 10_000 + i * 5000, type: 'connect', channelId: `c${i}` });
      events.push({ clientId: 'GID_flap@@@f1', time: 12_000 + i * 5000, type: 'tcpclean', channelId: `c${i}` });
    }
    events.push({ clientId: 'GID_calm@@@c1', time: 10_000, type: 'connect', channelId: 'k' });
    events.push({ clientId: 'pk9/dev9', time: 11_000, type: 'status', status: 'online', source: 'iot' });
    expect((await backend.call('presence.addEvents', { events })).added).toBe(events.length);
    const flagged = await backend.call('presence.snapshot', { filter: { flagged: true } });
    expect(flagged.clients.map((c) => c.clientId)).toEqual(['GID_flap@@@f1']);
    const group = await backend.call('presence.snapshot', { filter: { group: 'pk9' } });
    expect(group.clients.map((c) => c.clientId)).toEqual(['pk9/dev9']);
    const at = await backend.call('presence.stateAt', { time: 13_000, clientIds: ['GID_flap@@@f1', 'nobody'] });
    expect(at).toMatchObject({ online: 2, offline: 1, notYetSeen: 0, states: { 'GID_flap@@@f1': 'offline', nobody: null } });
    const csv = await backend.call('presence.exportCsv', { filter: { text: 'flap' } });
    expect(csv.rows).toBe(8);
    expect(csv.text.split('\n')[0]).toBe('clientId,time,epochMs,state,previous,lastOffline,flapping,duplicate');
    expect(csv.text).toContain('GID_flap@@@f1,1970-01-01T00:00:12.000Z,12000,offline,online,abnormal,yes,');
  });

  it('recognises presence in messages the store ingests, on presence topics and marked topics', async () => {
    const messages = backend.services.maybe('messages');
    if (!messages) {
      console.warn('skipped: the messages service is not in this build');
      return;
    }
    await backend.call('presence.clear', {});
    const msg = (topic: string, body: unknown) => ({
      connectionId: 'conn1',
      protocol: 'mqtt' as const,
      arrivedAt: Date.now(),
      topic,
      payload: Buffer.from(JSON.stringify(body)),
    });
    messages.ingest(msg('GID_demo_MQTT', { clientId: 'GID_demo@@@d1', time: 5000, eventType: 'connect', channelId: 'z1' }));
    messages.ingest(msg('sensors/t', { temperature: 20 }));
    messages.ingest(msg('/as/mqtt/status/pkA/devA', { status: 'offline', productKey: 'pkA', deviceName: 'devA', time: '2018-08-31 10:01:28.195' }));
    // a custom event shape on a forwarding topic is only read once the topic is marked
    messages.ingest(msg('fwd/presence', [{ clientId: 'X1', time: 1, type: 'status', status: 'online' }]));
    let snap = await backend.call('presence.snapshot', {});
    expect(snap.clients.map((c) => c.clientId).sort()).toEqual(['GID_demo@@@d1', 'X1', 'pkA/devA']);
    await backend.call('presence.configure', { autoDetect: false });
    messages.ingest(msg('fwd/other', { clientId: 'X2', time: 1, type: 'status', status: 'online' }));
    await backend.call('presence.setSourceTopic', { topicFilter: 'fwd/#' });
    messages.ingest(msg('fwd/other', { clientId: 'X3', time: 1, type: 'status', status: 'online' }));
    messages.ingest(msg('fwd/other', 'not presence'));
    snap = await backend.call('presence.snapshot', {});
    expect(snap.clients.map((c) => c.clientId)).toContain('X3');
    expect(snap.clients.map((c) => c.clientId)).not.toContain('X2');
    expect(snap.counts.unreadable).toBe(1);
    expect(snap.sourceTopics).toEqual([{ topicFilter: 'fwd/#' }]);
    await backend.call('presence.configure', { autoDetect: true });
    await expect(backend.call('presence.setSourceTopic', { topicFilter: 'a/#/b' })).rejects.toThrow(/topic filter/);
  });

  it("records Fieldscope's own connections from connections.state, and batches presence.changed", async () => {
    await backend.call('presence.clear', {});
    changed.length = 0;
    const view = (status: ConnectionView['state']['status'], since: number, reason?: string): ConnectionView => ({
      connectionId: 'c-self',
      profileId: 'p',
      name: 'demo broker',
      kind: 'mqtt',
      protocol: 'mqtt',
      state: { status, since, ...(reason ? { reason } : {}) },
      subscriptions: [],
      received: 0,
      revision: since,
    });
    backend.events.emit('connections.state', view('connecting', 100));
    backend.events.emit('connections.state', view('connected', 200));
    backend.events.emit('connections.state', view('reconnecting', 300, 'ECONNRESET'));
    backend.events.emit('connections.state', view('refused', 400, 'CONNACK 5'));
    const snap = await backend.call('presence.snapshot', {});
    const row = snap.clients.find((c) => c.clientId === 'fieldscope/demo broker')!;
    expect(row).toMatchObject({ online: false, lastOffline: 'abnormal', sources: ['self'] });
    const lane = (await backend.call('presence.lanes', { from: 0, to: 1000, clientIds: [row.clientId] })).lanes[0]!;
    expect(lane.markers.map((m) => m.detail)).toEqual([undefined, 'dropped: ECONNRESET', 'refused: CONNACK 5']);
    // One trailing batch for the burst (the four states were emitted synchronously): wait for it, then count.
    await waitUntil('a presence.changed batch', () => changed.length >= 1);
    expect(changed.length).toBeLessThanOrEqual(3);
    expect(changed.flatMap((c) => c.changed)).toContain('fieldscope/demo broker');
  });

  it('answers bad input with words', async () => {
    await expect(backend.call('presence.lanes', { from: 10, to: 5, clientIds: [] })).rejects.toThrow(/must not be before/);
    const r = await backend.call('presence.addEvents', { text: '{"clientId":"a"}\nnope' });
    expect(r.added).toBe(0);
    expect(r.problems).toEqual([expect.stringMatching(/line 1: not a presence event/), 'line 2: not JSON']);
    await expect(backend.call('presence.poll', { profileId: 'missing', clientIds: ['GID_a@@@b'] })).rejects.toThrow(/No profile/);
  });
});

describe('online query poller against a real HTTP endpoint', () => {
  const SECRET = 'test-only-secret-not-real';
  let server: http.Server;
  let base: string;
  const calls: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const u = new URL(req.url!, 'http://x');
      const q = Object.fromEntries(u.searchParams);
      calls.push(q.resource!);
      if (u.pathname !== '/route/clientId/get') return void res.writeHead(400).end('{"code":1,"success":false}');
      const { signature, ...signed } = q;
      if (!verifyAliyunMqSignature(signed, SECRET, signature!)) return void res.writeHead(403).end('{"code":2,"success":false,"message":"sign"}');
      const n = (Number(q.resource!.split('@@@')[1]) % 4) - 1; // -1, 0, 1, 2
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 0, success: true, online: n, message: 'ok' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('records -1/0/1/2 answers, signs every call, and stops at 30 calls a minute', async () => {
    const recorded: PresenceEvent[] = [];
    const ids = Array.from({ length: 35 }, (_, i) => `GID_q@@@${i}`);
    const poller = new OnlineQueryPoller({ profileId: 'p', baseUrl: base, accessKey: 'AKTEST', secretKey: async () => SECRET }, ids, 60_000, (e) =>
      recorded.push(e),
    );
    await poller.round();
    poller.stop();
    expect(calls).toHaveLength(30);
    expect(recorded).toHaveLength(30);
    expect(recorded.slice(0, 4).map((e) => e.online)).toEqual([-1, 0, 1, 2]);
    expect(poller.view()).toMatchObject({ callsLastMinute: 30 });
    expect(poller.lastError).toBeUndefined();

    const wrong = new OnlineQueryPoller({ profileId: 'p', baseUrl: base, accessKey: 'AKTEST', secretKey: async () => 'wrong' }, ['GID_q@@@1'], 60_000, (e) =>
      recorded.push(e),
    );
    await wrong.round();
    wrong.stop();
    expect(wrong.lastError).toMatch(/HTTP 403 — authentication failed/);
    expect(wrong.lastError).not.toContain('wrong');
  });
});
