/**
 * MQ for IoT client features as connection actions [seed 004], through the backend as the UI drives them,
 * against the sandbox MQ face, with paho (the vendor's Python sample style) as the other side: P2P both ways
 * with no subscription on either side, offline messages queued by paho while Fieldscope is away and pulled
 * in order, ordered sending after each connect, and the limits warnings.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxService } from '../../electron/services/sandbox/sandbox-service';
import type { SandboxEndpoints } from '../../shared/contract/sandbox.contract';
import { protocolLog, saveProfile, testBackend, waitFor, waitForStatus, type TestBackend } from '../mqtt/mqtt-harness';
import { CLIENTS_DIR, PYTHON, pythonHas, recordOf, startSandbox } from './sandbox-helpers';

const hasPaho = await pythonHas('paho.mqtt.client');
if (!hasPaho) console.warn('skipping MQ client feature tests with paho: python3-paho-mqtt is not installed');

interface PahoRun {
  lines: Array<Record<string, unknown>>;
  stderr: string[];
  exited: Promise<number | null>;
  kill(): void;
}

function paho(ep: SandboxEndpoints, mode: 'p2p' | 'publish', deviceId: string, args: string[]): PahoRun {
  const p = spawn(
    PYTHON,
    [
      '-u',
      path.join(CLIENTS_DIR, 'paho_mq_client_features.py'),
      mode,
      '127.0.0.1',
      String(ep.mq!.tcpPort),
      ep.mq!.accessKey,
      ep.mq!.secretKey,
      'GID_fieldscope',
      deviceId,
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: Array<Record<string, unknown>> = [];
  const stderr: string[] = [];
  readline.createInterface({ input: p.stdout }).on('line', (l) => lines.push(JSON.parse(l) as Record<string, unknown>));
  p.stderr.on('data', (d: Buffer) => stderr.push(d.toString()));
  return { lines, stderr, exited: new Promise((r) => p.once('close', r)), kill: () => p.kill('SIGKILL') };
}

describe.skipIf(!hasPaho)('MQ for IoT client features (sandbox, paho)', () => {
  let sandbox: SandboxService;
  let ep: SandboxEndpoints;
  let t: TestBackend;
  const stored = new Map<string, Array<{ topic: string; payload: string }>>();

  beforeAll(async () => {
    // The sandbox's own slow push waits a minute, so only a pull delivers offline messages here.
    ({ sandbox, ep } = await startSandbox({
      amqp: { enabled: false },
      huawei: { enabled: false },
      mq: { offline: { autoPushDelayMs: 60_000, autoPushIntervalMs: 50, autoPushBatch: 1 } },
    }));
    t = await testBackend();
    t.backend.services.get('messages').onIngest((m) => {
      const list = stored.get(m.connectionId) ?? [];
      list.push({ topic: m.topic, payload: m.payload.toString() });
      stored.set(m.connectionId, list);
    });
  });
  afterAll(async () => {
    await t?.dispose();
    await sandbox?.stop();
  });

  async function mqProfile(deviceId: string, extra: Record<string, unknown> = {}) {
    return saveProfile(
      t.backend,
      {
        kind: 'aliyun-mq',
        name: `mq ${deviceId}`,
        port: ep.mq!.tcpPort,
        groupId: 'GID_fieldscope',
        deviceId,
        accessKey: ep.mq!.accessKey,
        authMode: 'signature',
        ...extra,
      },
      { secretKey: ep.mq!.secretKey },
    );
  }
  async function open(profileId: string) {
    const { connectionId } = await t.backend.call('connections.open', { profileId });
    await waitForStatus(t, connectionId, 'connected', 30_000);
    return connectionId;
  }

  it('P2P both ways: paho → Fieldscope and Fieldscope → paho, neither side subscribed, both in the protocol log', async () => {
    const connectionId = await open(await mqProfile('fs-p2p'));
    const other = paho(ep, 'p2p', 'paho-p2p', ['fieldscope', 'GID_fieldscope@@@fs-p2p', 'hello Fieldscope, from paho']);
    try {
      const mine = await waitFor(
        'the P2P message from paho',
        () => stored.get(connectionId)?.find((m) => m.topic === 'fieldscope/p2p/GID_fieldscope@@@fs-p2p'),
        30_000,
      );
      expect(mine.payload).toBe('hello Fieldscope, from paho');
      expect((await t.backend.call('connections.list', {})).find((c) => c.connectionId === connectionId)!.subscriptions).toEqual([]);
      await waitFor('the received-P2P line', async () =>
        (await protocolLog(t, connectionId)).some(
          (e) => e.type === 'p2p' && /received on fieldscope\/p2p\/GID_fieldscope@@@fs-p2p .*without a subscription/.test(e.summary),
        ),
      );

      const sent = await t.backend.call('connections.mqSendP2p', {
        connectionId,
        parentTopic: 'fieldscope',
        targetClientId: 'GID_fieldscope@@@paho-p2p',
        payload: { format: 'text', data: '你好 paho, from Fieldscope' },
        qos: 1,
      });
      expect(sent).toEqual({ topic: 'fieldscope/p2p/GID_fieldscope@@@paho-p2p', warnings: [] });
      const got = await waitFor('the P2P message at paho', () => other.lines.find((l) => l.event === 'message'), 30_000);
      expect(got).toMatchObject({ topic: 'fieldscope/p2p/GID_fieldscope@@@paho-p2p', payload: '你好 paho, from Fieldscope' });
      const log = await protocolLog(t, connectionId);
      expect(log.some((e) => e.type === 'p2p' && e.summary.startsWith('P2P message to GID_fieldscope@@@paho-p2p'))).toBe(true);
      expect(log.some((e) => e.dir === 'out' && e.type === 'PUBLISH' && e.summary.includes('fieldscope/p2p/GID_fieldscope@@@paho-p2p'))).toBe(true);
      expect((await recordOf(ep, { kind: 'p2p-delivered', clientId: 'GID_fieldscope@@@paho-p2p' })).length).toBe(1);
      expect(await other.exited).toBe(0);

      await expect(
        t.backend.call('connections.mqSendP2p', {
          connectionId,
          parentTopic: 'fieldscope/x',
          targetClientId: 'GID_fieldscope@@@paho-p2p',
          payload: { format: 'text', data: 'x' },
          qos: 1,
        }),
      ).rejects.toThrow(/one first-level topic/);
      await expect(
        t.backend.call('connections.mqSendP2p', {
          connectionId,
          parentTopic: 'fieldscope',
          targetClientId: 'paho-p2p',
          payload: { format: 'text', data: 'x' },
          qos: 1,
        }),
      ).rejects.toThrow(/GID_xxx@@@DeviceID/);
    } finally {
      other.kill();
      await t.backend.call('connections.close', { connectionId });
    }
  });

  it('offline messages queued by paho while Fieldscope is away are pulled on demand, in the order asked', async () => {
    const profileId = await mqProfile('fs-offline', { clean: false, subscriptions: [{ filter: 'fieldscope/offline', qos: 1 }] });
    const first = await open(profileId);
    await waitFor(
      'the QoS 1 subscription granted',
      async () => (await t.backend.call('connections.list', {})).find((c) => c.connectionId === first)!.subscriptions[0]?.granted === 1,
    );
    await t.backend.call('connections.close', { connectionId: first });

    const pub = paho(ep, 'publish', 'paho-offline-pub', ['fieldscope/offline', 'o1', 'o2', 'o3', 'o4', 'o5']);
    expect(await pub.exited, pub.stderr.join('')).toBe(0);
    expect(pub.lines.at(-1)).toEqual({ event: 'published', count: 5 });
    expect(sandbox.mq!.offlineCount('GID_fieldscope@@@fs-offline')).toBe(5);

    const again = await open(profileId);
    const got = () => (stored.get(again) ?? []).filter((m) => m.topic === 'fieldscope/offline').map((m) => m.payload);
    expect(got()).toEqual([]);
    expect(await t.backend.call('connections.mqPullOffline', { connectionId: again, pushOrder: 'ASC', maxPushNum: 3 })).toEqual({
      topic: '$SYS/getOfflineMsg',
      body: '{"pushOrder":"ASC","maxPushNum":3}',
    });
    await waitFor('3 pulled, oldest first', () => got().length >= 3, 30_000);
    expect(got()).toEqual(['o1', 'o2', 'o3']);
    await t.backend.call('connections.mqPullOffline', { connectionId: again, pushOrder: 'DESC', maxPushNum: 30 });
    await waitFor('the other 2, newest first', () => got().length >= 5, 30_000);
    expect(got()).toEqual(['o1', 'o2', 'o3', 'o5', 'o4']);
    expect(sandbox.mq!.offlineCount('GID_fieldscope@@@fs-offline')).toBe(0);
    const log = await protocolLog(t, again);
    expect(log.filter((e) => e.type === 'offline-pull').map((e) => e.summary)).toEqual([
      'Pulling up to 3 offline messages, oldest first ($SYS/getOfflineMsg {"pushOrder":"ASC","maxPushNum":3})',
      'Pulling up to 30 offline messages, newest first ($SYS/getOfflineMsg {"pushOrder":"DESC","maxPushNum":30})',
    ]);
    expect((await recordOf(ep, { kind: 'offline-pull', clientId: 'GID_fieldscope@@@fs-offline' })).map((e) => e.detail)).toEqual([
      { pushOrder: 'ASC', maxPushNum: 3 },
      { pushOrder: 'DESC', maxPushNum: 30 },
    ]);

    // At most 5 pulls a second: the sixth at once is refused here, before the broker would ignore it.
    let refused = null as Error | null;
    for (let i = 0; i < 6 && !refused; i++) {
      await t.backend.call('connections.mqPullOffline', { connectionId: again, pushOrder: 'ASC', maxPushNum: 1 }).catch((e: Error) => (refused = e));
    }
    expect(refused?.message).toMatch(/At most 5 offline pulls a second/);
    await t.backend.call('connections.close', { connectionId: again });
  });

  it('refuses a pull on a clean session and outside 1-30, saying what to change', async () => {
    const connectionId = await open(await mqProfile('fs-clean'));
    await expect(t.backend.call('connections.mqPullOffline', { connectionId, pushOrder: 'ASC', maxPushNum: 5 })).rejects.toThrow(
      /only for QoS 1 subscriptions with cleanSession off/,
    );
    await expect(t.backend.call('connections.mqPullOffline', { connectionId, pushOrder: 'ASC', maxPushNum: 31 })).rejects.toThrow(/maxPushNum/);
    await t.backend.call('connections.close', { connectionId });
  });

  it('ordered sending: $SYS/enableOrderMsg once after each connect, after nothing else is pending', async () => {
    const profileId = await mqProfile('fs-ordered', {
      orderedSending: true,
      reconnect: { enabled: true, initialDelayMs: 200, maxDelayMs: 400, maxAttempts: 0 },
    });
    const connectionId = await open(profileId);
    await waitFor(
      'order enabled at the broker',
      async () => (await recordOf(ep, { kind: 'order-enabled', clientId: 'GID_fieldscope@@@fs-ordered' })).length === 1,
    );
    // The broker drops the client: after the reconnect it is switched on again, once.
    const r = await fetch(`${ep.control.url}/fault`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ep.control.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'drop-client', face: 'mq', clientId: 'GID_fieldscope@@@fs-ordered' }),
    });
    expect(r.status).toBe(200);
    await waitFor(
      'order enabled again after the reconnect',
      async () => (await recordOf(ep, { kind: 'order-enabled', clientId: 'GID_fieldscope@@@fs-ordered' })).length === 2,
      30_000,
    );
    const log = await protocolLog(t, connectionId);
    expect(log.filter((e) => e.type === 'ordered-sending')).toHaveLength(2);
    expect(log.filter((e) => e.dir === 'out' && e.type === 'PUBLISH' && e.summary.includes('$SYS/enableOrderMsg'))).toHaveLength(2);
    await t.backend.call('connections.close', { connectionId });
  });

  it('warns in the protocol log before a body over 64 KB, the 31st subscription and QoS 2 on a persistent session', async () => {
    const connectionId = await open(await mqProfile('fs-limits', { clean: false }));
    await t.backend.call('connections.publish', {
      connectionId,
      topic: 'fieldscope/big',
      payload: { format: 'base64', data: Buffer.alloc(64 * 1024 + 1).toString('base64') },
      qos: 1,
      retain: false,
    });
    for (let i = 1; i <= 31; i++) await t.backend.call('connections.subscribe', { connectionId, filter: `fieldscope/s/${i}`, qos: 1 });
    await t.backend.call('connections.subscribe', { connectionId, filter: 'fieldscope/q2', qos: 2 });
    const warnings = (await protocolLog(t, connectionId)).filter((e) => e.type === 'limit-warning');
    expect(warnings.map((w) => w.detail?.code)).toEqual(['body-too-large', 'subscription-31', 'subscription-31', 'qos2-persistent']);
    expect(warnings[0]!.summary).toMatch(/65537 bytes; MQ for IoT drops bodies over 65536/);
    // The sandbox did what the warnings said: dropped the body, ignored the 31st subscription.
    expect((await recordOf(ep, { kind: 'payload-dropped', clientId: 'GID_fieldscope@@@fs-limits' })).length).toBe(1);
    expect((await recordOf(ep, { kind: 'subscription-ignored', clientId: 'GID_fieldscope@@@fs-limits' })).length).toBeGreaterThanOrEqual(1);
    await t.backend.call('connections.close', { connectionId });
  });
});
