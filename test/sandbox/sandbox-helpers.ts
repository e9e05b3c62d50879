import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { SandboxService } from '../../electron/services/sandbox/sandbox-service';
import type { SandboxConfigInput } from '../../electron/services/sandbox/sandbox-config';
import type { RecordEntry } from '../../electron/services/sandbox/sandbox-record';
import type { SandboxEndpoints } from '../../shared/contract/sandbox.contract';

export const CLIENTS_DIR = path.join(import.meta.dirname, 'clients');
export const PYTHON = '/usr/bin/python3';

/** A started sandbox with the fleet off (tests make their own traffic) unless asked. */
/** Every face off but RocketMQ's (remoting and MQ HTTP): a RocketMQ test starts no broker it does not use. */
export const ROCKETMQ_ONLY = {
  mq: { enabled: false },
  amqp: { enabled: false },
  huawei: { enabled: false },
  iotDevice: { enabled: false },
  huaweiDevice: { enabled: false },
} satisfies SandboxConfigInput;

export async function startSandbox(config: SandboxConfigInput = {}): Promise<{ sandbox: SandboxService; ep: SandboxEndpoints; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-sandbox-'));
  const sandbox = new SandboxService();
  await sandbox.start({ config: { fleet: { enabled: false }, ...config }, dataDir });
  const ep = sandbox.endpoints()!;
  return { sandbox, ep, dataDir };
}

export async function control(ep: SandboxEndpoints, method: 'GET' | 'POST', route: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${ep.control.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${ep.control.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

export async function recordOf(ep: SandboxEndpoints, q: Record<string, string>): Promise<RecordEntry[]> {
  const r = await control(ep, 'GET', `/record?${new URLSearchParams(q)}`);
  return r.json as RecordEntry[];
}

/** Polls until `fn` returns a truthy value (or throws after timeoutMs with `what`). */
export async function until<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function mqUrl(ep: SandboxEndpoints, transport: 'tcp' | 'tls' | 'ws' = 'tcp'): string {
  const mq = ep.mq!;
  if (transport === 'tls') return `mqtts://127.0.0.1:${mq.tlsPort}`;
  if (transport === 'ws') return `ws://127.0.0.1:${mq.wsPort}${mq.wsPath}`;
  return `mqtt://127.0.0.1:${mq.tcpPort}`;
}

export async function connectMq(url: string, opts: IClientOptions): Promise<MqttClient> {
  return mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5000, protocolVersion: 4, ...opts });
}

/** Resolves when the client's connection closes. */
export function closed(c: MqttClient): Promise<void> {
  return new Promise((resolve) => {
    if (!c.connected) return resolve();
    c.once('close', () => resolve());
  });
}

export interface Received {
  topic: string;
  payload: Buffer;
}

export function collect(c: MqttClient): Received[] {
  const out: Received[] = [];
  c.on('message', (topic, payload) => out.push({ topic, payload: Buffer.from(payload) }));
  return out;
}

export function run(cmd: string, args: string[], timeoutMs = 20_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

export function hasCommand(cmd: string): boolean {
  return fs.existsSync(cmd) || process.env.PATH!.split(':').some((d) => fs.existsSync(path.join(d, cmd)));
}

export function pythonHas(module: string): Promise<boolean> {
  return run(PYTHON, ['-c', `import ${module}`]).then((r) => r.code === 0);
}
