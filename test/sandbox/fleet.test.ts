import { describe, expect, it } from 'vitest';
import rhea from 'rhea';
import { aliyunAmqpCredentials } from '../../shared/vendors/aliyun-iot-amqp-signature';
import { aliyunMqSignaturePassword } from '../../shared/vendors/aliyun-mq-signature';
import { collect, connectMq, mqUrl, startSandbox, until } from './sandbox-helpers';

const fast = (seed: number) => ({
  seed,
  huawei: { enabled: false },
  amqp: { outOfOrderRate: 0.3, duplicateRate: 0.2 },
  fleet: {
    enabled: true,
    devices: 5,
    telemetryIntervalMs: 100,
    simPushIntervalMs: 40,
    taobaoIntervalMs: 40,
    statusIntervalMs: 150,
    offlineRate: 0.2,
    flapRate: 0.05,
  },
});

// The simulated fleet: what it sends through the MQ and AMQP faces, and that a seed reproduces it.
describe('sandbox fleet', () => {
  it('sends telemetry, SIM pushes (seed 000 types), Taobao messages and presence on MQ; duplicates, old generateTimes and out-of-order status on AMQP', async () => {
    const { sandbox, ep } = await startSandbox(fast(3));
    try {
      const mq = await connectMq(mqUrl(ep), {
        clientId: 'GID_fieldscope@@@fleet-watch',
        username: ep.mq!.accessKey,
        password: aliyunMqSignaturePassword(ep.mq!.secretKey, 'GID_fieldscope'),
      });
      const got = collect(mq);
      await mq.subscribeAsync(['fieldscope/#', 'GID_fleet_MQTT'], { qos: 1 });
      const creds = aliyunAmqpCredentials({
        accessKey: ep.amqp!.accessKey,
        accessSecret: ep.amqp!.accessSecret,
        clientId: 'fleet-amqp',
        consumerGroupId: 'DEFAULT_GROUP',
        timestamp: Date.now(),
        signMethod: 'hmacsha256',
      });
      const conn = rhea.create_container().connect({
        host: '127.0.0.1',
        port: ep.amqp!.port,
        transport: 'tls',
        ca: [ep.caPem],
        servername: 'localhost',
        username: creds.username,
        password: creds.password,
        idle_time_out: 60_000,
        reconnect: false,
      });
      const amqp: { topic: string; messageId: string; generateTime: number; body: Buffer }[] = [];
      conn.open_receiver({ autoaccept: true }).on('message', (ctx) => {
        const p = ctx.message!.application_properties as { topic: string; messageId: string; generateTime: number };
        amqp.push({ ...p, body: (ctx.message!.body as { content: Buffer }).content });
      });
      // traffic is random per tick: keep checking until every property has shown up (bounded)
      const verify = () => {
        const topics = got.map((m) => m.topic);
        expect(topics.some((t) => /^fieldscope\/telemetry\/dev-000\d$/.test(t))).toBe(true);
        const sims = got
          .filter((m) => m.topic.startsWith('fieldscope/iotsim/'))
          .map((m) => (JSON.parse(m.payload.toString()) as { messageType: string }).messageType);
        expect(new Set(sims).size).toBeGreaterThanOrEqual(3);
        for (const s of sims) expect(['CARD_STATUS_CHANGE', 'FLOW_USAGE_PER_MONTH', 'INTERFACE_INVOKE', 'POOL_REST', 'SAME_FLOW_USAGE_PERCENT']).toContain(s);
        const taobao = got.filter((m) => m.topic.startsWith('fieldscope/taobao/')).map((m) => JSON.parse(m.payload.toString()) as { user_nick: string });
        expect(taobao.length).toBeGreaterThan(0);
        expect(taobao[0].user_nick).toMatch(/^sandbox_shop_/);
        const presence = got.filter((m) => m.topic === 'GID_fleet_MQTT').map((m) => JSON.parse(m.payload.toString()) as { eventType: string });
        expect(new Set(presence.map((p) => p.eventType))).toEqual(new Set(['connect', 'disconnect', 'tcpclean']));
        // AMQP: duplicates by messageId, generateTime older than an earlier message of the same device, status out of order
        const ids = amqp.map((m) => m.messageId);
        expect(new Set(ids).size).toBeLessThan(ids.length);
        const lastGen = new Map<string, number>();
        let older = 0;
        for (const m of amqp.filter((x) => x.topic.endsWith('/user/update'))) {
          if (m.generateTime < (lastGen.get(m.topic) ?? 0)) older++;
          lastGen.set(m.topic, Math.max(m.generateTime, lastGen.get(m.topic) ?? 0));
        }
        expect(older).toBeGreaterThan(0);
        const status = amqp
          .filter((m) => m.topic.startsWith('/as/mqtt/status/'))
          .map((m) => ({ topic: m.topic, ...(JSON.parse(m.body.toString()) as { status: string; utcTime: string }) }));
        expect(status.length).toBeGreaterThan(0);
        expect(status[0]).toMatchObject({ productKey: 'a1Sandbox' });
        let inverted = 0;
        const lastTime = new Map<string, string>();
        for (const s of status) {
          if (s.utcTime < (lastTime.get(s.topic) ?? '')) inverted++;
          lastTime.set(s.topic, s.utcTime > (lastTime.get(s.topic) ?? '') ? s.utcTime : lastTime.get(s.topic)!);
        }
        expect(inverted).toBeGreaterThan(0);
      };
      let lastError: unknown;
      await until(
        'every fleet property',
        () => {
          try {
            verify();
            return true;
          } catch (err) {
            lastError = err;
            return false;
          }
        },
        30_000,
      ).catch(() => {
        throw lastError;
      });
      conn.close();
      mq.end(true);
    } finally {
      await sandbox.stop();
    }
  });
  // A seed's reproducibility is asserted on a manual clock in electron/services/sandbox/fleet.test.ts: two networked
  // runs subscribe at moments a loaded machine cannot line up.
});
