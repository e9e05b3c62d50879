/**
 * `fieldscope sub` and `fieldscope record <url>` keep a persistent session through broker deaths: a real
 * mosquitto (sessions persisted to disk) is SIGKILLed and restarted 20 times with 20 QoS 1 messages
 * published each round while the CLIs are away; both must end with all 400, and report every loss and
 * reconnect (stderr, and the capture's protocol log). Only liveness bounds (tens of seconds) use the clock.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './captures/cli-helpers';
import { mosquittoAvailable, startMosquitto } from './support/mosquitto';
import { capturePayloads, captureRecords, publish, subPayloads, unique, until } from './support/restart-loop';

const have = mosquittoAvailable();
if (!have) console.log('SKIP cli-reconnect: mosquitto is not installed');

const ROUNDS = 20;
const PER_ROUND = 20;
const FAST = ['--reconnect-delay', '0.1', '--reconnect-max-delay', '0.5'];

describe.skipIf(!have)('CLI reconnect through broker restarts', () => {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it(
    `sub and record keep a persistent session through ${ROUNDS} broker kills: ${ROUNDS * PER_ROUND}/${ROUNDS * PER_ROUND} each, every loss and reconnect reported`,
    { timeout: 240_000 },
    async () => {
      const broker = await startMosquitto({ persistence: true });
      cleanups.push(() => broker.stop());
      const file = path.join(broker.dir, 'restarts.fscap');
      const sub = runCli(['sub', broker.url, '-t', 'rs/#', '-q', '1', '-c', 'fs-test-sub', '--persistent', ...FAST]);
      const rec = runCli(['record', broker.url, '-t', 'rs/#', '--qos', '1', '-o', file, '-c', 'fs-test-rec', '--persistent', ...FAST]);
      cleanups.push(
        () => sub.proc.kill('SIGKILL'),
        () => rec.proc.kill('SIGKILL'),
      );
      await rec.waitForJson('recording', 30_000);
      const detail = () => `sub stderr:\n${sub.stderr.join('')}\nrecord stderr:\n${rec.stderr.join('')}\nmosquitto:\n${broker.log().slice(-3000)}`;

      // Both subscribed (their sessions hold the subscription) before the first kill.
      for (let i = 0; !(subPayloads(sub).includes('warmup') && capturePayloads(file).includes('warmup')); i++) {
        if (i > 100) throw new Error(`liveness: the CLIs did not receive a warm-up message\n${detail()}`);
        await publish(broker, 'rs/warmup', ['warmup']);
        await new Promise((r) => setTimeout(r, 300));
      }

      for (let round = 0; round < ROUNDS; round++) {
        await broker.kill();
        await broker.restart();
        // Published right away: the CLIs are usually still waiting to reconnect, so the broker queues them.
        await publish(
          broker,
          'rs/data',
          Array.from({ length: PER_ROUND }, (_, i) => `r${round}-m${i}`),
        );
        const want = (round + 1) * PER_ROUND;
        await until(
          `round ${round}: ${want} messages at both`,
          () => unique(subPayloads(sub), 'r') >= want && unique(capturePayloads(file), 'r') >= want,
          30_000,
          detail,
        );
      }

      const all = ROUNDS * PER_ROUND;
      expect(unique(subPayloads(sub), 'r')).toBe(all);
      expect(unique(capturePayloads(file), 'r')).toBe(all);

      sub.proc.kill('SIGTERM');
      rec.proc.kill('SIGTERM');
      expect((await sub.exited).code).toBe(0);
      expect((await rec.exited).code).toBe(0);
      expect(rec.stdout.some((l) => l.includes('"stopped"'))).toBe(true);

      // Every loss and every reconnect is said on stderr, and the broker kept each session.
      for (const run of [sub, rec]) {
        const err = run.stderr.join('');
        expect(err.match(/Connection lost/g)?.length).toBe(ROUNDS);
        expect(err.match(/Reconnected after/g)?.length).toBe(ROUNDS);
        expect(err.match(/session kept by the broker/g)?.length).toBe(ROUNDS);
      }
      // ... and in the capture's protocol log, with the CONNECT/CONNACK of each new connection.
      const logs = captureRecords(file).filter((r) => r.type === 'log');
      expect(logs.filter((l) => l.logType === 'reconnect' && /^Connection lost/.test(l.summary as string))).toHaveLength(ROUNDS);
      expect(logs.filter((l) => l.logType === 'connect' && /^Reconnected after/.test(l.summary as string))).toHaveLength(ROUNDS);
      expect(logs.filter((l) => l.logType === 'CONNECT').length).toBeGreaterThanOrEqual(ROUNDS + 1);
      expect(logs.filter((l) => l.logType === 'CONNACK' && /sessionPresent=true/.test(l.summary as string))).toHaveLength(ROUNDS);
    },
  );

  it('MQTT 5: a persistent session outlives the connection (session expiry set), through 3 broker kills', { timeout: 180_000 }, async () => {
    const broker = await startMosquitto({ persistence: true });
    cleanups.push(() => broker.stop());
    const file = path.join(broker.dir, 'v5.fscap');
    const sub = runCli(['sub', broker.url, '-V', '5', '-t', 'v5/#', '-q', '1', '-c', 'fs-test-sub5', '--persistent', ...FAST]);
    const rec = runCli(['record', `${broker.url}?protocolVersion=5`, '-t', 'v5/#', '--qos', '1', '-o', file, '-c', 'fs-test-rec5', '--persistent', ...FAST]);
    cleanups.push(
      () => sub.proc.kill('SIGKILL'),
      () => rec.proc.kill('SIGKILL'),
    );
    await rec.waitForJson('recording', 30_000);
    const detail = () => `sub stderr:\n${sub.stderr.join('')}\nrecord stderr:\n${rec.stderr.join('')}`;
    for (let i = 0; !(subPayloads(sub).includes('warmup') && capturePayloads(file).includes('warmup')); i++) {
      if (i > 100) throw new Error(`liveness: no warm-up message\n${detail()}`);
      await publish(broker, 'v5/warmup', ['warmup']);
      await new Promise((r) => setTimeout(r, 300));
    }
    for (let round = 0; round < 3; round++) {
      await broker.kill();
      await broker.restart();
      await publish(
        broker,
        'v5/data',
        Array.from({ length: 10 }, (_, i) => `r${round}-m${i}`),
      );
      const want = (round + 1) * 10;
      await until(`round ${round}`, () => unique(subPayloads(sub), 'r') >= want && unique(capturePayloads(file), 'r') >= want, 30_000, detail);
    }
    for (const run of [sub, rec]) expect(run.stderr.join('').match(/session kept by the broker/g)?.length).toBe(3);
  });

  it('gives up when the policy says so (exit 1, said on stderr) instead of waiting silently', { timeout: 180_000 }, async () => {
    const broker = await startMosquitto();
    cleanups.push(() => broker.stop());
    const sub = runCli(['sub', broker.url, '-t', 'gu/#', '--reconnect-attempts', '2', ...FAST]);
    const noRetry = runCli(['sub', broker.url, '-t', 'gu/#', '--no-reconnect']);
    cleanups.push(
      () => sub.proc.kill('SIGKILL'),
      () => noRetry.proc.kill('SIGKILL'),
    );
    for (let i = 0; !(sub.stdout.length && noRetry.stdout.length); i++) {
      if (i > 100) throw new Error('liveness: the CLIs did not receive a warm-up message');
      await publish(broker, 'gu/warmup', ['warmup']);
      await new Promise((r) => setTimeout(r, 300));
    }
    await broker.kill();
    const [a, b] = await Promise.all([sub.exited, noRetry.exited]);
    expect(a.code).toBe(1);
    expect(sub.stderr.join('')).toMatch(/Reconnect attempt 2 failed \(.*ECONNREFUSED.*\); gave up after 2 reconnect attempts/s);
    expect(b.code).toBe(1);
    expect(noRetry.stderr.join('')).toMatch(/Connection lost \(.*\); reconnecting is off/);
  });

  it('says what to fix for bad reconnect flags (exit 2)', { timeout: 180_000 }, async () => {
    const r = runCli(['sub', 'mqtt://127.0.0.1:1', '-t', 'a', '--reconnect-delay', '0']);
    expect((await r.exited).code).toBe(2);
    expect(r.stderr.join('')).toMatch(/--reconnect-delay takes seconds from 0.1/);
    const p = runCli(['record', 'mqtt://127.0.0.1:1', '-o', '/tmp/never.fscap', '--persistent']);
    expect((await p.exited).code).not.toBe(0);
    expect(p.stderr.join('')).toMatch(/--persistent needs a fixed client ID/);
    const help = runCli(['sub', '--help']);
    await help.exited;
    expect(help.stdout.join('\n') + help.stderr.join('')).toMatch(/--reconnect-max-delay/);
  });
});
