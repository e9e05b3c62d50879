import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { huaweiIotdaUsername } from '../../shared/vendors/huawei-iotda-signature';
import type { SandboxService } from '../../electron/services/sandbox/sandbox-service';
import type { SandboxEndpoints } from '../../shared/contract/sandbox.contract';
import { CLIENTS_DIR, PYTHON, hasCommand, pythonHas, recordOf, run, startSandbox, until } from './sandbox-helpers';

// Device faces [cloud-behaviours §6] with clients we did not write: paho devices whose credentials are computed
// in Python from the documented formulas, proton as the IoT Platform's AMQP consumer, mosquitto_sub as the
// IoTDA application.
const hasPaho = await pythonHas('paho.mqtt.client');
const hasProton = await pythonHas('proton');
const hasMosquitto = hasCommand('mosquitto_sub');
if (!hasPaho) console.warn('skipping device-face tests: python3-paho-mqtt is not installed');
if (!hasProton) console.warn('skipping the device-to-AMQP test: python3-qpid-proton is not installed');
if (!hasMosquitto) console.warn('skipping the device-to-forwarding test: mosquitto-clients is not installed');

function lastJson<T>(r: { stdout: string; stderr: string }, who: string): T {
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as T;
  } catch {
    throw new Error(`${who} printed no JSON: ${r.stdout} ${r.stderr}`);
  }
}

