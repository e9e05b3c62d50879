/**
 * Copy as code, run for real: each generated publisher (Python paho, Node mqtt.js, mosquitto_pub) publishes a
 * retained message to mosquitto over TLS with a password taken from the environment, and mosquitto_sub reads
 * back the exact bytes.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyAsCode } from '../../shared/codegen/copy-as-code';
import { PASSWORD_ENV, type CodeConnection, type CodeTarget } from '../../shared/codegen/code-target';
import { mosquittoAvailable, startMosquitto, type MosquittoBroker } from '../support/mosquitto';

const PASSWORD = 'pw-copy-as-code-7Hq';
const root = path.resolve(import.meta.dirname, '..', '..');
const skip = !mosquittoAvailable();
if (skip) console.log('skipping copy-as-code run test: mosquitto is not installed');

describe.skipIf(skip)('copy as code, run against mosquitto', () => {
  let broker: MosquittoBroker;
  let dir: string;
  beforeAll(async () => {
    broker = await startMosquitto({ tls: true, passwordFile: [{ user: 'eng', pass: PASSWORD }] });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-codegen-'));
  });
  afterAll(async () => {
    await broker?.stop();
  });

  const conn = (): CodeConnection => ({
    host: 'localhost',
    port: broker.tlsPort!,
    transport: 'tls',
    caFile: broker.caFile!,
    clientId: 'copy-as-code-test',
    username: 'eng',
    usesPassword: true,
    protocolVersion: 4,
    keepaliveSec: 30,
  });

  function readRetained(topic: string): Buffer {
    const r = spawnSync(
      'mosquitto_sub',
      ['-h', 'localhost', '-p', String(broker.tlsPort), '--cafile', broker.caFile!, '-u', 'eng', '-P', PASSWORD, '-t', topic, '-C', '1', '-N', '-W', '10'],
      { timeout: 20_000 },
    );
    expect(r.status, r.stderr.toString()).toBe(0);
    return r.stdout;
  }

  function run(target: CodeTarget, file: string, text: string) {
    fs.writeFileSync(file, text);
    const env = { ...process.env, [PASSWORD_ENV]: PASSWORD, NODE_PATH: path.join(root, 'node_modules') };
    const cmd = target === 'python-paho' ? ['/usr/bin/python3', [file]] : target === 'node-mqttjs' ? [process.execPath, [file]] : ['sh', [file]];
    const r = spawnSync(cmd[0] as string, cmd[1] as string[], { env, cwd: root, timeout: 30_000 });
    expect(r.status, `${target} failed:\n${text}\n${r.stderr.toString()}`).toBe(0);
  }

  const payloads: Array<[string, Uint8Array]> = [
    ['text', new TextEncoder().encode('{"temp": 21.50, "note": "it\'s \\"quoted\\" 温度"}')],
    ['binary', Uint8Array.from({ length: 256 }, (_, i) => i)],
  ];

  for (const target of ['python-paho', 'node-mqttjs', 'mosquitto'] as const) {
    for (const [kind, bytes] of payloads) {
      it(`${target} publishes a ${kind} payload byte-exactly`, () => {
        const topic = `codegen/${target}/${kind}`;
        const snippet = copyAsCode(target, conn(), { kind: 'publish', topic, payloadBase64: Buffer.from(bytes).toString('base64'), qos: 1, retain: true });
        expect(snippet.text).not.toContain(PASSWORD);
        expect(snippet.env).toEqual([PASSWORD_ENV]);
        // Node resolves 'mqtt' from the project when the file sits inside it.
        const file =
          target === 'node-mqttjs'
            ? path.join(root, `.codegen-test-${kind}.mjs`)
            : path.join(dir, `${target}-${kind}.${target === 'python-paho' ? 'py' : 'sh'}`);
        try {
          run(target, file, snippet.text);
        } finally {
          if (target === 'node-mqttjs') fs.rmSync(file, { force: true });
        }
        expect(Buffer.compare(readRetained(topic), Buffer.from(bytes))).toBe(0);
      });
    }
  }
});

describe.skipIf(skip)('copy as code: subscriptions receive', () => {
  let broker: MosquittoBroker;
  beforeAll(async () => {
    broker = await startMosquitto();
  });
  afterAll(async () => {
    await broker?.stop();
  });

  for (const target of ['python-paho', 'node-mqttjs'] as const) {
    it(`${target} subscriber prints a retained message`, async () => {
      const topic = `codegen/sub/${target}`;
      const pub = spawnSync('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.port), '-t', topic, '-m', 'hello-sub', '-r'], { timeout: 10_000 });
      expect(pub.status).toBe(0);
      const snippet = copyAsCode(
        target,
        { host: '127.0.0.1', port: broker.port, transport: 'tcp', usesPassword: false, protocolVersion: 4 },
        { kind: 'subscribe', filter: topic, qos: 0 },
      );
      expect(snippet.env).toEqual([]);
      const file = path.join(target === 'node-mqttjs' ? root : os.tmpdir(), `.codegen-sub-${process.pid}.${target === 'node-mqttjs' ? 'mjs' : 'py'}`);
      fs.writeFileSync(file, snippet.text);
      const { spawn } = await import('node:child_process');
      const child = spawn(
        target === 'node-mqttjs' ? process.execPath : '/usr/bin/python3',
        ['-u', file].filter((a) => target === 'python-paho' || a !== '-u'),
        { cwd: root },
      );
      try {
        const line = await new Promise<string>((resolve, reject) => {
          let out = '';
          let err = '';
          const timer = setTimeout(() => reject(new Error(`no message within 20 s: ${out} ${err}`)), 20_000);
          child.stdout.on('data', (d: Buffer) => {
            out += d.toString();
            if (out.includes('hello-sub')) {
              clearTimeout(timer);
              resolve(out);
            }
          });
          child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        });
        expect(line).toContain(topic);
      } finally {
        child.kill();
        fs.rmSync(file, { force: true });
      }
    });
  }
});
