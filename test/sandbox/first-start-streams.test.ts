import { describe, expect, it } from 'vitest';
import rhea from 'rhea';
import { sandboxProfiles } from '../../electron/services/sandbox/sandbox-profiles';
import { sandboxTokenProfile } from '../../electron/services/sandbox/sandbox-token-profile';
import { topicMatches } from '../../shared/mqtt/topic-filter';
import { aliyunAmqpCredentials } from '../../shared/vendors/aliyun-iot-amqp-signature';
import { aliyunMqSignaturePassword } from '../../shared/vendors/aliyun-mq-signature';
import { collect, connectMq, mqUrl, startSandbox, until } from './sandbox-helpers';

// Issue 11, first start: the default sandbox profiles show distinct streams, so no reading appears twice.
describe('first-start sandbox streams', () => {
  it('the two MQ profiles subscribe to disjoint streams, and each device reports through exactly one cloud', async () => {
    const { sandbox, ep } = await startSandbox({
      seed: 7,
      fleet: {
        enabled: true,
        devices: 6,
        telemetryIntervalMs: 120,
        offlineRate: 0,
        flapRate: 0,
        simPushIntervalMs: 60,
        taobaoIntervalMs: 60,
        statusIntervalMs: 200,
      },
    });
    try {
      const sig = sandboxProfiles(ep).find((p) => p.profile.kind === 'aliyun-mq')!.profile as { subscriptions: { filter: string }[] };
      const tok = sandboxTokenProfile(ep)!.profile as { subscriptions: { filter: string }[] };

      const mq = await connectMq(mqUrl(ep), {
        clientId: 'GID_fieldscope@@@streams',
        username: ep.mq!.accessKey,
        password: aliyunMqSignaturePassword(ep.mq!.secretKey, 'GID_fieldscope'),
      });
      const got = collect(mq);
      await mq.subscribeAsync('fieldscope/#', { qos: 0 });
      const creds = aliyunAmqpCredentials({
        accessKey: ep.amqp!.accessKey,
        accessSecret: ep.amqp!.accessSecret,
        clientId: 'streams-amqp',
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
      const amqpTopics: string[] = [];
      conn.open_receiver({ autoaccept: true }).on('message', (ctx) => amqpTopics.push((ctx.message!.application_properties as { topic: string }).topic));

      const mqDevices = () => new Set(got.map((m) => /^fieldscope\/telemetry\/(dev-\d+)$/.exec(m.topic)?.[1]).filter(Boolean));
      const amqpDevices = () => new Set(amqpTopics.map((t) => /^\/a1Sandbox\/(dev-\d+)\/user\/update$/.exec(t)?.[1]).filter(Boolean));
      await until(
        'telemetry from both MQ devices and both IoT Platform devices',
        () => mqDevices().size === 2 && amqpDevices().size === 2 && got.some((m) => m.topic.startsWith('fieldscope/iotsim/')),
        20_000,
      );
      // 6 devices over 3 clouds: dev-0001 and dev-0004 on MQ for IoT, dev-0002 and dev-0005 on the IoT Platform.
      expect([...mqDevices()].sort()).toEqual(['dev-0001', 'dev-0004']);
      expect([...amqpDevices()].sort()).toEqual(['dev-0002', 'dev-0005']);

      // Every MQ message the fleet sent matches the filters of exactly one of the two sandbox MQ profiles.
      for (const m of got) {
        const bySig = sig.subscriptions.some((s) => topicMatches(s.filter, m.topic));
        const byTok = tok.subscriptions.some((s) => topicMatches(s.filter, m.topic));
        expect(bySig !== byTok, `${m.topic} is shown by ${bySig && byTok ? 'both' : 'neither'} profiles`).toBe(true);
      }
      conn.close();
      mq.end(true);
    } finally {
      await sandbox.stop();
    }
  });
});
