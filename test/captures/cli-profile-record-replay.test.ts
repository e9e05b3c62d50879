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
import { runCli } from './cli-helpers';

// The CLI's keychain is the OS Secret Service: the mqtt driver asks it for the profile's (empty) password slot.
const reason = !mosquittoAvailable() ? 'mosquitto is not installed' : !process.env.DBUS_SESSION_BUS_ADDRESS ? 'no D-Bus session with a Secret Service (run inside scripts/test-all.sh or dbus-run-session + gnome-keyring-daemon)' : null;
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
    await new Promise((r) => setTimeout(r, 600));
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
    await new Promise((r) => setTimeout(r, 300));
    expect(got.map((p) => [...p])).toEqual(Array.from({ length: 25 }, (_, i) => [i, 255 - i]));
    await sub.endAsync();

    const bad = runCli(['record', 'no such profile', '-o', path.join(dataDir, 'x.fscap')], env);
    expect((await bad.exited).code).toBe(1);
    expect(bad.stderr.join('')).toMatch(/no profile named 'no such profile' \(profiles: bench mosquitto\)/);
  }, 60_000);
});