describe.skipIf(!hasPaho)('sandbox device faces with paho', () => {
  let sandbox: SandboxService;
  let ep: SandboxEndpoints;
  beforeAll(async () => {
    ({ sandbox, ep } = await startSandbox({ mq: { enabled: false } }));
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  interface IotResult {
    rc: number | null;
    reply: { code: number; id: string; method: string } | null;
    id: string;
  }
  const iotDevice = (signMethod: string, secureMode: 2 | 3, extra: string[] = []) => {
    const d = ep.iotDevice!.devices[0];
    const port = secureMode === 2 ? ep.iotDevice!.tlsPort : ep.iotDevice!.tcpPort;
    const host = secureMode === 2 ? 'localhost' : '127.0.0.1';
    const args = [
      path.join(CLIENTS_DIR, 'paho_iot_device.py'),
      host,
      String(port),
      d.productKey,
      d.deviceName,
      d.deviceSecret,
      signMethod,
      String(secureMode),
      ...(secureMode === 2 ? ['--ca', ep.caFile!] : []),
      ...extra,
    ];
    return run(PYTHON, args).then((r) => lastJson<IotResult>(r, 'paho IoT device'));
  };
  const iotRefusals = async () => (await recordOf(ep, { face: 'iot-device', kind: 'connect-refused' })).map((e) => e.detail?.reason);

  it('IoT Platform device: every signmethod over TCP (securemode 3) and TLS (securemode 2) connects, gets post_reply, and its reports reach the AMQP subscription (proton)', async () => {
    const d = ep.iotDevice!.devices[0];
    const ids: string[] = [];
    for (const m of ['hmacsha1', 'hmacsha256', 'hmacmd5']) {
      for (const mode of [3, 2] as const) {
        const r = await iotDevice(m, mode, m === 'hmacmd5' ? ['--client-id', 'my-client_1'] : []);
        expect(r.rc, `${m} securemode=${mode}`).toBe(0);
        expect(r.reply).toMatchObject({ code: 200, id: r.id, method: 'thing.event.property.post' });
        ids.push(r.id);
      }
    }
    if (!hasProton) return;
    // each run also sends an online and an offline status message
    const expected = ids.length * 3;
    await until('reports and status messages queued', () => sandbox.amqp!.backlog === expected);
    const a = ep.amqp!;
    const got = lastJson<{ error: string | null; messages: { topic: string; bodyHex: string }[] }>(
      await run(PYTHON, [
        path.join(CLIENTS_DIR, 'proton_receiver.py'),
        '127.0.0.1',
        String(a.port),
        ep.caFile!,
        a.accessKey,
        a.accessSecret,
        a.consumerGroupIds[0],
        'hmacsha256',
        String(expected),
        '--instance',
        a.iotInstanceId,
      ]),
      'proton',
    );
    expect(got.error).toBeNull();
    const body = (m: { bodyHex: string }) => JSON.parse(Buffer.from(m.bodyHex, 'hex').toString()) as Record<string, unknown>;
    const posts = got.messages.filter((m) => m.topic === `/${d.productKey}/${d.deviceName}/thing/event/property/post`);
    expect(posts).toHaveLength(ids.length);
    for (const m of posts) {
      expect(body(m)).toMatchObject({ productKey: d.productKey, deviceName: d.deviceName, items: { LightSwitch: { value: 1 }, Temperature: { value: 23.5 } } });
    }
    expect(posts.map((m) => body(m).requestId).sort()).toEqual([...ids].sort());
    const statuses = got.messages.filter((m) => m.topic === `/as/mqtt/status/${d.productKey}/${d.deviceName}`).map((m) => body(m));
    expect(statuses.filter((b) => b.status === 'online')).toHaveLength(ids.length);
    expect(statuses.filter((b) => b.status === 'offline')).toHaveLength(ids.length);
    expect(statuses[0]).toMatchObject({ productKey: d.productKey, deviceName: d.deviceName, clientIp: '127.0.0.1' });
  });

  it('IoT Platform device: a wrong secret, a stale timestamp and a securemode that does not match the port are refused', async () => {
    expect((await iotDevice('hmacsha256', 3, ['--wrong-secret'])).rc).toBe(4);
    expect((await iotDevice('hmacsha256', 3, ['--timestamp-offset', String(-20 * 60_000)])).rc).toBe(4);
    // the sandbox clock decides: move it and a fresh device timestamp becomes stale
    sandbox.fault({ action: 'shift-clock', ms: 30 * 60_000 });
    expect((await iotDevice('hmacsha1', 3)).rc).toBe(4);
    sandbox.fault({ action: 'shift-clock', ms: -30 * 60_000 });
    expect((await iotDevice('hmacsha1', 3)).rc).toBe(0);
    // securemode=2 (TLS direct) sent to the plain TCP port, in plain TCP
    const d = ep.iotDevice!.devices[0];
    const mismatch = await run(PYTHON, [
      path.join(CLIENTS_DIR, 'paho_iot_device.py'),
      '127.0.0.1',
      String(ep.iotDevice!.tcpPort),
      d.productKey,
      d.deviceName,
      d.deviceSecret,
      'hmacsha1',
      '2',
    ]);
    expect(lastJson<IotResult>(mismatch, 'paho').rc).toBe(2);
    expect(await iotRefusals()).toEqual(['bad-signature', 'timestamp-out-of-window', 'timestamp-out-of-window', 'secure-mode-transport-mismatch']);
  });

  it('IoT Platform device: publishing outside its own topics drops the connection', async () => {
    const r = await iotDevice('hmacsha1', 3, ['--publish-to', '/sys/otherPk/otherDevice/thing/event/property/post']);
    expect(r.rc).toBe(0);
    expect(r.reply).toBeNull();
    expect((await recordOf(ep, { face: 'iot-device', kind: 'publish-refused' })).map((e) => e.detail?.topic)).toEqual([
      '/sys/otherPk/otherDevice/thing/event/property/post',
    ]);
  });

  interface IotdaResult {
    rc: number | null;
    published: boolean;
    command: { command_name: string; paras: Record<string, unknown> } | null;
  }
  const iotda = (check: 0 | 1, extra: string[] = []) => {
    const d = ep.huaweiDevice!.devices[0];
    return run(PYTHON, [
      path.join(CLIENTS_DIR, 'paho_iotda_device.py'),
      'localhost',
      String(ep.huaweiDevice!.port),
      ep.caFile!,
      d.deviceId,
      d.secret,
      String(check),
      ...extra,
    ]).then((r) => lastJson<IotdaResult>(r, 'paho IoTDA device'));
  };

  it.skipIf(!hasMosquitto)(
    'IoTDA device: _0_ and _1_ connect over TLS and their property reports reach the forwarding topic (mosquitto_sub as the application)',
    async () => {
      const h = ep.huawei!;
      const username = huaweiIotdaUsername(h.accessKey, sandbox.clock.now(), h.instanceId || undefined);
      const appArgs = [
        '-h',
        'localhost',
        '-p',
        String(h.port),
        '--cafile',
        ep.caFile!,
        '-u',
        username,
        '-P',
        h.accessCode,
        '-i',
        'forwarding-app',
        '-V',
        'mqttv311',
        '-t',
        h.forwardingTopic,
        '-C',
        '6',
        '-W',
        '20',
      ];
      const app = run('mosquitto_sub', appArgs, 25_000);
      await until('application subscribed', () => sandbox.huawei!.clientCount === 1);
      await new Promise((r) => setTimeout(r, 200));
      expect(await iotda(1)).toMatchObject({ rc: 0, published: true });
      expect(await iotda(0)).toMatchObject({ rc: 0, published: true });
      type Push = { resource: string; event: string; notify_data: { header: { device_id: string }; body: { status?: string; services?: unknown[] } } };
      const pushes = (await app).stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Push);
      const deviceId = ep.huaweiDevice!.devices[0].deviceId;
      // per device: ONLINE, the report, OFFLINE
      expect(pushes).toHaveLength(6);
      for (const p of pushes) expect(p.notify_data.header.device_id).toBe(deviceId);
      const reports = pushes.filter((p) => p.resource === 'device.property');
      expect(reports).toHaveLength(2);
      for (const r of reports)
        expect(r).toMatchObject({ event: 'report', notify_data: { body: { services: [{ service_id: 'Battery', properties: { batteryLevel: 87 } }] } } });
      expect(
        pushes
          .filter((p) => p.resource === 'device.status')
          .map((p) => p.notify_data.body.status)
          .sort(),
      ).toEqual(['OFFLINE', 'OFFLINE', 'ONLINE', 'ONLINE']);
    },
  );

  it('IoTDA device: a wrong secret is refused; with _1_ an hour the sandbox clock does not accept is refused, with _0_ it is not checked', async () => {
    expect((await iotda(1, ['--wrong-secret'])).rc).toBe(4);
    expect((await iotda(1, ['--hour-offset', '-3'])).rc).toBe(4);
    expect((await iotda(0, ['--hour-offset', '-3'])).rc).toBe(0);
    sandbox.fault({ action: 'shift-clock', ms: 5 * 3600_000 });
    expect((await iotda(1)).rc).toBe(4);
    sandbox.fault({ action: 'shift-clock', ms: -5 * 3600_000 });
    const reasons = (await recordOf(ep, { face: 'huawei-device', kind: 'connect-refused' })).map((e) => e.detail?.reason);
    expect(reasons).toEqual(['bad-signature', 'stale-timestamp', 'stale-timestamp']);
  });

  it('IoTDA device: a platform command reaches the device and its response is recorded', async () => {
    const deviceId = ep.huaweiDevice!.devices[0].deviceId;
    const d = ep.huaweiDevice!.devices[0];
    const child = run(PYTHON, [
      path.join(CLIENTS_DIR, 'paho_iotda_device.py'),
      'localhost',
      String(ep.huaweiDevice!.port),
      ep.caFile!,
      d.deviceId,
      d.secret,
      '1',
      '--wait-command',
    ]);
    await until('device subscribed to its commands', async () =>
      (await recordOf(ep, { face: 'huawei-device', kind: 'subscribe' })).some((e) => String(e.detail?.filter).endsWith('/sys/commands/#')),
    );
    const requestId = sandbox.huaweiDevice!.sendCommand(deviceId, { service_id: 'Light', command_name: 'SwitchOn', paras: { level: 3 } });
    const r = lastJson<IotdaResult>(await child, 'paho IoTDA device');
    expect(r.command).toMatchObject({ command_name: 'SwitchOn', paras: { level: 3 } });
    await until('response recorded', async () =>
      (await recordOf(ep, { face: 'huawei-device', kind: 'publish' })).some(
        (e) => e.detail?.topic === `$oc/devices/${deviceId}/sys/commands/response/request_id=${requestId}`,
      ),
    );
  });

  it('drop-client fault closes a device connection without a DISCONNECT', async () => {
    const d = ep.huaweiDevice!.devices[0];
    const child = run(PYTHON, [
      path.join(CLIENTS_DIR, 'paho_iotda_device.py'),
      'localhost',
      String(ep.huaweiDevice!.port),
      ep.caFile!,
      d.deviceId,
      d.secret,
      '0',
      '--wait-command',
    ]);
    await until('device connected', () => sandbox.huaweiDevice!.clientCount === 1);
    const connected = (await recordOf(ep, { face: 'huawei-device', kind: 'connected' })).pop()!;
    expect(sandbox.fault({ action: 'drop-client', face: 'huawei-device', clientId: connected.clientId! })).toEqual({ applied: true });
    const r = lastJson<IotdaResult>(await child, 'paho IoTDA device');
    expect(r).toMatchObject({ rc: 0, command: null });
    expect(sandbox.fault({ action: 'drop-client', face: 'iot-device', clientId: 'nobody' })).toEqual({ applied: false });
  });
});
