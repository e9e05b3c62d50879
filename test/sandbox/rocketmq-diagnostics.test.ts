import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Profile } from '../../shared/contract/profiles.contract';
import type { RocketmqDiagnostics } from '../../shared/contract/rocketmq.contract';
import type { SandboxEndpoints } from '../../shared/contract/sandbox.contract';
import { DisposableStore } from '../../electron/services/core/disposables';
import { driverFor } from '../../electron/services/connections/driver-registry';
import type { ConnectionDriver } from '../../electron/services/connections/driver';
import { MessageStore } from '../../electron/services/messages/message-store';
import type { SandboxService } from '../../electron/services/sandbox/sandbox-service';
import { ROCKETMQ_ONLY, startSandbox, until } from './sandbox-helpers';
import { ons, onsConsumer, onsProducer } from './ons-clients';

const GROUP = 'GID_fieldscope_diag';
const TOPIC = 'fieldscope_test';

// The consumer diagnostics panel's snapshot: read through ali-ons's own client (rebalance table, offset store,
// GET_MAX_OFFSET / QUERY_CONSUMER_OFFSET / GET_CONSUMER_LIST_BY_GROUP) from the sandbox face over real sockets,
// checked against the broker's own tables.
describe('RocketMQ consumer diagnostics against the sandbox face', () => {
  let sandbox: SandboxService;
  let ep: SandboxEndpoints;
  const closers: Array<{ close(): Promise<unknown> }> = [];
  beforeAll(async () => {
    ({ sandbox, ep } = await startSandbox({
      ...ROCKETMQ_ONLY,
      fleet: { enabled: false },
    }));
  });
  afterAll(async () => {
    for (const o of closers.reverse()) await o.close().catch(() => undefined);
    await sandbox.stop();
  });

  function open(id: string, ackMode: 'auto' | 'hold'): { driver: ConnectionDriver; store: MessageStore } {
    const [host, port] = ep.rocketmq!.nameServer.split(':');
    const profile = Profile.parse({
      id: `p-${id}`,
      name: id,
      kind: 'rocketmq',
      host,
      port: Number(port),
      accessKey: ep.rocketmq!.accessKey,
      consumerGroupId: GROUP,
      topic: TOPIC,
      tagExpression: 'Lag',
      messageModel: 'clustering',
      ackMode,
      startPoint: 'earliest',
    });
    const store = new MessageStore({ capacity: 100 });
    const driver = driverFor(profile)({
      connectionId: `c-${id}`,
      profile,
      getSecret: async (slot) => (slot === 'secretKey' ? ep.rocketmq!.secretKey : null),
      sink: store,
      log: () => undefined,
      setState: () => undefined,
      disposables: new DisposableStore(),
      now: () => Date.now(),
    });
    closers.push(driver);
    return { driver, store };
  }

  /** Every broker value in the snapshot equals the sandbox broker's own table for that queue. */
  function expectBrokerValues(d: RocketmqDiagnostics): void {
    for (const q of d.queues) {
      expect(q.maxOffset).toBe(sandbox.rocketmq!.store.bounds(q.topic, q.queueId)!.max);
      expect(q.committedOffset).toBe(sandbox.rocketmq!.broker.committedOffset(GROUP, q.topic, q.queueId) ?? null);
      expect(q.error).toBeUndefined();
    }
  }
  const topicQueues = (d: RocketmqDiagnostics) => d.queues.filter((q) => q.topic === TOPIC);
  const topicLag = (d: RocketmqDiagnostics) => topicQueues(d).reduce((n, q) => n + (q.lag ?? 0), 0);
  const snapshotWhen = (what: string, driver: ConnectionDriver, ok: (d: RocketmqDiagnostics) => boolean) =>
    until(what, async () => {
      const d = await driver.rocketmqDiagnostics!();
      return ok(d) ? d : null;
    });

  it('is refused with words before the consumer runs', async () => {
    const { driver } = open('early', 'auto');
    await expect(driver.rocketmqDiagnostics!()).rejects.toMatchObject({ code: 'not-connected' });
  });

  it('lists the assigned queues with broker max offset, committed offset and lag, and the consumers in the group', async () => {
    const p = onsProducer(ep.rocketmq!.nameServer, ep.rocketmq!.accessKey, ep.rocketmq!.secretKey);
    closers.push(p);
    // At least one message in every queue, so each queue gets a committed offset (the producer picks queues in turn).
    const emptyQueue = () => [0, 1, 2, 3].some((q) => sandbox.rocketmq!.store.bounds(TOPIC, q)!.max === 0);
    let sent = 0;
    while (emptyQueue() && sent < 40) await p.send(new ons.Message(TOPIC, 'Lag', `first ${sent++}`));
    expect(emptyQueue()).toBe(false);

    // A consumer that consumes everything: its offsets are committed on the broker and nothing lags.
    const a = open('a', 'auto');
    await a.driver.connect();
    await until('the first messages', () => a.store.stats().size >= sent);
    const caughtUp = await snapshotWhen('the committed offsets', a.driver, (d) => {
      const qs = topicQueues(d);
      return qs.length === 4 && qs.every((q) => q.committedOffset === q.maxOffset);
    });
    expect(caughtUp.consumerGroup).toBe(GROUP);
    expect(caughtUp.messageModel).toBe('clustering');
    // Clustering consumers also pull their group's retry topic.
    expect(caughtUp.queues.map((q) => `${q.topic}/${q.queueId}`)).toEqual([`%RETRY%${GROUP}/0`, ...[0, 1, 2, 3].map((i) => `${TOPIC}/${i}`)]);
    expect(caughtUp.consumerIds).toEqual([caughtUp.clientId]);
    expect(topicLag(caughtUp)).toBe(0);
    expectBrokerValues(caughtUp);
    await a.driver.close();

    // The next consumer of the group holds what it gets: three new messages lag behind the committed offsets.
    const b = open('b', 'hold');
    await b.driver.connect();
    for (let i = 0; i < 3; i++) await p.send(new ons.Message(TOPIC, 'Lag', `held ${i}`));
    await until('a held message', () => b.store.stats().size >= 1);
    const held = await snapshotWhen('the lag of the held messages', b.driver, (d) => topicQueues(d).length === 4 && topicLag(d) === 3);
    expectBrokerValues(held);
    expect(topicQueues(held).reduce((n, q) => n + q.maxOffset!, 0)).toBe(sent + 3);
    expect(held.totalLag).toBe(3);
    expect(held.consumerIds).toEqual([held.clientId]);

    // A second consumer joins the group: the broker lists both.
    const other = onsConsumer(ep.rocketmq!.nameServer, ep.rocketmq!.accessKey, ep.rocketmq!.secretKey, { consumerGroup: GROUP });
    closers.push(other);
    other.subscribe(TOPIC, 'Nothing', async () => undefined);
    await other.ready();
    const two = await snapshotWhen('two consumers in the group', b.driver, (d) => d.consumerIds?.length === 2);
    expect(two.consumerIds).toEqual(sandbox.rocketmq!.broker.consumerIds(GROUP).sort());
    expect(two.consumerIds).toContain(two.clientId);
  });
});
