import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { tokenApplyForm } from '../../shared/vendors/aliyun-mq-token-signature';
import type { SandboxService } from '../../electron/services/sandbox/sandbox-service';
import type { SandboxEndpoints } from '../../shared/contract/sandbox.contract';
import { CLIENTS_DIR, PYTHON, closed, collect, connectMq, mqUrl, pythonHas, recordOf, run, startSandbox } from './sandbox-helpers';

// ApsaraMQ for MQTT current-instance modes [cloud-behaviours §6] against the sandbox MQ face, with paho and
// credentials computed in Python from the documented formulas (not by our signers).
const hasPaho = await pythonHas('paho.mqtt.client');
if (!hasPaho) console.warn('skipping ApsaraMQ instance-mode paho tests: python3-paho-mqtt is not installed');

interface PahoResult {
  rc: number | null;
  received: string | null;
}

function pahoInstance(
  ep: SandboxEndpoints,
  mode: string,
  accessKeyId: string,
  secret: string,
  opts: { instanceId?: string; group?: string; device?: string; tls?: boolean; tokens?: Record<string, string> } = {},
): Promise<PahoResult> {
  const args = [
    path.join(CLIENTS_DIR, 'paho_mq_instance.py'),
    opts.tls ? 'localhost' : '127.0.0.1',
    String(opts.tls ? ep.mq!.tlsPort : ep.mq!.tcpPort),
    mode,
    accessKeyId,
    secret,
    opts.instanceId ?? ep.mq!.instanceId,
    opts.group ?? 'GID_fieldscope',
    opts.device ?? `paho-${mode.toLowerCase()}`,
    'fieldscope/paho-instance',
    ...(opts.tls ? ['--ca', ep.caFile!] : []),
    ...Object.entries(opts.tokens ?? {}).flatMap(([t, v]) => ['--token', `${t}=${v}`]),
  ];
  return run(PYTHON, args).then((r) => {
    try {
      return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as PahoResult;
    } catch {
      throw new Error(`paho printed no JSON: ${r.stdout} ${r.stderr}`);
    }
  });
}

function pahoLegacy(ep: SandboxEndpoints, device: string): Promise<PahoResult> {
  const args = [
    path.join(CLIENTS_DIR, 'paho_mq_signature.py'),
    '127.0.0.1',
    String(ep.mq!.tcpPort),
    ep.mq!.accessKey,
    ep.mq!.secretKey,
    'GID_fieldscope',
    device,
    'fieldscope/paho',
  ];
  return run(PYTHON, args).then((r) => JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as PahoResult);
}

const refusalReason = async (ep: SandboxEndpoints, clientId: string) =>
  (await recordOf(ep, { face: 'mq', kind: 'connect-refused', clientId })).map((e) => e.detail?.reason);

