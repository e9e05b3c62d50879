/** `fieldscope sub` (built CLI) against a real mosquitto, messages published by mosquitto_pub. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mosquittoAvailable, startMosquitto, type MosquittoBroker } from './support/mosquitto';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin', 'fieldscope.js');
const PASSWORD = 'test-only-cli-pw';
const have = mosquittoAvailable();
if (!have) console.log('SKIP cli-sub: mosquitto is not installed');

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The CLI's output, one parsed object per line. */
const ndjson = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown> & { payload: string });

function mosquittoPub(broker: MosquittoBroker, args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const p = spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.port), '-u', 'alice', '-P', PASSWORD, ...args], { stdio: 'ignore' });
    p.on('close', resolve);
  });
}

// Each test starts the CLI (a Node process) several times: generous liveness bounds for a loaded machine.
describe.skipIf(!have)('fieldscope sub', { timeout: 180_000 }, () => {
  let broker: MosquittoBroker;
  const binary = Buffer.from([0x00, 0xff, 0xc3, 0x28, 0x41]);
  beforeAll(async () => {
    broker = await startMosquitto({ tls: true, passwordFile: [{ user: 'alice', pass: PASSWORD }] });
    const file = path.join(broker.dir, 'bin.dat');
    fs.writeFileSync(file, binary);
    // Retained, so the subscriber gets them as soon as it subscribes (no race with the publisher).
    expect(await mosquittoPub(broker, ['-t', 'cli/a', '-r', '-q', '1', '-m', '{"temp":21.5,"city":"杭州"}'])).toBe(0);
    expect(await mosquittoPub(broker, ['-t', 'cli/b', '-r', '-q', '1', '-f', file])).toBe(0);
  });
  afterAll(async () => {
    await broker?.stop();
  });

  it('prints NDJSON: text payloads as text, other bytes as base64, password from the environment', async () => {
    const r = await cli(
      ['sub', `mqtt://127.0.0.1:${broker.port}`, '-t', 'cli/#', '-q', '1', '-u', 'alice', '-P', '@env:FS_TEST_PW', '--count', '2', '-W', '20'],
      { FS_TEST_PW: PASSWORD },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = ndjson(r.stdout);
    const byTopic = Object.fromEntries(lines.map((l) => [l.topic, l]));
    expect(byTopic['cli/a']).toMatchObject({ qos: 1, retain: true, payload: '{"temp":21.5,"city":"杭州"}' });
    expect(byTopic['cli/a'].encoding).toBeUndefined();
    expect(byTopic['cli/b']).toMatchObject({ encoding: 'base64', retain: true });
    expect(Buffer.from(byTopic['cli/b'].payload, 'base64').equals(binary)).toBe(true);
    expect(Date.parse(byTopic['cli/a'].arrivedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('connects over TLS with --cafile', async () => {
    const r = await cli([
      'sub',
      `mqtts://localhost:${broker.tlsPort}`,
      '-t',
      'cli/a',
      '-u',
      'alice',
      '-P',
      PASSWORD,
      '--cafile',
      broker.caFile!,
      '-C',
      '1',
      '-W',
      '20',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).topic).toBe('cli/a');
  });

  it('explains a wrong password and exits 1', async () => {
    const r = await cli(['sub', `mqtt://127.0.0.1:${broker.port}`, '-t', '#', '-u', 'alice', '-P', 'wrong', '-W', '20']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Not authorized/i);
    expect(r.stdout).toBe('');
  });

  it('says what to fix for bad arguments (exit 2)', async () => {
    const noTopic = await cli(['sub', 'mqtt://127.0.0.1:1']);
    expect(noTopic.code).toBe(2);
    expect(noTopic.stderr).toMatch(/at least one topic filter/);
    const badFilter = await cli(['sub', 'mqtt://127.0.0.1:1', '-t', 'a/#/b']);
    expect(badFilter.stderr).toMatch(/last level/);
    const badEnv = await cli(['sub', 'mqtt://127.0.0.1:1', '-t', 'a', '-P', '@env:FS_SURELY_UNSET_VAR']);
    expect(badEnv.stderr).toMatch(/FS_SURELY_UNSET_VAR.*not set/);
    const badScheme = await cli(['sub', 'http://x', '-t', 'a']);
    expect(badScheme.stderr).toMatch(/unsupported scheme/);
  });

  it("drains 300 queued QoS 1 messages through the broker's 20-message inflight window, in order, each acknowledged once", async () => {
    const url = `mqtt://127.0.0.1:${broker.port}`;
    const session = ['-t', 'cli/q1', '-q', '1', '-c', 'cli-q1-drain', '--persistent', '-u', 'alice', '-P', PASSWORD];
    // The persistent session and its subscription first, registered by another client (no waiting on a timeout).
    const registrar = await mqtt.connectAsync(url, { clientId: 'cli-q1-drain', clean: false, username: 'alice', password: PASSWORD, reconnectPeriod: 0 });
    await registrar.subscribeAsync('cli/q1', { qos: 1 });
    await registrar.endAsync();
    const publish = async (lines: string[]) => {
      const pub = spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.port), '-u', 'alice', '-P', PASSWORD, '-t', 'cli/q1', '-q', '1', '-l'], {
        stdio: ['pipe', 'ignore', 'ignore'],
      });
      pub.stdin.end(lines.join('\n') + '\n');
      expect(await new Promise((r) => pub.on('close', r))).toBe(0);
    };
    await publish(Array.from({ length: 300 }, (_, i) => `{"n":${i}}`));
    // mosquitto sends at most 20 unacknowledged QoS 1 messages: all 300 arrive only if each one was acknowledged.
    const r = await cli(['sub', url, ...session, '--count', '300', '-W', '60']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = ndjson(r.stdout);
    expect(lines.map((l) => JSON.parse(l.payload).n)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(lines.every((l) => l.qos === 1 && l.topic === 'cli/q1')).toBe(true);
    // Acknowledged means gone: queued after them, one more message is the next (and only) one the session gets.
    await publish(['{"n":"after"}']);
    const again = await cli(['sub', url, ...session, '--count', '1', '-W', '60']);
    expect(again.code).toBe(0);
    expect(ndjson(again.stdout).map((l) => l.payload)).toEqual(['{"n":"after"}']);
  });

  it('explains a port where nothing listens', async () => {
    const r = await cli(['sub', 'mqtt://127.0.0.1:1', '-t', 'a', '-W', '20']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ECONNREFUSED/);
    expect(r.stderr).toMatch(/Nothing is listening/);
  });
});
