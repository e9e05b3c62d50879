import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../shared/capture/capture-format';
import { startBackend } from '../../electron/services/backend';
import { readCaptureFile } from '../../electron/services/captures/capture-reader';
import { MemorySecretStore } from '../../electron/services/core/secret-store';
import { mosquittoAvailable, startMosquitto, type MosquittoBroker } from '../support/mosquitto';
import { capturePayloads, captureRecords, publish, unique, until } from '../support/restart-loop';
import { waitUntil } from '../support/wait-until';
import { messagesInCapture, runCli } from './cli-helpers';

// The CLI's keychain is the OS Secret Service: the mqtt driver asks it for the profile's (empty) password slot.
const reason = !mosquittoAvailable()
  ? 'mosquitto is not installed'
  : !process.env.DBUS_SESSION_BUS_ADDRESS
    ? 'no D-Bus session with a Secret Service (run inside scripts/test-all.sh or dbus-run-session + gnome-keyring-daemon)'
    : null;
const skip = reason !== null;
if (skip) console.warn(`CLI profile record/replay skipped: ${reason}`);

// `fieldscope record <profile>` / `replay --to <profile>` go through the same backend as the app (keychain
// secrets, connection manager, captures feature). The profile has no secret set (anonymous mosquitto).
describe.skipIf(skip)('fieldscope record/replay with a saved profile', () => {
  let broker: MosquittoBroker;
  let dataDir: string;
  let pub: MqttClient;

  beforeAll(async () => {
    broker = await startMosquitto();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-cli-profile-'));
    const b = await startBackend({ host: 'test', dataDir, secrets: new MemorySecretStore(), sandbox: false });
    await b.call('profiles.save', { profile: { id: '', kind: 'mqtt', name: 'bench mosquitto', host: '127.0.0.1', port: broker.port } as never });
    await b.dispose();
    pub = await mqtt.connectAsync(broker.url, { clientId: 'cli-profile-pub' });
  });
  afterAll(async () => {
    await pub?.endAsync();
    await broker?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('records through the profile and replays into it', async () => {
    const env = { FIELDSCOPE_DATA_DIR: dataDir };
    const file = path.join(dataDir, 'via-profile.fscap');
    const rec = runCli(['record', 'bench mosquitto', '-t', 'prof/#', '-o', file], env);
    const started = await rec.waitForJson('recording', 30_000);
    expect(started.profile).toBe('bench mosquitto');
    for (let i = 0; i < 25; i++) await pub.publishAsync(`prof/${i}`, Buffer.from([i, 255 - i]), { qos: 1 });
    await waitUntil('25 messages in the capture', async () => (await messagesInCapture(file)) >= 25);
    rec.proc.kill('SIGTERM');
    expect((await rec.exited).code, rec.stderr.join('')).toBe(0);
    const msgs: MessageRecord[] = [];
    const summary = await readCaptureFile(file, { onRecord: (r) => r.type === 'msg' && msgs.push(r) });
    expect(summary.header.profile).toMatchObject({ kind: 'mqtt', name: 'bench mosquitto' });
    expect(msgs.map((m) => m.topic)).toEqual(Array.from({ length: 25 }, (_, i) => `prof/${i}`));

    const sub = await mqtt.connectAsync(broker.url, { clientId: 'cli-profile-sub' });
    await sub.subscribeAsync('copy/#', { qos: 1 });
    const got: Buffer[] = [];
    sub.on('message', (_t, p) => got.push(p));
    const rp = runCli(['replay', file, '--to', 'bench mosquitto', '--speed', '0', '--topic-prefix', 'copy/', '--quiet'], env);
    expect(await rp.waitForJson('state', 30_000)).toMatchObject({ state: 'done', sent: 25, errors: 0 });
    await rp.exited;
    await waitUntil('25 replayed messages', () => got.length >= 25);
    expect(got.map((p) => [...p])).toEqual(Array.from({ length: 25 }, (_, i) => [i, 255 - i]));
    await sub.endAsync();

    const bad = runCli(['record', 'no such profile', '-o', path.join(dataDir, 'x.fscap')], env);
    expect((await bad.exited).code).toBe(1);
    expect(bad.stderr.join('')).toMatch(/no profile named 'no such profile' \(profiles: bench mosquitto\)/);
  }, 60_000);

  it('record <profile> -c --persistent keeps the session through 20 broker kills: 400/400, losses on stderr and in the capture', async () => {
    const persisted = await startMosquitto({ persistence: true });
    const env = { FIELDSCOPE_DATA_DIR: dataDir };
    const b = await startBackend({ host: 'test', dataDir, secrets: new MemorySecretStore(), sandbox: false });
    await b.call('profiles.save', { profile: { id: '', kind: 'mqtt', name: 'restarting mosquitto', host: '127.0.0.1', port: persisted.port } as never });
    await b.dispose();
    const file = path.join(dataDir, 'restarts-profile.fscap');
    const rec = runCli(
      [
        'record',
        'restarting mosquitto',
        '-t',
        'pr/#',
        '--qos',
        '1',
        '-o',
        file,
        '-c',
        'fs-test-prof-rec',
        '--persistent',
        '--reconnect-delay',
        '0.1',
        '--reconnect-max-delay',
        '0.5',
      ],
      env,
    );
    const detail = () => `record stderr:\n${rec.stderr.join('')}\nmosquitto:\n${persisted.log().slice(-3000)}`;
    try {
      await rec.waitForJson('recording', 30_000);
      for (let i = 0; !capturePayloads(file).includes('warmup'); i++) {
        if (i > 100) throw new Error(`liveness: no warm-up message\n${detail()}`);
        await publish(persisted, 'pr/warmup', ['warmup']);
        await new Promise((r) => setTimeout(r, 300));
      }
      for (let round = 0; round < 20; round++) {
        await persisted.kill();
        await persisted.restart();
        await publish(
          persisted,
          'pr/data',
          Array.from({ length: 20 }, (_, i) => `r${round}-m${i}`),
        );
        await until(`round ${round}`, () => unique(capturePayloads(file), 'r') >= (round + 1) * 20, 30_000, detail);
      }
      expect(unique(capturePayloads(file), 'r')).toBe(400);
      rec.proc.kill('SIGTERM');
      expect((await rec.exited).code, detail()).toBe(0);
      expect(rec.stderr.join('').match(/fieldscope record: reconnected/g)?.length).toBe(20);
      const logs = captureRecords(file).filter((r) => r.type === 'log');
      expect(logs.filter((l) => l.logType === 'reconnect' && /^Connection lost/.test(l.summary as string))).toHaveLength(20);
      // The profile itself was not changed by the run's flags.
      const after = await startBackend({ host: 'test', dataDir, secrets: new MemorySecretStore(), sandbox: false });
      const saved = (await after.call('profiles.list', {})).find((v) => v.profile.name === 'restarting mosquitto')!.profile as {
        clientId: string;
        clean: boolean;
      };
      await after.dispose();
      expect([saved.clientId, saved.clean]).toEqual(['', true]);
    } finally {
      rec.proc.kill('SIGKILL');
      await persisted.stop();
    }
  }, 240_000);
});