describe.skipIf(!hasPaho)('sandbox MQ face: current-instance auth modes with paho', () => {
  let sandbox: SandboxService;
  let ep: SandboxEndpoints;
  beforeAll(async () => {
    ({ sandbox, ep } = await startSandbox({
      amqp: { enabled: false },
      huawei: { enabled: false },
      iotDevice: { enabled: false },
      huaweiDevice: { enabled: false },
    }));
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('Signature|AK|InstanceId with Base64(HmacSHA1(secret, ClientId)) connects over TCP and TLS; wrong secret and wrong instance ID are refused with 4', async () => {
    const mq = ep.mq!;
    expect(mq.instanceModes).toEqual(['Signature', 'Token', 'DeviceCredential']);
    expect(await pahoInstance(ep, 'Signature', mq.accessKey, mq.secretKey)).toEqual({
      rc: 0,
      received: 'hello from paho (Signature)',
      username: `Signature|${mq.accessKey}|${mq.instanceId}`,
      password: expect.any(String),
    });
    expect((await pahoInstance(ep, 'Signature', mq.accessKey, mq.secretKey, { tls: true, device: 'paho-sig-tls' })).received).toBe(
      'hello from paho (Signature)',
    );
    expect((await pahoInstance(ep, 'Signature', mq.accessKey, 'wrong-secret', { device: 'paho-sig-bad' })).rc).toBe(4);
    expect(await refusalReason(ep, 'GID_fieldscope@@@paho-sig-bad')).toEqual(['bad-signature']);
    expect((await pahoInstance(ep, 'Signature', mq.accessKey, mq.secretKey, { instanceId: 'mqtt-cn-otherinst', device: 'paho-sig-inst' })).rc).toBe(4);
    expect(await refusalReason(ep, 'GID_fieldscope@@@paho-sig-inst')).toEqual(['wrong-instance']);
    // the legacy scheme (seed 004) still works next to it on a default sandbox
    expect((await pahoLegacy(ep, 'paho-legacy')).rc).toBe(0);
  });

  it('DeviceCredential|DeviceAK|InstanceId connects for the Client ID it was issued for; a wrong secret or another Client ID is refused', async () => {
    const cred = ep.mq!.deviceCredentials[0];
    const [group, device] = cred.clientId.split('@@@');
    const ok = await pahoInstance(ep, 'DeviceCredential', cred.deviceAccessKeyId, cred.deviceAccessKeySecret, { group, device });
    expect(ok).toMatchObject({ rc: 0, received: 'hello from paho (DeviceCredential)' });
    expect((await pahoInstance(ep, 'DeviceCredential', cred.deviceAccessKeyId, 'wrong-secret', { group, device })).rc).toBe(4);
    expect((await pahoInstance(ep, 'DeviceCredential', cred.deviceAccessKeyId, cred.deviceAccessKeySecret, { group, device: 'someone-else' })).rc).toBe(4);
    expect(await refusalReason(ep, `${group}@@@someone-else`)).toEqual(['device-credential-other-client-id']);
    // a device credential is not an account AccessKey
    expect((await pahoInstance(ep, 'Signature', cred.deviceAccessKeyId, cred.deviceAccessKeySecret, { group, device: 'dc-as-sig' })).rc).toBe(4);
  });

  it('Token|AK|InstanceId with R|tok|W|tok from the sandbox token service connects and works; a revoked or forged token is refused', async () => {
    const mq = ep.mq!;
    const apply = async (actions: string) => {
      const form = tokenApplyForm({
        accessKey: mq.accessKey,
        secretKey: mq.secretKey,
        resources: 'fieldscope/paho-instance',
        actions,
        expireTime: sandbox.clock.now() + 3600_000,
      }).form;
      const res = await fetch(`${mq.tokenServiceUrl}/token/apply`, { method: 'POST', body: new URLSearchParams(form) });
      return ((await res.json()) as { tokenData: string }).tokenData;
    };
    const [r, w] = [await apply('R'), await apply('W')];
    const ok = await pahoInstance(ep, 'Token', mq.accessKey, '', { tokens: { R: r, W: w } });
    expect(ok).toMatchObject({ rc: 0, received: 'hello from paho (Token)', password: `R|${r}|W|${w}` });
    // any order of the pairs
    expect((await pahoInstance(ep, 'Token', mq.accessKey, '', { tokens: { W: w, R: r }, device: 'paho-token-wr' })).rc).toBe(0);
    expect((await pahoInstance(ep, 'Token', mq.accessKey, '', { tokens: { R: `${r}x` }, device: 'paho-token-forged' })).rc).toBe(4);
    const rw = await apply('R,W');
    sandbox.fault({ action: 'revoke-token', token: rw });
    expect((await pahoInstance(ep, 'Token', mq.accessKey, '', { tokens: { RW: rw }, device: 'paho-token-revoked' })).rc).toBe(4);
    const detail = (await recordOf(ep, { face: 'mq', kind: 'connect-refused', clientId: 'GID_fieldscope@@@paho-token-revoked' }))[0]?.detail;
    expect(detail).toMatchObject({ reason: 'token-invalid', code: 3, type: 'RW' });
    expect((await pahoInstance(ep, 'Token', mq.accessKey, '', { tokens: { R: r }, instanceId: 'mqtt-cn-otherinst', device: 'paho-token-inst' })).rc).toBe(4);
  });

  it('Token mode: $SYS/uploadToken after connect replaces a held token; its expiry then ends the session with tokenInvalidNotice', async () => {
    const mq = ep.mq!;
    const apply = async (actions: string) => {
      const form = tokenApplyForm({
        accessKey: mq.accessKey,
        secretKey: mq.secretKey,
        resources: 'fieldscope/renew',
        actions,
        expireTime: sandbox.clock.now() + 3600_000,
      }).form;
      const res = await fetch(`${mq.tokenServiceUrl}/token/apply`, { method: 'POST', body: new URLSearchParams(form) });
      return ((await res.json()) as { tokenData: string }).tokenData;
    };
    const [r1, w] = [await apply('R'), await apply('W')];
    const c = await connectMq(mqUrl(ep), {
      clientId: 'GID_fieldscope@@@renewing',
      username: `Token|${mq.accessKey}|${mq.instanceId}`,
      password: `R|${r1}|W|${w}`,
    });
    const got = collect(c);
    const gone = closed(c);
    await c.subscribeAsync('fieldscope/renew', { qos: 1 });
    const r2 = await apply('R');
    await c.publishAsync('$SYS/uploadToken', JSON.stringify({ token: r2, type: 'R' }), { qos: 1 });
    // the renewed token is the one the session holds now
    sandbox.fault({ action: 'expire-token', token: r2 });
    await gone;
    const notices = got.filter((m) => m.topic === '$SYS/tokenInvalidNotice').map((m) => JSON.parse(m.payload.toString()) as unknown);
    expect(notices).toEqual([{ code: 2, type: 'R' }]);
    expect((await recordOf(ep, { face: 'mq', kind: 'connected', clientId: 'GID_fieldscope@@@renewing' }))[0]?.detail).toMatchObject({
      scheme: 'Token',
      mode: 'token',
    });
  });
});

describe.skipIf(!hasPaho)('sandbox MQ face: a current-only instance with some modes switched off', () => {
  let sandbox: SandboxService;
  let ep: SandboxEndpoints;
  beforeAll(async () => {
    ({ sandbox, ep } = await startSandbox({
      mq: { instanceModes: ['Signature'], legacyAuth: false },
      amqp: { enabled: false },
      huawei: { enabled: false },
      iotDevice: { enabled: false },
      huaweiDevice: { enabled: false },
    }));
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('refuses a disabled mode with 5 (not authorized) and a legacy UserName with 4; the enabled mode connects', async () => {
    const mq = ep.mq!;
    expect(mq).toMatchObject({ instanceModes: ['Signature'], legacyAuth: false });
    expect((await pahoInstance(ep, 'Signature', mq.accessKey, mq.secretKey)).rc).toBe(0);
    const cred = mq.deviceCredentials[0];
    const [group, device] = cred.clientId.split('@@@');
    expect((await pahoInstance(ep, 'DeviceCredential', cred.deviceAccessKeyId, cred.deviceAccessKeySecret, { group, device })).rc).toBe(5);
    expect(await refusalReason(ep, cred.clientId)).toEqual(['mode-disabled']);
    expect((await pahoInstance(ep, 'Token', mq.accessKey, '', { tokens: { R: 'whatever' }, device: 'paho-token-off' })).rc).toBe(5);
    expect((await pahoLegacy(ep, 'paho-legacy-off')).rc).toBe(4);
    expect(await refusalReason(ep, 'GID_fieldscope@@@paho-legacy-off')).toEqual(['legacy-username']);
  });
});
