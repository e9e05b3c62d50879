/**
 * The other time-bound credentials the token panel shows, against the sandbox's IoT Platform AMQP and Huawei
 * IoTDA faces: the timestamp signed into the live connection (read from what the driver sent), the STS
 * expiry, and the clock offset measured against an HTTP endpoint.
 */
import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxService } from '../../electron/services/sandbox/sandbox-service';
import { sandboxProfiles } from '../../electron/services/sandbox/sandbox-profiles';
import type { SandboxEndpoints } from '../../shared/contract/sandbox.contract';
import { timestampWindow } from '../../shared/tokens/credential-age';
import { testBackend, waitFor, waitForStatus, type TestBackend } from '../mqtt/mqtt-harness';
import { startSandbox } from '../sandbox/sandbox-helpers';

describe('time-bound credentials of AMQP and Huawei connections', () => {
  let sandbox: SandboxService;
  let ep: SandboxEndpoints;
  let t: TestBackend;
  let dateServer: http.Server;
  let datePort = 0;

  beforeAll(async () => {
    ({ sandbox, ep } = await startSandbox({ mq: { enabled: false } }));
    t = await testBackend();
    // An endpoint whose clock runs 7 minutes behind ours: outside the ±5 min window.
    dateServer = http.createServer((_req, res) => res.writeHead(204, { date: new Date(Date.now() - 7 * 60_000).toUTCString() }).end());
    await new Promise<void>((r) => dateServer.listen(0, '127.0.0.1', () => r()));
    datePort = (dateServer.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await t?.dispose();
    await sandbox?.stop();
    dateServer?.close();
  });

  async function save(kind: 'aliyun-amqp' | 'huawei-iotda', extra: Record<string, unknown> = {}) {
    const sp = sandboxProfiles(ep).find((p) => p.profile.kind === kind)!;
    const { sandbox: _s, ...profile } = sp.profile as Record<string, unknown>;
    void _s;
    const v = await t.backend.call('profiles.save', { profile: { ...profile, id: '', ...extra } as never, secrets: sp.secrets });
    return v.profile.id;
  }

  it('AMQP: the signed timestamp of the live connection and the STS expiry', async () => {
    const stsExpiresAt = Date.now() + 3 * 60_000;
    const id = await save('aliyun-amqp', { stsExpiresAt });
    const before = Date.now();
    const conn = await t.backend.call('connections.open', { profileId: id });
    await waitForStatus(t, conn.connectionId, 'connected', 20_000);
    const o = await waitFor('signedAt', async () => {
      const v = await t.backend.call('tokens.list', { connectionId: conn.connectionId });
      return v.amqp?.signedAt !== undefined ? v : undefined;
    });
    expect(o.amqp!.authMode).toBe('aksign');
    expect(o.amqp!.signedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(o.amqp!.signedAt).toBeLessThanOrEqual(Date.now());
    expect(o.amqp!.stsExpiresAt).toBe(stsExpiresAt);
    expect(o.tokens).toEqual([]);
    await t.backend.call('connections.close', { connectionId: conn.connectionId });
  });

  it('Huawei: the signed timestamp from CONNECT, and the measured clock offset against the 5-minute window', async () => {
    const id = await save('huawei-iotda');
    const before = Date.now();
    const conn = await t.backend.call('connections.open', { profileId: id });
    await waitForStatus(t, conn.connectionId, 'connected', 20_000);
    const o = await waitFor('signedAt', async () => {
      const v = await t.backend.call('tokens.list', { connectionId: conn.connectionId });
      return v.huawei?.signedAt !== undefined ? v : undefined;
    });
    expect(o.huawei!.signedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(o.huawei!.signedAt).toBeLessThanOrEqual(Date.now());
    const clock = await t.backend.call('tokens.measureClock', { profileId: id, endpoint: `http://127.0.0.1:${datePort}` });
    expect(clock.offsetMs).toBeGreaterThan(6 * 60_000);
    expect(clock.offsetMs).toBeLessThan(8 * 60_000);
    expect(timestampWindow(clock.offsetMs).state).toBe('outside');
    expect((await t.backend.call('tokens.list', { connectionId: conn.connectionId })).huawei!.clock).toMatchObject({ offsetMs: clock.offsetMs });
    await expect(t.backend.call('tokens.measureClock', { profileId: id, endpoint: 'http://127.0.0.1:1' })).rejects.toThrow(/Could not read the clock/);
    await t.backend.call('connections.close', { connectionId: conn.connectionId });
  });
});
