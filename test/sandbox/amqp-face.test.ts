import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import rhea, { type Connection } from 'rhea';
import { aliyunAmqpCredentials, type AmqpSignMethod } from '../../shared/vendors/aliyun-iot-amqp-signature';
import type { SandboxService } from '../../electron/services/sandbox/sandbox-service';
import type { SandboxEndpoints } from '../../shared/contract/sandbox.contract';
import { CLIENTS_DIR, PYTHON, control, pythonHas, recordOf, run, startSandbox, until } from './sandbox-helpers';
import path from 'node:path';

// IoT Platform AMQP face [seed 002]: proton (C core, a client we did not write) and rhea.
const hasProton = await pythonHas('proton');
if (!hasProton) console.warn('skipping proton AMQP tests: python3-qpid-proton is not installed (apt-get install python3-qpid-proton)');

describe('sandbox IoT Platform AMQP face', () => {
  let sandbox: SandboxService;
  let ep: SandboxEndpoints;
  const conns: Connection[] = [];
  beforeAll(async () => {
    ({ sandbox, ep } = await startSandbox({
      mq: { enabled: false },
      huawei: { enabled: false },
      amqp: {
        attachTimeoutMs: 800,
        redeliveryDelayMs: 300,
        sts: [{ accessKey: 'STS.sandboxUser', accessSecret: 'sts-secret-x', securityToken: 'CAIS+sandbox/token==' }],
      },
    }));
  });
  afterAll(async () => {
    for (const c of conns) c.close();
    await sandbox.stop();
  });

  const push = (n: number, tag: string) => {
    for (let i = 0; i < n; i++) {
      sandbox.amqp!.push({ topic: `/a1Sandbox/dev/user/${tag}`, body: Buffer.from([0, 255, i, 7]), messageId: `${tag}-${i}`, generateTime: Date.now() - i });
    }
  };
  const proton = (args: string[]) =>
    run(PYTHON, [path.join(CLIENTS_DIR, 'proton_receiver.py'), '127.0.0.1', String(ep.amqp!.port), ep.caFile!, ...args]).then((r) => {
      const line = r.stdout.trim().split('\n').pop() ?? '';
      try {
        return JSON.parse(line) as {
          opened: boolean;
          error: string | null;
          messages: { topic: string; messageId: string; generateTime: number; bodyHex: string }[];
        };
      } catch {
        throw new Error(`proton client printed no JSON: ${r.stdout} ${r.stderr}`);
      }
    });
  const ak = () => ep.amqp!.accessKey;
  const sk = () => ep.amqp!.accessSecret;

  it.skipIf(!hasProton)('proton receives pushes with topic/messageId/generateTime and binary bodies, for each sign method', async () => {
    for (const m of ['hmacsha1', 'hmacmd5', 'hmacsha256'] as AmqpSignMethod[]) {
      push(2, m);
      const r = await proton([ak(), sk(), 'DEFAULT_GROUP', m, '2']);
      expect(r.error).toBeNull();
      expect(r.messages.map((x) => x.messageId)).toEqual([`${m}-0`, `${m}-1`]);
      expect(r.messages[0]).toMatchObject({ topic: `/a1Sandbox/dev/user/${m}`, bodyHex: '00ff0007' });
      expect(typeof r.messages[0].generateTime).toBe('number');
    }
  });

  it.skipIf(!hasProton)('proton is refused with a wrong password, a stale timestamp, an unknown group, an out-of-range idle-time-out', async () => {
    const wrong = await proton([ak(), sk(), 'DEFAULT_GROUP', 'hmacsha1', '1', '--wrong-password', '--timeout', '5']);
    expect(wrong.opened).toBe(false);
    expect(wrong.error).toMatch(/auth|unauthorized/i);
    const stale = await proton([ak(), sk(), 'DEFAULT_GROUP', 'hmacsha1', '1', '--timestamp-offset', String(-6 * 60_000), '--timeout', '5']);
    expect(stale.opened).toBe(false);
    const group = await proton([ak(), sk(), 'NO_SUCH_GROUP', 'hmacsha1', '1', '--timeout', '5']);
    expect(group.opened).toBe(false);
    const idle = await proton([ak(), sk(), 'DEFAULT_GROUP', 'hmacsha1', '1', '--idle', '10', '--timeout', '5']);
    expect(idle.error).toMatch(/idle-time-out/);
    const reasons = (await recordOf(ep, { kind: 'login-refused' })).map((e) => e.detail?.reason);
    expect(reasons).toEqual(expect.arrayContaining(['bad-signature', 'timestamp-out-of-window', 'consumer-group-unknown']));
  });

  it.skipIf(!hasProton)('proton connects with ststoken', async () => {
    push(1, 'sts');
    const r = await proton(['STS.sandboxUser', 'sts-secret-x', 'DEFAULT_GROUP', 'hmacsha256', '1', '--sts', 'CAIS+sandbox/token==']);
    expect(r.error).toBeNull();
    expect(r.messages.length).toBe(1);
  });

  const connect = (opts: { idle?: number; signMethod?: AmqpSignMethod } = {}) =>
    new Promise<Connection>((resolve, reject) => {
      const creds = aliyunAmqpCredentials({
        accessKey: ak(),
        accessSecret: sk(),
        clientId: `rhea-${Math.random().toString(16).slice(2, 8)}`,
        consumerGroupId: 'DEFAULT_GROUP',
        timestamp: Date.now(),
        signMethod: opts.signMethod ?? 'hmacsha1',
      });
      const container = rhea.create_container();
      container.on('error', () => undefined);
      const c = container.connect({
        host: '127.0.0.1',
        port: ep.amqp!.port,
        transport: 'tls',
        ca: [ep.caPem],
        servername: 'localhost',
        username: creds.username,
        password: creds.password,
        idle_time_out: opts.idle ?? 60_000,
        reconnect: false,
      });
      conns.push(c);
      c.once('connection_open', () => resolve(c));
      c.once('connection_error', (ctx) => reject(new Error(String(ctx.connection.error ?? 'error'))));
    });
  const closedWith = (c: Connection) =>
    new Promise<string>((resolve) => {
      c.on('connection_error', (ctx) => resolve(JSON.stringify(ctx.connection.error ?? null)));
      c.on('connection_close', () => resolve('closed'));
      c.on('disconnected', () => resolve('disconnected'));
    });

  it('closes a connection that attaches no receiver link in time', async () => {
    const c = await connect();
    const why = await closedWith(c);
    expect(why).toMatch(/no receiver link/);
  });

  it('refuses a second receiver link and any sender link', async () => {
    const c = await connect();
    const r1 = c.open_receiver({ autoaccept: true });
    await new Promise((r) => r1.once('receiver_open', r));
    const r2 = c.open_receiver({});
    const err2 = await new Promise<string>((resolve) => r2.once('receiver_error', (ctx) => resolve(JSON.stringify(ctx.receiver?.error))));
    expect(err2).toMatch(/one receiver link/);
    const s = c.open_sender({});
    const errS = await new Promise<string>((resolve) => s.once('sender_error', (ctx) => resolve(JSON.stringify(ctx.sender?.error))));
    expect(errS).toMatch(/sender links are not supported/);
    c.close();
  });

  it('redelivers released and unsettled messages after the configured delay', async () => {
    const c = await connect();
    const seen: { id: string; at: number }[] = [];
    const r = c.open_receiver({ autoaccept: false, credit_window: 10 });
    let released = false;
    r.on('message', (ctx) => {
      const id = String(ctx.message?.application_properties?.messageId);
      if (!id.startsWith('redeliver')) return void ctx.delivery?.accept();
      seen.push({ id, at: Date.now() });
      if (!released) {
        released = true;
        ctx.delivery?.release();
      } else ctx.delivery?.accept();
    });
    await new Promise((res) => r.once('receiver_open', res));
    push(1, 'redeliver');
    await until('redelivery', () => seen.length >= 2, 30_000);
    expect(seen[0].id).toBe(seen[1].id);
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(250);
    // unsettled at disconnect: comes back to the next consumer
    const holder = await connect();
    const hr = holder.open_receiver({ autoaccept: false });
    await new Promise((res) => hr.once('receiver_open', res));
    c.close();
    const held = new Promise<void>((res) =>
      hr.on('message', (ctx) => {
        if (String(ctx.message?.application_properties?.messageId) === 'unsettled-0') res();
        else ctx.delivery?.accept();
      }),
    );
    push(1, 'unsettled');
    await held;
    holder.close();
    const next = await connect();
    const nr = next.open_receiver({ autoaccept: true });
    const ids: string[] = [];
    nr.on('message', (ctx) => ids.push(String(ctx.message?.application_properties?.messageId)));
    await until('unsettled message redelivered', () => ids.includes('unsettled-0'), 30_000);
    expect((await recordOf(ep, { kind: 'redelivery' })).length).toBeGreaterThanOrEqual(2);
    next.close();
  });

  it('duplicates and reorders the next N messages on request', async () => {
    const c = await connect();
    const r = c.open_receiver({ autoaccept: true });
    const ids: string[] = [];
    r.on('message', (ctx) => {
      const id = String(ctx.message?.application_properties?.messageId);
      if (id.startsWith('ro-') || id.startsWith('dup-')) ids.push(id);
    });
    await new Promise((res) => r.once('receiver_open', res));
    await control(ep, 'POST', '/fault', { action: 'reorder-next', count: 3 });
    push(3, 'ro');
    await until('3 reordered', () => ids.length >= 3, 30_000);
    expect(ids.slice(0, 3)).toEqual(['ro-2', 'ro-1', 'ro-0']);
    await control(ep, 'POST', '/fault', { action: 'duplicate-next', count: 1 });
    push(1, 'dup');
    await until('duplicate', () => ids.filter((i) => i === 'dup-0').length === 2, 30_000);
  });
});
