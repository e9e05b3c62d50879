import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBackend, type Backend } from '../../electron/services/backend';
import type { HostKind } from '../../electron/services/core/feature';
import { MemorySecretStore, type SecretStore } from '../../electron/services/core/secret-store';

export function tempDataDir(prefix = 'fs-profiles-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function backendAt(dataDir: string, secrets: SecretStore = new MemorySecretStore(), host: HostKind = 'test'): Promise<Backend> {
  return startBackend({ host, dataDir, secrets, sandbox: false });
}

/** A generic MQTT profile as the editor would send it for a new profile (no id). */
export function mqttDraft(name = 'Broker A', extra: Record<string, unknown> = {}) {
  return { kind: 'mqtt' as const, id: '', name, host: '127.0.0.1', port: 1883, username: 'alice', ...extra };
}

/** Every file under dir, recursively (contents as raw bytes). */
export function readAllFiles(dir: string): Array<{ file: string; bytes: Buffer }> {
  const out: Array<{ file: string; bytes: Buffer }> = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...readAllFiles(full));
    else if (entry.isFile()) out.push({ file: full, bytes: fs.readFileSync(full) });
  }
  return out;
}
