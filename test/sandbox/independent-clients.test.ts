import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { huaweiIotdaUsername } from '../../shared/vendors/huawei-iotda-signature';
import { aliyunMqSignaturePassword } from '../../shared/vendors/aliyun-mq-signature';
import type { SandboxService } from '../../electron/services/sandbox/sandbox-service';
import type { SandboxEndpoints } from '../../shared/contract/sandbox.contract';
import { CLIENTS_DIR, PYTHON, connectMq, hasCommand, pythonHas, recordOf, run, startSandbox, until } from './sandbox-helpers';
import type { MqttClient } from 'mqtt';

// Clients we did not write: paho (the vendor's Python sample), mosquitto_pub/mosquitto_sub over TLS.
const hasPaho = await pythonHas('paho.mqtt.client');
const hasMosquitto = hasCommand('mosquitto_sub') && hasCommand('mosquitto_pub');
if (!hasPaho) console.warn('skipping paho tests: python3-paho-mqtt is not installed');
if (!hasMosquitto) console.warn('skipping mosquitto client tests: mosquitto-clients is not installed');

describe('sandbox faces with independent clients', () => {
  let sandbox: SandboxService;
  let ep: SandboxEndpoints;
  const open: MqttClient[] = [];
  beforeAll(async () => {
    ({ sandbox, ep } = await startSandbox({ amqp: { enabled: false } }));
  });
  afterAll(async () => {
    for (const c of open) c.end(true);
    await sandbox.stop();
  });

  const paho = (secret: string, group: string, tls = false) =>
    run(PYTHON, [
      path.join(CLIENTS_DIR, 'paho_mq_signature.py'),
      tls ? 'localhost' : '127.0.0.1',
      String(tls ? ep.mq!.tlsPort : ep.mq!.tcpPort),
      ep.mq!.accessKey,
      secret,
      group,
      'paho-1',
      'fieldscope/paho',
      ...(tls ? [ep.caFile!] : []),
    ]).then((r) => JSON.parse(r.stdout.trim().split('\n').pop() || '{}') as { rc: number | null; received: string | null });

  it.skipIf(!hasPaho)('paho (seed 004 Python sample) connects in signature mode, over TCP and TLS; a wrong secret is refused', async () => {
    expect(await paho(ep.mq!.secretKey, 'GID_fieldscope')).toEqual({ rc: 0, received: 'hello from paho' });
    expect(await paho(ep.mq!.secretKey, 'GID_fieldscope', true)).toEqual({ rc: 0, received: 'hello from paho' });
    expect((await paho('wrong-secret', 'GID_fieldscope')).rc).toBe(4);
    expect((await paho(ep.mq!.secretKey, 'GID_unknown1')).rc).toBe(5);
  });

  it.skipIf(!hasMosquitto)('mosquitto_sub/mosquitto_pub over TLS with --cafile on the MQ face; a wrong password is refused', async () => {
    const pw = aliyunMqSignaturePassword(ep.mq!.secretKey, 'GID_fieldscope');
    const common = ['-h', 'localhost', '-p', String(ep.mq!.tlsPort), '--cafile', ep.caFile!, '-u', ep.mq!.accessKey, '-V', 'mqttv311'];
    const sub = run('mosquitto_sub', [...common, '-i', 'GID_fieldscope@@@mosq-sub', '-P', pw, '-t', 'fieldscope/mosq', '-C', '1', '-W', '10']);
    await until('mosquitto_sub subscribed', async () => (await recordOf(ep, { kind: 'subscribe', clientId: 'GID_fieldscope@@@mosq-sub' })).length > 0);
    const pub = await run('mosquitto_pub', [
      ...common,
      '-i',
      'GID_fieldscope@@@mosq-pub',
      '-P',
      pw,
      '-t',
      'fieldscope/mosq',
      '-m',
      'from mosquitto',
      '-q',
      '1',
    ]);
    expect(pub.code).toBe(0);
    const got = await sub;
    expect(got.stdout.trim()).toBe('from mosquitto');
    const bad = await run('mosquitto_pub', [...common, '-i', 'GID_fieldscope@@@mosq-bad', '-P', 'wrong', '-t', 'fieldscope/mosq', '-m', 'x']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/not authori[sz]ed|bad user name or password|Connection Refused/i);
  });

  const hw = (timestamp: number, accessCode = ep.huawei!.accessCode) => {
    const username = huaweiIotdaUsername(ep.huawei!.accessKey, timestamp, ep.huawei!.instanceId || undefined);
    return [
      '-h',
      'localhost',
      '-p',
      String(ep.huawei!.port),
      '--cafile',
      ep.caFile!,
      '-u',
      username,
      '-P',
      accessCode,
      '-i',
      `${username}-${Math.random().toString(16).slice(2, 6)}`,
      '-V',
      'mqttv311',
    ];
  };
  const now = () => Date.now() + sandbox.clock.offsetMs;

  it.skipIf(!hasMosquitto)('Huawei face: mosquitto_sub gets rule hits on the forwarding topic; wrong code and ±5 min are refused', async () => {
    const sub = run('mosquitto_sub', [...hw(now()), '-t', ep.huawei!.forwardingTopic, '-C', '1', '-W', '60']);
    await until('huawei subscriber', () => sandbox.huawei!.clientCount === 1);
    // Its SUBSCRIBE follows the CONNECT in its own time: push again until it has one (no fixed head start).
    let received = false;
    void sub.then(() => (received = true));
    for (let i = 0; !received && i < 200; i++) {
      sandbox.huawei!.push({ resource: 'device.property', event: 'report', notify_data: { header: { device_id: 'd1' }, body: { services: [] } } });
      await new Promise((r) => setTimeout(r, 250));
    }
    const got = await sub;
    expect(JSON.parse(got.stdout.trim())).toMatchObject({ resource: 'device.property', notify_data: { header: { device_id: 'd1' } } });
    const wrong = await run('mosquitto_sub', [...hw(now(), 'wrong-code'), '-t', ep.huawei!.forwardingTopic, '-C', '1', '-W', '3']);
    expect(wrong.code).not.toBe(0);
    const old = await run('mosquitto_sub', [...hw(now() - 6 * 60_000), '-t', ep.huawei!.forwardingTopic, '-C', '1', '-W', '3']);
    expect(old.code).not.toBe(0);
    const ahead = await run('mosquitto_sub', [...hw(now() + 4 * 60_000), '-t', ep.huawei!.forwardingTopic, '-C', '1', '-W', '2']);
    expect(ahead.stderr).not.toMatch(/refused|not authori/i); // within the window: connects, then times out waiting
    const reasons = (await recordOf(ep, { face: 'huawei', kind: 'connect-refused' })).map((e) => e.detail?.reason);
    expect(reasons).toEqual(expect.arrayContaining(['access-code-wrong', 'timestamp-out-of-window']));
  });

  it('Huawei face: at most 10 connections per accessKey', async () => {
    const clients: MqttClient[] = [];
    const username = huaweiIotdaUsername(ep.huawei!.accessKey, now());
    for (let i = 0; i < 10; i++) {
      clients.push(
        await connectMq(`mqtts://127.0.0.1:${ep.huawei!.port}`, {
          clientId: `hw-${i}`,
          username,
          password: ep.huawei!.accessCode,
          ca: ep.caPem,
          servername: 'localhost',
        }),
      );
    }
    open.push(...clients);
    const eleventh = await connectMq(`mqtts://127.0.0.1:${ep.huawei!.port}`, {
      clientId: 'hw-10',
      username,
      password: ep.huawei!.accessCode,
      ca: ep.caPem,
      servername: 'localhost',
    }).then(
      () => 0,
      (e: { code?: number }) => e.code ?? -1,
    );
    expect(eleventh).toBe(5);
    clients[0].end(true);
    await until('a slot frees', () => sandbox.huawei!.clientCount === 9);
    const again = await connectMq(`mqtts://127.0.0.1:${ep.huawei!.port}`, {
      clientId: 'hw-11',
      username,
      password: ep.huawei!.accessCode,
      ca: ep.caPem,
      servername: 'localhost',
    });
    open.push(again);
    expect(again.connected).toBe(true);
  });
});
