import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../../electron/services/backend';
import { MemorySecretStore } from '../../electron/services/core/secret-store';
import type { SandboxService } from '../../electron/services/sandbox/sandbox-service';
import type { SandboxEndpoints } from '../../shared/contract/sandbox.contract';
import { SIM_PUSH_TYPES } from '../../shared/rocketmq/sim-push-messages';
import { ROCKETMQ_ONLY, startSandbox, until } from '../sandbox/sandbox-helpers';
import { SANDBOX_PROFILE_IDS, sandboxProfiles } from '../../electron/services/sandbox/sandbox-profiles';

/**
 * The IoT SIM push stream through the whole backend, as the UI drives it: profiles.save (the AccessKey secret
 * to the secret store), connections.open of a rocketmq-http profile, rows and detail with the RocketMQ
 * attributes, the protocol log; fed by the sandbox fleet through the MQ HTTP face.
 */
describe('RocketMQ HTTP through the backend (sandbox fleet)', () => {
  let sandbox: SandboxService;
  let ep: SandboxEndpoints;
  let backend: Backend;
  let dataDir: string;
  beforeAll(async () => {
    ({ sandbox, ep } = await startSandbox({
      fleet: { enabled: true, devices: 1, simPushIntervalMs: 100, taobaoIntervalMs: 100_000, telemetryIntervalMs: 100_000 },
      ...ROCKETMQ_ONLY,
    }));
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-rmq-http-backend-'));
    backend = await startBackend({ host: 'test', dataDir, secrets: new MemorySecretStore(), sandbox: false });
  });
  afterAll(async () => {
    await backend?.dispose();
    await sandbox?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the SIM push stream with msgId, tag, keys, consumed times and the recognised push type', async () => {
    const r = ep.rocketmq!;
    // The "Local sandbox" profile the app makes for this face, saved as a user would save it.
    const sp = sandboxProfiles(ep).find((p) => p.profile.id === SANDBOX_PROFILE_IDS.rocketmqHttp)!;
    expect(sp.open).toBe(false);
    expect(sp.profile).toMatchObject({ kind: 'rocketmq-http', groupId: 'GID_fieldscope_diag', topic: r.topics.simPush });
    const saved = await backend.call('profiles.save', { profile: { ...sp.profile, id: '', sandbox: false, waitSeconds: 2 } as never, secrets: sp.secrets });
    const view = await backend.call('connections.open', { profileId: saved.profile.id });
    expect(view.protocol).toBe('rocketmq');
    // A RocketMQ consumer has no topic filters of its own: the profile's topic and tag decide.
    await expect(backend.call('connections.subscribe', { connectionId: view.connectionId, filter: '#', qos: 0 })).rejects.toThrow(/RocketMQ/);
    const connectionIds = [view.connectionId];
    await until('5 SIM pushes', async () => (await backend.call('messages.page', { filter: { connectionIds }, offset: 0, limit: 1 })).total >= 5, 30_000);
    const page = await backend.call('messages.page', { filter: { connectionIds }, offset: 0, limit: 5 });
    for (const row of page.rows) {
      expect(row).toMatchObject({ protocol: 'rocketmq', topic: r.topics.simPush, settlement: 'accepted' });
      const d = (await backend.call('messages.detail', { seq: row.seq }))!;
      const body = JSON.parse(Buffer.from(d.payloadBase64, 'base64').toString('utf8')) as { messageType: string; iccid: string; poolId?: string };
      expect(SIM_PUSH_TYPES).toContain(body.messageType);
      expect(d.rocketmq).toMatchObject({ tags: body.messageType, keys: [body.poolId ?? body.iccid], consumedTimes: 1, reconsumeTimes: 0 });
      expect(d.rocketmq!.business).toMatchObject({ family: 'iot-sim-push', type: body.messageType });
      expect(d.rocketmq!.msgId).toBe(row.messageId);
    }
    const log = await backend.call('connections.protocolLog', { connectionId: view.connectionId, offset: 0, limit: 500 });
    expect(log.entries.some((l) => l.dir === 'in' && l.type === 'messages')).toBe(true);
    expect(log.entries.some((l) => l.dir === 'out' && l.type === 'ack')).toBe(true);
    expect(JSON.stringify(log)).not.toContain(r.secretKey);
    await backend.call('connections.close', { connectionId: view.connectionId });
  });
});
