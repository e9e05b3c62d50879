import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { aliyunMqSignaturePassword } from '../../shared/vendors/aliyun-mq-signature';
import type { SandboxEndpoints } from '../../shared/contract/sandbox.contract';
import { connectMq } from './sandbox-helpers';

const root = path.resolve(import.meta.dirname, '..', '..');

// `fieldscope sandbox` (built bundle): one JSON line first, usable by another client, stops on SIGTERM.
describe('fieldscope sandbox (CLI)', () => {
  it('prints endpoints and demo credentials as one JSON line, serves them, and exits on SIGTERM', async () => {
    const child = spawn(process.execPath, [path.join(root, 'bin', 'fieldscope.js'), 'sandbox', '--devices', '3', '--seed', '7'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const first = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const ep = JSON.parse(first) as SandboxEndpoints & { sandbox: string; mq: NonNullable<SandboxEndpoints['mq']> };
    expect(ep.sandbox).toBe('running');
    // what scripts need for the current-instance modes and the device faces
    expect(ep.mq).toMatchObject({ instanceId: 'mqtt-cn-sandbox01', instanceModes: ['Signature', 'Token', 'DeviceCredential'], legacyAuth: true });
    expect(ep.mq.deviceCredentials).toEqual([
      { clientId: 'GID_fieldscope@@@fieldscope-device', deviceAccessKeyId: expect.any(String), deviceAccessKeySecret: expect.any(String) },
    ]);
    expect(ep.iotDevice).toEqual({
      tcpPort: expect.any(Number),
      tlsPort: expect.any(Number),
      devices: [{ productKey: 'a1Sandbox', deviceName: 'fieldscope-device', deviceSecret: expect.stringMatching(/^[0-9a-f]{32}$/) }],
    });
    expect(ep.huaweiDevice).toEqual({ port: expect.any(Number), devices: [{ deviceId: 'sandboxproduct_fieldscope-device', secret: expect.any(String) }] });
    const c = await connectMq(`mqtt://127.0.0.1:${ep.mq.tcpPort}`, {
      clientId: 'GID_fieldscope@@@cli',
      username: ep.mq.accessKey,
      password: aliyunMqSignaturePassword(ep.mq.secretKey, 'GID_fieldscope'),
    });
    const got = new Promise<string>((resolve) => c.on('message', (t) => resolve(t)));
    await c.subscribeAsync('fieldscope/telemetry/#', { qos: 0 });
    expect(await got).toMatch(/^fieldscope\/telemetry\/dev-000[1-3]$/);
    c.end(true);
    const status = await fetch(`${ep.control.url}/status`, { headers: { authorization: `Bearer ${ep.control.token}` } });
    expect(((await status.json()) as { fleet: { devices: number } }).fleet.devices).toBe(3);
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
