import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBackend, type Backend } from '../../electron/services/backend';
import { MemorySecretStore } from '../../electron/services/core/secret-store';
import { SANDBOX_TOKEN_PROFILE_ID } from '../../electron/services/sandbox/sandbox-token-profile';
import { until } from './sandbox-helpers';

// First start: the backend starts the sandbox, creates "Local sandbox" profiles and opens them.
describe('sandbox feature (first start)', () => {
  let backend: Backend;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-sbfeat-'));
    backend = await startBackend({ host: 'test', dataDir, secrets: new MemorySecretStore(), sandbox: true });
  });
  afterAll(async () => {
    await backend.dispose();
  });

  it('reports endpoints, writes the CA file, and opens connected sandbox profiles with live traffic', async () => {
    const status = await backend.call('sandbox.status', {});
    expect(status.running).toBe(true);
    expect(status.endpoints?.caFile).toBe(path.join(dataDir, 'sandbox-ca.pem'));
    expect(fs.readFileSync(status.endpoints!.caFile!, 'utf8')).toContain('BEGIN CERTIFICATE');
    const profiles = await backend.call('profiles.list', {});
    // The token-mode profile (opened once its token is applied) has its own test: sandbox-token-profile.test.ts.
    const sandboxProfiles = profiles.filter((p) => p.profile.sandbox && p.profile.id !== SANDBOX_TOKEN_PROFILE_ID);
    // one per face, plus the current-instance MQ profile, the two devices and the RocketMQ HTTP one (made ready, left closed)
    expect(sandboxProfiles.map((p) => p.profile.kind).sort()).toEqual([
      'aliyun-amqp',
      'aliyun-iot-device',
      'aliyun-mq',
      'aliyun-mq',
      'huawei-iotda',
      'huawei-iotda-device',
      'rocketmq',
      'rocketmq-http',
    ]);
    // RocketMQ remoting has no TLS (an ACL signature on every request instead); the MQ HTTP face is plain http:// on loopback
    for (const p of sandboxProfiles.filter((x) => x.profile.kind !== 'rocketmq' && x.profile.kind !== 'rocketmq-http')) {
      const tls = 'tlsOptions' in p.profile ? p.profile.tlsOptions : (p.profile as { tls: { rejectUnauthorized: boolean; caFile?: string } }).tls;
      expect(tls.rejectUnauthorized).toBe(true);
      expect(tls.caFile).toBe(status.endpoints!.caFile);
    }
    const live = await until(
      'four sandbox connections with traffic (the RocketMQ SIM push stream included)',
      async () => {
        const conns = (await backend.call('connections.list', {})).filter(
          (c) => c.profileId.startsWith('sandbox-') && c.profileId !== SANDBOX_TOKEN_PROFILE_ID,
        );
        return conns.length === 4 && conns.every((c) => c.state.status === 'connected' && c.received > 0) ? conns : undefined;
      },
      60_000,
    );
    expect(live.length).toBe(4);
  });

  it('applies a fault through IPC and stops', async () => {
    const s = await backend.call('sandbox.fault', { action: 'shift-clock', ms: 1000 });
    expect(s.clockOffsetMs).toBe(1000);
    const stopped = await backend.call('sandbox.stop', {});
    expect(stopped.running).toBe(false);
    await expect(backend.call('sandbox.fault', { action: 'latency', ms: 1 })).rejects.toThrow(/not running/);
  });
});
