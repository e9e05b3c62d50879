import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConnectionState, ProtocolLogEntry } from '../../shared/contract/connections.contract';
import { Profile, type ProfileInput, type SecretSlot } from '../../shared/contract/profiles.contract';
import { DisposableStore } from '../../electron/services/core/disposables';
import { createAmqpDriver } from '../../electron/services/connections/amqp-driver';
import type { ConnectionDriver } from '../../electron/services/connections/driver';
import type { IncomingMessage } from '../../electron/services/messages/incoming-message';

export const PROTON_SEND = path.join(import.meta.dirname, 'clients', 'proton-send.py');

export interface DriverHarness {
  driver: ConnectionDriver;
  /** Stored messages by seq (seq = index + 1). */
  messages: IncomingMessage[];
  states: ConnectionState[];
  logs: ProtocolLogEntry[];
  lastState(): ConnectionState | undefined;
  waitFor(what: string, pred: () => boolean, timeoutMs?: number): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * A driver wired to a minimal in-memory sink (an array), as the connection manager would wire it; used for
 * driver-level tests against the real broker.
 */
export function driverHarness(
  input: ProfileInput,
  secrets: Partial<Record<SecretSlot, string>>,
  opts: { now?: () => number; connectionId?: string } = {},
): DriverHarness {
  const profile = Profile.parse(input);
  const messages: IncomingMessage[] = [];
  const states: ConnectionState[] = [];
  const logs: ProtocolLogEntry[] = [];
  const disposables = new DisposableStore();
  const now = opts.now ?? (() => Date.now());
  const connectionId = opts.connectionId ?? `c-${Math.random().toString(36).slice(2, 8)}`;
  const driver = createAmqpDriver({
    connectionId,
    profile,
    getSecret: async (slot) => secrets[slot] ?? null,
    sink: {
      ingest(msg) {
        messages.push(msg);
        return messages.length;
      },
      updateSettlement(seq, settlement) {
        const m = messages[seq - 1];
        if (m) m.settlement = settlement;
      },
    },
    log(e) {
      logs.push({ seq: logs.length + 1, connectionId, at: e.at ?? now(), ...e });
    },
    setState(s) {
      states.push({ since: now(), ...s });
    },
    disposables,
    now,
  });
  return {
    driver,
    messages,
    states,
    logs,
    lastState: () => states[states.length - 1],
    async waitFor(what, pred, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pred()) {
        if (Date.now() > deadline) {
          const tail = logs
            .slice(-15)
            .map((l) => `${l.dir} ${l.type} ${l.summary}`)
            .join('\n');
          throw new Error(`timed out waiting for ${what}; last state ${JSON.stringify(states[states.length - 1])}\nlog tail:\n${tail}`);
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async dispose() {
      await driver.close();
      await disposables.dispose();
    },
  };
}

export interface ProtonResult {
  sent: number;
  accepted: number;
  /** [messageId, generateTime, sha256 of body] per message, in send order. */
  manifest: Array<[string, number, string]>;
}

/** Sends COUNT IoT-Platform-shaped messages with the independent python-qpid-proton client. */
export function protonSend(o: { url: string; address: string; count: number; small?: boolean; ca?: string; timeoutSec?: number }): Promise<ProtonResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-proton-'));
  const manifestFile = path.join(dir, 'manifest.json');
  const args = [PROTON_SEND, o.url, o.address, String(o.count), '--timeout', String(o.timeoutSec ?? 60)];
  if (!o.small) args.push('--manifest', manifestFile);
  if (o.small) args.push('--small');
  if (o.ca) args.push('--ca', o.ca);
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/python3', args, { maxBuffer: 10 * 1024 * 1024 }, (err, stdout, stderr) => {
      try {
        const line = String(stdout).trim().split('\n').pop() ?? '';
        const out = line ? (JSON.parse(line) as Record<string, unknown>) : {};
        if (err || out.error || out.transport_error || out.sent === undefined) {
          reject(new Error(`proton-send failed: ${String(stdout)} ${String(stderr)} ${err ? String(err) : ''}`));
          return;
        }
        const manifest = o.small ? [] : (JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as ProtonResult['manifest']);
        resolve({ sent: Number(out.sent), accepted: Number(out.accepted), manifest });
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/** Every log line as one string, to check that a secret never appears anywhere in it. */
export function logText(logs: ProtocolLogEntry[]): string {
  return logs.map((l) => JSON.stringify(l)).join('\n');
}
