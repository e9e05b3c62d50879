import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MqttClient } from 'mqtt';
import { aliyunMqSignaturePassword } from '../../shared/vendors/aliyun-mq-signature';
import type { SandboxService } from '../../electron/services/sandbox/sandbox-service';
import type { SandboxEndpoints } from '../../shared/contract/sandbox.contract';
import { closed, collect, connectMq, control, mqUrl, recordOf, startSandbox, until } from './sandbox-helpers';

// MQ for IoT face rules [seed 004], each checked so that removing the rule fails a test.
describe('sandbox MQ for IoT face', () => {
  let sandbox: SandboxService;
  let ep: SandboxEndpoints;
  const open: MqttClient[] = [];

  beforeAll(async () => {
    ({ sandbox, ep } = await startSandbox({ mq: { offline: { autoPushDelayMs: 60_000, autoPushIntervalMs: 50, autoPushBatch: 2 } } }));
  });
  afterAll(async () => {
    for (const c of open) c.end(true);
    await sandbox.stop();
  });

  const pw = (g = 'GID_fieldscope') => aliyunMqSignaturePassword(ep.mq!.secretKey, g);
  const sig = async (device: string, extra: Record<string, unknown> = {}, url = mqUrl(ep)) => {
    const c = await connectMq(url, { clientId: `GID_fieldscope@@@${device}`, username: ep.mq!.accessKey, password: pw(), ...extra });
    open.push(c);
    return c;
  };
  const refusal = async (clientId: string, password = pw(), username = ep.mq!.accessKey) => {
    const err = await connectMq(mqUrl(ep), { clientId, username, password }).then(
      (c) => {
        c.end(true);
        return undefined;
      },
      (e: { code?: number }) => e,
    );
    return err?.code;
  };

  it('refuses a malformed or over-long Client ID, an unknown or malformed Group ID, a wrong signature', async () => {
    expect(await refusal('no-separator')).toBe(2);
    expect(await refusal(`GID_fieldscope@@@${'x'.repeat(64 - 17 + 1)}`)).toBe(2);
    expect(await refusal('GID_fieldscope@@@dev 1')).toBe(2);
    expect(await refusal('GID_nosuchgroup@@@dev', aliyunMqSignaturePassword(ep.mq!.secretKey, 'GID_nosuchgroup'))).toBe(5);
    expect(await refusal('GID_a@@@dev', aliyunMqSignaturePassword(ep.mq!.secretKey, 'GID_a'))).toBe(2); // shorter than 7
    expect(await refusal('GID_fieldscope@@@dev', 'AAAA')).toBe(4);
    expect(await refusal('GID_fieldscope@@@dev', pw(), 'NOT-THE-AK')).toBe(4);
    // the longest legal Client ID connects
    const ok = await sig('d'.repeat(64 - 17));
    expect(ok.connected).toBe(true);
    const reasons = (await recordOf(ep, { kind: 'connect-refused' })).map((e) => e.detail?.reason);
    expect(reasons).toEqual(
      expect.arrayContaining(['client-id-format', 'client-id-too-long', 'group-id-unknown', 'group-id-format', 'signature-mismatch', 'access-key-unknown']),
    );
  });

  it('a duplicate Client ID kicks the older connection', async () => {
    const a = await sig('dup');
    const gone = closed(a);
    const b = await sig('dup');
    await gone;
    expect(b.connected).toBe(true);
    expect((await recordOf(ep, { kind: 'duplicate-client-id', clientId: 'GID_fieldscope@@@dup' })).length).toBe(1);
  });

  it('a missing parent topic disconnects at SUBSCRIBE (not at CONNECT), and at PUBLISH', async () => {
    const c = await sig('noparent-sub');
    expect(c.connected).toBe(true);
    const gone = closed(c);
    c.subscribe('nosuchparent/x', { qos: 0 });
    await gone;
    const p = await sig('noparent-pub');
    const gone2 = closed(p);
    p.publish('nosuchparent/y', 'x', { qos: 1 });
    await gone2;
    const ops = (await recordOf(ep, { kind: 'parent-topic-missing' })).map((e) => e.detail?.op);
    expect(ops).toEqual(expect.arrayContaining(['subscribe', 'publish']));
  });

  it('a topic longer than 64 characters disconnects', async () => {
    const c = await sig('longtopic');
    const gone = closed(c);
    c.publish(`fieldscope/${'t'.repeat(60)}`, 'x', { qos: 1 });
    await gone;
    expect((await recordOf(ep, { kind: 'topic-too-long', clientId: 'GID_fieldscope@@@longtopic' })).length).toBe(1);
  });

  it('drops a payload over 64 KB but keeps the connection', async () => {
    const sub = await sig('big-sub');
    const got = collect(sub);
    await sub.subscribeAsync('fieldscope/big', { qos: 1 });
    const pub = await sig('big-pub');
    await pub.publishAsync('fieldscope/big', Buffer.alloc(64 * 1024 + 1, 1), { qos: 1 });
    await pub.publishAsync('fieldscope/big', Buffer.alloc(64 * 1024, 2), { qos: 1 });
    await until('the 64 KB message', () => got.length >= 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(got.map((m) => m.payload.length)).toEqual([64 * 1024]);
    expect(pub.connected).toBe(true);
  });

  it('ignores the 31st subscription silently', async () => {
    const c = await sig('subs31');
    const got = collect(c);
    for (let i = 1; i <= 31; i++) await c.subscribeAsync(`fieldscope/s31/${i}`, { qos: 0 });
    const pub = await sig('subs31-pub');
    await pub.publishAsync('fieldscope/s31/31', 'thirty-one', { qos: 1 });
    await pub.publishAsync('fieldscope/s31/30', 'thirty', { qos: 1 });
    await until('the 30th subscription message', () => got.some((m) => m.topic === 'fieldscope/s31/30'));
    await new Promise((r) => setTimeout(r, 200));
    expect(got.map((m) => m.topic)).toEqual(['fieldscope/s31/30']);
    expect(c.connected).toBe(true);
    expect((await recordOf(ep, { kind: 'subscription-ignored', clientId: 'GID_fieldscope@@@subs31' })).length).toBe(1);
  });

  it('delivers P2P messages to the target only, via a <parent>/p2p subscription', async () => {
    const b = await sig('p2p-b');
    const gotB = collect(b);
    await b.subscribeAsync('fieldscope/p2p', { qos: 1 });
    const c = await sig('p2p-c');
    const gotC = collect(c);
    await c.subscribeAsync('fieldscope/#', { qos: 1 });
    const a = await sig('p2p-a');
    await a.publishAsync('fieldscope/p2p/GID_fieldscope@@@p2p-b', 'for b', { qos: 1 });
    await until('the P2P message at B', () => gotB.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(gotB[0].payload.toString()).toBe('for b');
    expect(gotC.filter((m) => m.topic.includes('/p2p/'))).toEqual([]);
  });

  it('keeps QoS 1 offline messages for persistent sessions, pulled with $SYS/getOfflineMsg (DESC, max N)', async () => {
    const first = await sig('offline', { clean: false });
    await first.subscribeAsync('fieldscope/off', { qos: 1 });
    await first.endAsync();
    const pub = await sig('offline-pub');
    for (let i = 1; i <= 5; i++) await pub.publishAsync('fieldscope/off', `m${i}`, { qos: 1 });
    expect(sandbox.mq!.offlineCount('GID_fieldscope@@@offline')).toBe(5);
    const again = await sig('offline', { clean: false });
    const got = collect(again);
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toEqual([]); // not pushed at once: slowly by default, or on request
    await again.publishAsync('$SYS/getOfflineMsg', JSON.stringify({ pushOrder: 'DESC', maxPushNum: 3 }), { qos: 1 });
    await until('3 pulled messages', () => got.length === 3);
    expect(got.map((m) => m.payload.toString())).toEqual(['m5', 'm4', 'm3']);
    expect(sandbox.mq!.offlineCount('GID_fieldscope@@@offline')).toBe(2);
  });

  it('pushes offline messages slowly on its own when the client does not pull', async () => {
    const { sandbox: sb2, ep: ep2 } = await startSandbox({
      amqp: { enabled: false },
      huawei: { enabled: false },
      mq: { offline: { autoPushDelayMs: 200, autoPushIntervalMs: 100, autoPushBatch: 1 } },
    });
    try {
      const p = aliyunMqSignaturePassword(ep2.mq!.secretKey, 'GID_fieldscope');
      const o = { clientId: 'GID_fieldscope@@@auto', username: ep2.mq!.accessKey, password: p, clean: false };
      const c1 = await connectMq(mqUrl(ep2), o);
      await c1.subscribeAsync('fieldscope/auto', { qos: 1 });
      await c1.endAsync();
      const pub = await connectMq(mqUrl(ep2), { ...o, clientId: 'GID_fieldscope@@@auto-pub', clean: true });
      for (let i = 1; i <= 3; i++) await pub.publishAsync('fieldscope/auto', `a${i}`, { qos: 1 });
      const c2 = await connectMq(mqUrl(ep2), o);
      const got = collect(c2);
      await until('auto-pushed offline messages', () => got.length === 3);
      expect(got.map((m) => m.payload.toString())).toEqual(['a1', 'a2', 'a3']);
      const pushes = await recordOf(ep2, { kind: 'offline-pushed' });
      expect(pushes.every((e) => e.detail?.how === 'auto' && e.detail?.count === 1)).toBe(true);
      c2.end(true);
      pub.end(true);
    } finally {
      await sb2.stop();
    }
  });

  it('limits $SYS/getOfflineMsg to 5 pulls per second and accepts $SYS/enableOrderMsg', async () => {
    const c = await sig('pull-rate', { clean: false });
    for (let i = 0; i < 6; i++) await c.publishAsync('$SYS/getOfflineMsg', JSON.stringify({ pushOrder: 'ASC', maxPushNum: 1 }), { qos: 1 });
    expect((await recordOf(ep, { kind: 'offline-pull-rate-limited', clientId: 'GID_fieldscope@@@pull-rate' })).length).toBe(1);
    await c.publishAsync('$SYS/enableOrderMsg', JSON.stringify({ order: 'true' }), { qos: 1 });
    expect(c.connected).toBe(true);
    expect((await recordOf(ep, { kind: 'order-enabled', clientId: 'GID_fieldscope@@@pull-rate' })).length).toBe(1);
  });

  it('treats QoS 2 with cleanSession=false as clean: no offline message', async () => {
    const q2 = await sig('qos2', { clean: false });
    await q2.subscribeAsync('fieldscope/q2', { qos: 2 });
    await q2.endAsync();
    const q1 = await sig('qos1', { clean: false });
    await q1.subscribeAsync('fieldscope/q2', { qos: 1 });
    await q1.endAsync();
    const pub = await sig('q2-pub');
    await pub.publishAsync('fieldscope/q2', 'x', { qos: 1 });
    expect(sandbox.mq!.offlineCount('GID_fieldscope@@@qos1')).toBe(1);
    expect(sandbox.mq!.offlineCount('GID_fieldscope@@@qos2')).toBe(0);
    expect((await recordOf(ep, { kind: 'qos2-persistent-as-clean' })).length).toBeGreaterThan(0);
  });

  it('publishes connect / disconnect / tcpclean presence events on <GroupID>_MQTT', async () => {
    const watcher = await sig('watcher');
    const got = collect(watcher);
    await watcher.subscribeAsync('GID_fieldscope_MQTT', { qos: 1 });
    const polite = await sig('presence-polite');
    await polite.endAsync();
    const crash = await sig('presence-crash');
    const gone = closed(crash);
    const r = await control(ep, 'POST', '/fault', { action: 'drop-client', face: 'mq', clientId: 'GID_fieldscope@@@presence-crash' });
    expect((r.json as { applied: boolean }).applied).toBe(true);
    await gone;
    const events = () =>
      got
        .map((m) => JSON.parse(m.payload.toString()) as { clientId: string; eventType: string; channelId: string; time: number })
        .filter((e) => e.clientId.includes('presence-'));
    await until('4 + 2 presence events', () => events().length >= 5);
    await new Promise((r2) => setTimeout(r2, 200));
    const byClient = (id: string) =>
      events()
        .filter((e) => e.clientId === `GID_fieldscope@@@${id}`)
        .map((e) => e.eventType);
    expect(byClient('presence-polite')).toEqual(['connect', 'disconnect', 'tcpclean']);
    expect(byClient('presence-crash')).toEqual(['connect', 'tcpclean']);
    const e = events()[0];
    expect(e.channelId).toMatch(/^[0-9a-f]{32}$/);
    expect(typeof e.time).toBe('number');
  });

  it('works over WebSocket and TLS too', async () => {
    const ws = await sig('over-ws', {}, mqUrl(ep, 'ws'));
    expect(ws.connected).toBe(true);
    const t = await sig('over-tls', { ca: ep.caPem, servername: 'localhost' }, mqUrl(ep, 'tls'));
    expect(t.connected).toBe(true);
  });

  it('the control API needs its token', async () => {
    const res = await fetch(`${ep.control.url}/status`);
    expect(res.status).toBe(401);
    expect((await control(ep, 'GET', '/status')).status).toBe(200);
  });
});
