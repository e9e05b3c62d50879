import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBackend, type Backend } from '../../electron/services/backend';
import { MemorySecretStore } from '../../electron/services/core/secret-store';
import type { ConnectionView, ProtocolLogEntry } from '../../shared/contract/connections.contract';
import type { ViewportPush } from '../../shared/contract/messages.contract';
import type { ProfileInput } from '../../shared/contract/profiles.contract';

export interface TestBackend {
  backend: Backend;
  dataDir: string;
  states: ConnectionView[];
  logEvents: ProtocolLogEntry[];
  /** Every event payload sent toward the renderer, serialised (to prove no secret leaves main). */
  rendererTraffic: string[];
  /** Every inspector viewport push (open one with messages.viewport; acknowledge with messages.viewportAck). */
  viewports: ViewportPush[];
  dispose(): Promise<void>;
}

export async function testBackend(opts: { storeCapacity?: number } = {}): Promise<TestBackend> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-mqtt-'));
  const backend = await startBackend({ host: 'test', dataDir, secrets: new MemorySecretStore(), sandbox: false, storeCapacity: opts.storeCapacity });
  const t: TestBackend = {
    backend,
    dataDir,
    states: [],
    logEvents: [],
    rendererTraffic: [],
    viewports: [],
    async dispose() {
      await backend.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  backend.events.onAny((name, payload) => {
    t.rendererTraffic.push(JSON.stringify({ name, payload }));
    if (name === 'connections.state') t.states.push(payload as ConnectionView);
    if (name === 'connections.log') t.logEvents.push(...(payload as { entries: ProtocolLogEntry[] }).entries);
    if (name === 'messages.viewport') t.viewports.push(payload as ViewportPush);
  });
  return t;
}

export async function saveProfile(backend: Backend, profile: Record<string, unknown>, secrets?: Record<string, string>): Promise<string> {
  const view = await backend.call('profiles.save', {
    profile: { kind: 'mqtt', id: '', name: 'test broker', host: '127.0.0.1', ...profile } as ProfileInput as never,
    secrets,
  });
  return view.profile.id;
}

export async function waitFor<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits until the connection's current state matches. */
export function waitForStatus(t: TestBackend, connectionId: string, status: string, timeoutMs = 30_000): Promise<ConnectionView> {
  return waitFor(
    `${connectionId} to be ${status} (last: ${JSON.stringify(t.states.filter((s) => s.connectionId === connectionId).at(-1)?.state)})`,
    async () => {
      const v = (await t.backend.call('connections.list', {})).find((c) => c.connectionId === connectionId);
      return v && v.state.status === status ? v : undefined;
    },
    timeoutMs,
  );
}

export async function protocolLog(t: TestBackend, connectionId: string): Promise<ProtocolLogEntry[]> {
  return (await t.backend.call('connections.protocolLog', { connectionId, offset: 0, limit: 5000 })).entries;
}

/** Runs a CLI client we did not write (mosquitto_pub/_sub) and resolves with its exit code and output. */
export async function run(cmd: string, args: string[], input?: Buffer | string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout, stderr }));
    p.stdin.end(input);
  });
}
