import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MqttClient } from 'mqtt';
import { onlineQueryRequest, tokenApplyForm, tokenQueryForm, tokenRevokeForm } from '../../shared/vendors/aliyun-mq-token-signature';
import { aliyunMqSignaturePassword } from '../../shared/vendors/aliyun-mq-signature';
import type { SandboxService } from '../../electron/services/sandbox/sandbox-service';
import type { SandboxEndpoints } from '../../shared/contract/sandbox.contract';
import { closed, collect, connectMq, control, mqUrl, recordOf, startSandbox, until } from './sandbox-helpers';

// Token mode, the token service and the online query [seed 004].
describe('sandbox MQ token mode and token service', () => {
  let sandbox: SandboxService;
  let ep: SandboxEndpoints;
  const open: MqttClient[] = [];
  beforeAll(async () => {
    ({ sandbox, ep } = await startSandbox({ amqp: { enabled: false }, huawei: { enabled: false } }));
  });
  afterAll(async () => {
    for (const c of open) c.end(true);
    await sandbox.stop();
  });

  const post = async (path: string, form: Record<string, string>) => {
    const res = await fetch(`${ep.mq!.tokenServiceUrl}${path}`, { method: 'POST', body: new URLSearchParams(form) });
    return { status: res.status, json: (await res.json()) as { success: boolean; code: number; message: string; tokenData: string | null } };
  };
  const now = () => Date.now() + sandbox.clock.offsetMs;
  const apply = async (resources: string, actions: string, lifeMs = 3600_000) => {
    const r = await post(
      '/token/apply',
      tokenApplyForm({ accessKey: ep.mq!.accessKey, secretKey: ep.mq!.secretKey, resources, actions, expireTime: now() + lifeMs }).form,
    );
    expect(r.json).toMatchObject({ success: true, code: 200 });
    return r.json.tokenData!;
  };
  const tokenClient = async (device: string) => {
    const c = await connectMq(mqUrl(ep), { clientId: `GID_fieldscope@@@${device}` });
    open.push(c);
    return c;
  };
  const upload = (c: MqttClient, token: string, type: string) => c.publishAsync('$SYS/uploadToken', JSON.stringify({ token, type }), { qos: 1 });
  const notices = (got: { topic: string; payload: Buffer }[], topic: string) =>
    got.filter((m) => m.topic === topic).map((m) => JSON.parse(m.payload.toString()) as Record<string, unknown>);

  it('token service: signature, parameter and lifetime checks with the documented codes', async () => {
    const good = tokenApplyForm({
      accessKey: ep.mq!.accessKey,
      secretKey: ep.mq!.secretKey,
      resources: 'fieldscope/a',
      actions: 'R',
      expireTime: now() + 3600_000,
    }).form;
    expect((await post('/token/apply', { ...good, signature: 'AAAA' })).json.code).toBe(407);
    const { actions: _a, ...noActions } = good;
    expect((await post('/token/apply', noActions)).json.code).toBe(400);
    const soon = tokenApplyForm({
      accessKey: ep.mq!.accessKey,
      secretKey: ep.mq!.secretKey,
      resources: 'fieldscope/a',
      actions: 'R',
      expireTime: now() + 30_000,
    }).form;
    expect((await post('/token/apply', soon)).json.code).toBe(400);
    // GET works too
    const res = await fetch(`${ep.mq!.tokenServiceUrl}/token/apply?${new URLSearchParams(good)}`);
    const token = ((await res.json()) as { tokenData: string }).tokenData;
    const q = () => post('/token/query', tokenQueryForm({ accessKey: ep.mq!.accessKey, secretKey: ep.mq!.secretKey, token }).form);
    expect((await q()).json.code).toBe(200);
    expect((await post('/token/revoke', tokenRevokeForm({ accessKey: ep.mq!.accessKey, secretKey: ep.mq!.secretKey, token }).form)).json.code).toBe(200);
    expect((await q()).json.code).toBe(3);
    expect(
      (await post('/token/query', tokenQueryForm({ accessKey: ep.mq!.accessKey, secretKey: ep.mq!.secretKey, token: 'not-a-token' }).form)).json.code,
    ).toBe(1);
    expect(
      (await post('/token/query', { ...tokenQueryForm({ accessKey: ep.mq!.accessKey, secretKey: ep.mq!.secretKey, token }).form, signature: 'bad' })).json.code,
    ).toBe(407);
  });

  it('gates publish/subscribe until the uploadToken PUBACK; a SUBSCRIBE sent before it disconnects', async () => {
    const token = await apply('fieldscope/tok', 'R,W');
    const eager = await tokenClient('eager');
    const gone = closed(eager);
    eager.publish('$SYS/uploadToken', JSON.stringify({ token, type: 'RW' }), { qos: 1 });
    eager.subscribe('fieldscope/tok', { qos: 0 }); // does not wait for the PUBACK
    await gone;
    expect((await recordOf(ep, { kind: 'subscribe-before-token', clientId: 'GID_fieldscope@@@eager' })).length).toBe(1);

    const patient = await tokenClient('patient');
    const got = collect(patient);
    await upload(patient, token, 'RW');
    await patient.subscribeAsync('fieldscope/tok', { qos: 1 });
    await patient.publishAsync('fieldscope/tok', 'hello', { qos: 1 });
    await until('own message back', () => got.some((m) => m.topic === 'fieldscope/tok'));
    expect(patient.connected).toBe(true);
  });

  it('a publish with no token at all disconnects', async () => {
    const c = await tokenClient('notoken');
    const gone = closed(c);
    c.publish('fieldscope/tok', 'x', { qos: 0 });
    await gone;
    expect((await recordOf(ep, { kind: 'publish-before-token', clientId: 'GID_fieldscope@@@notoken' })).length).toBe(1);
  });

  const invalidCase = async (device: string, token: string, type: string, act: (c: MqttClient) => void) => {
    const c = await tokenClient(device);
    const got = collect(c);
    const gone = closed(c);
    act(c);
    void type;
    await gone;
    return notices(got, '$SYS/tokenInvalidNotice');
  };

  it('checks resource (4) and permission type (5), forged (1), and pushes tokenInvalidNotice before disconnecting', async () => {
    const rOnly = await apply('fieldscope/r', 'R');
    const n4 = await invalidCase('res', rOnly, 'R', (c) => {
      void upload(c, rOnly, 'R').then(() => c.subscribe('fieldscope/other', { qos: 0 }));
    });
    expect(n4).toEqual([{ code: 4, type: 'R' }]);
    const n5 = await invalidCase('perm', rOnly, 'R', (c) => {
      void upload(c, rOnly, 'R').then(() => c.publish('fieldscope/r', 'x', { qos: 0 }));
    });
    expect(n5[0]).toMatchObject({ code: 5 });
    const n5b = await invalidCase('typemismatch', rOnly, 'W', (c) => void upload(c, rOnly, 'W').catch(() => undefined));
    expect(n5b).toEqual([{ code: 5, type: 'W' }]);
    const n1 = await invalidCase('forged', 'garbage', 'RW', (c) => void upload(c, 'garbage', 'RW').catch(() => undefined));
    expect(n1).toEqual([{ code: 1, type: 'RW' }]);
    const tampered = rOnly.slice(0, -2) + (rOnly.endsWith('AA') ? 'BB' : 'AA');
    const n8 = await invalidCase('tampered', tampered, 'R', (c) => void upload(c, tampered, 'R').catch(() => undefined));
    expect(n8).toEqual([{ code: 8, type: 'R' }]);
  });

  it('pushes tokenExpireNotice 5 minutes before expiry, then tokenInvalidNotice code 2 (sandbox clock shift)', async () => {
    const token = await apply('fieldscope/exp', 'R', 10 * 60_000);
    const c = await tokenClient('expiring');
    const got = collect(c);
    await upload(c, token, 'R');
    await c.subscribeAsync('fieldscope/exp', { qos: 0 });
    await new Promise((r) => setTimeout(r, 400));
    expect(notices(got, '$SYS/tokenExpireNotice')).toEqual([]);
    await control(ep, 'POST', '/fault', { action: 'shift-clock', ms: 6 * 60_000 });
    await until('tokenExpireNotice', () => notices(got, '$SYS/tokenExpireNotice').length === 1);
    const n = notices(got, '$SYS/tokenExpireNotice')[0];
    expect(n.type).toBe('R');
    expect(typeof n.expireTime).toBe('number');
    expect(c.connected).toBe(true);
    const gone = closed(c);
    await control(ep, 'POST', '/fault', { action: 'shift-clock', ms: 5 * 60_000 });
    await gone;
    expect(notices(got, '$SYS/tokenInvalidNotice')).toEqual([{ code: 2, type: 'R' }]);
    expect(notices(got, '$SYS/tokenExpireNotice').length).toBe(1); // once only
    await control(ep, 'POST', '/fault', { action: 'shift-clock', ms: -11 * 60_000 });
  });

  it('a token revoked through /token/revoke disconnects its client with code 3', async () => {
    const token = await apply('fieldscope/rev', 'R');
    const c = await tokenClient('revoked');
    const got = collect(c);
    await upload(c, token, 'R');
    await c.subscribeAsync('fieldscope/rev', { qos: 0 });
    const gone = closed(c);
    const r = await post('/token/revoke', tokenRevokeForm({ accessKey: ep.mq!.accessKey, secretKey: ep.mq!.secretKey, token }).form);
    expect(r.json.code).toBe(200);
    await gone;
    expect(notices(got, '$SYS/tokenInvalidNotice')).toEqual([{ code: 3, type: 'R' }]);
  });

  it('the online query answers online counts and its codes', async () => {
    const get = async (over: Partial<{ accessKey: string; resource: string; timestamp: number }> = {}, sig?: string) => {
      const req = onlineQueryRequest({
        accessKey: ep.mq!.accessKey,
        secretKey: ep.mq!.secretKey,
        resource: 'GID_fieldscope@@@online',
        timestamp: now(),
        ...over,
      });
      const query = sig ? { ...req.query, signature: sig } : req.query;
      const res = await fetch(`${ep.mq!.onlineQueryUrl}${req.path}?${new URLSearchParams(query)}`);
      return { status: res.status, json: (await res.json()) as { code: number; online: number; success: boolean } };
    };
    expect((await get()).json).toMatchObject({ code: 0, online: 0, success: true });
    const c = await connectMq(mqUrl(ep), {
      clientId: 'GID_fieldscope@@@online',
      username: ep.mq!.accessKey,
      password: aliyunMqSignaturePassword(ep.mq!.secretKey, 'GID_fieldscope'),
    });
    open.push(c);
    expect((await get()).json.online).toBe(1);
    await control(ep, 'POST', '/fault', { action: 'online-unknown-next', count: 1 });
    expect((await get()).json.online).toBe(-1);
    expect((await get()).json.online).toBe(1);
    expect(await get({}, 'bad')).toMatchObject({ status: 403, json: { code: 2 } });
    expect(await get({ timestamp: now() - 6 * 60_000 })).toMatchObject({ status: 403, json: { code: 4 } });
    expect(await get({ resource: 'GID_other@@@x' })).toMatchObject({ status: 403, json: { code: 3 } });
    const missing = await fetch(`${ep.mq!.onlineQueryUrl}/route/clientId/get?accessKey=x`);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { code: number }).code).toBe(1);
  });
});
