import type { AddressInfo, Server } from 'node:net';
import rhea, { type EventContext } from 'rhea';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { driverHarness, logText } from './amqp-harness';

interface RawFrames {
  amqp_frame(channel: number, performative: unknown, payload?: Buffer): unknown;
  transfer(fields: Record<string, unknown>): unknown;
  write_frame(frame: unknown): Buffer;
}
const rawFrames = createRequire(import.meta.url)('rhea/lib/frames.js') as RawFrames;

/**
 * What RabbitMQ does not enforce but the IoT Platform does (../shared/peers/README.md "not enforced by the
 * broker"): checked from the other end of the wire with rhea's own AMQP 1.0 server — one receiver link,
 * attached right after open, no source address, idle-time-out in the open frame, the cloud-style SASL user
 * name signed afresh on every connect — and a server-side link detach with an error.
 */
interface SeenConnection {
  user?: string;
  idleTimeOut?: number;
  openedAt: number;
  attaches: Array<{ at: number; source: unknown; credit?: number }>;
}

describe('AMQP driver seen from an AMQP 1.0 server (rhea listen)', () => {
  const server = rhea.create_container({ id: 'iot-platform-stand-in' });
  const seen: SeenConnection[] = [];
  let listener: Server;
  let port = 0;
  let detachNext: { condition: string; description: string } | null = null;
  /** Misbehave like a broker racing a close: detach the link, then still send a transfer on it. */
  let transferAfterDetach = false;

  beforeAll(async () => {
    const mechs = server.sasl_server_mechanisms as unknown as { enable_plain(cb: (user: string, pass: string) => boolean): void };
    mechs.enable_plain((user) => {
      seen.push({ user, openedAt: 0, attaches: [] });
      return true;
    });
    server.on('connection_open', (c: EventContext) => {
      const s = seen[seen.length - 1]!;
      s.openedAt = Date.now();
      s.idleTimeOut = (c.connection as unknown as { remote: { open: { idle_time_out?: number } } }).remote.open.idle_time_out;
    });
    server.on('sender_open', (c: EventContext) => {
      const s = seen[seen.length - 1]!;
      const link = c.sender!;
      const remote = (link as unknown as { remote: { attach: { source?: { address?: unknown } | null } } }).remote.attach;
      s.attaches.push({ at: Date.now(), source: remote.source?.address ?? null });
      link.send({
        application_properties: { topic: '/a1/dev/thing/event/property/post', messageId: `m${seen.length}`, generateTime: 1_700_000_000_000 + seen.length },
        body: rhea.message.data_section(Buffer.from([0, 1, 2, 255])),
      });
      if (transferAfterDetach) {
        transferAfterDetach = false;
        // rhea's server API never sends on a detached link, so the late transfer is written as raw frame bytes
        // right behind the detach (as RabbitMQ does when racing a close).
        setTimeout(() => {
          link.close();
          setImmediate(() => {
            const conn = c.connection as unknown as { socket: { write(b: Buffer): void } };
            const payload = rhea.message.encode({ body: 'late', application_properties: { topic: 'late' } } as never);
            const frame = rawFrames.amqp_frame(
              0,
              rawFrames.transfer({ handle: 0, delivery_id: 1, delivery_tag: Buffer.from('late'), message_format: 0 }),
              payload,
            );
            conn.socket.write(rawFrames.write_frame(frame));
          });
        }, 100);
      }
      if (detachNext) {
        const e = detachNext;
        detachNext = null;
        setTimeout(() => link.close(e), 100);
      }
    });
    server.on('sendable', (c: EventContext) => {
      const s = seen[seen.length - 1];
      const a = s?.attaches[s.attaches.length - 1];
      if (a && a.credit === undefined) a.credit = (c.sender as unknown as { credit: number }).credit;
    });
    server.on('error', () => undefined);
    listener = server.listen({ port: 0, host: '127.0.0.1' }) as unknown as Server;
    await new Promise<void>((r) => (listener.listening ? r() : listener.once('listening', () => r())));
    port = (listener.address() as AddressInfo).port;
  });
  afterAll(() => {
    listener?.close();
  });

  it('IoT Platform profile: one receiver with no source right after open, idle-time-out sent, fresh signature per connect; a link detach with error is shown and retried', async () => {
    let clock = 1_700_000_000_000;
    const secret = 'stand-in-secret-value';
    const h = driverHarness(
      {
        id: 'cloud',
        name: 'IoT Platform stand-in',
        kind: 'aliyun-amqp',
        host: '127.0.0.1',
        port,
        tls: false,
        clientId: 'client-42',
        consumerGroupId: 'DEFAULT_GROUP',
        accessKey: 'LTAI-stand-in',
        idleTimeoutSec: 30,
        credit: 64,
        reconnect: { enabled: true, initialDelayMs: 150, maxDelayMs: 1000, maxAttempts: 0 },
      },
      { accessSecret: secret },
      { now: () => clock },
    );
    detachNext = { condition: 'amqp:link:stolen', description: 'another client took over this consumer' };
    await h.driver.connect();
    expect(h.lastState()?.status).toBe('connected');
    await h.waitFor('the detach to be reported', () => h.states.some((s) => s.status === 'reconnecting' && !!s.reason?.includes('amqp:link:stolen')));
    const st = h.states.find((s) => s.reason?.includes('amqp:link:stolen'))!;
    expect(st.explanation).toMatch(/detached the receiver link/);
    clock += 120_000;
    await h.waitFor('second connection', () => h.states.filter((s) => s.status === 'connected').length >= 2);
    await h.waitFor('two messages', () => h.messages.length >= 2);
    await h.dispose();

    expect(seen).toHaveLength(2);
    for (const s of seen) {
      expect(s.attaches).toHaveLength(1); // exactly one receiver link per connection
      expect(s.attaches[0]!.source).toBeNull(); // the IoT Platform needs no source address
      expect(s.attaches[0]!.at - s.openedAt).toBeLessThan(15_000);
      expect(s.attaches[0]!.credit).toBe(64);
      expect(s.idleTimeOut).toBe(30_000);
      expect(s.user).toMatch(/^client-42\|.*\|$/);
      for (const part of ['authMode=aksign', 'signMethod=hmacsha1', 'consumerGroupId=DEFAULT_GROUP', 'authId=LTAI-stand-in']) expect(s.user).toContain(part);
    }
    expect(seen[0]!.user).toContain('timestamp=1700000000000|');
    expect(seen[1]!.user).toContain('timestamp=1700000120000|');
    expect(h.messages[0]!.payload).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(h.messages[0]!.topic).toBe('/a1/dev/thing/event/property/post');
    expect(h.logs.some((l) => l.dir === 'in' && l.type === 'detach' && l.summary.includes('amqp:link:stolen'))).toBe(true);
    expect(h.logs.some((l) => l.type === 'warning' && /TLS only/.test(l.summary))).toBe(true);
    expect(logText(h.logs)).not.toContain(secret);
  });

  it('a transfer after the link was detached (rhea throws on its container) is shown and the driver recovers', async () => {
    const before = seen.length;
    transferAfterDetach = true;
    const h = driverHarness(
      {
        id: 'g',
        name: 'generic',
        kind: 'amqp',
        host: '127.0.0.1',
        port,
        tls: false,
        username: 'u',
        sourceAddress: 'q',
        reconnect: { initialDelayMs: 150, maxDelayMs: 500 },
      },
      { password: 'pw-stand-in' },
    );
    await h.driver.connect();
    await h.waitFor('a reconnect after the misbehaving link', () => h.states.filter((s) => s.status === 'connected').length >= 2);
    await h.dispose();
    expect(seen.length - before).toBeGreaterThanOrEqual(2);
    const text = h.logs.map((l) => `${l.type} ${l.summary}`).join('\n');
    expect(text).toContain('the server detached the receiver link');
    const late = h.logs.find((l) => l.summary.includes('transfer after detach'))!;
    expect(late.explanation).toMatch(/redelivered/);
    if (process.env.FIELDSCOPE_PRINT_AMQP_LOG) console.log(text);
  });
});
