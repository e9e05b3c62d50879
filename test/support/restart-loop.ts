/** Helpers for the broker-restart loops (CLI reconnect tests): publishing, reading what the CLIs got so far. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { CliRun } from '../captures/cli-helpers';
import type { MosquittoBroker } from './mosquitto';
import { waitUntil } from './wait-until';

/** QoS 1 messages (one per line) with mosquitto_pub -l; resolves once it exits cleanly. */
export function publish(broker: MosquittoBroker, topic: string, lines: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.port), '-q', '1', '-t', topic, '-l'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`mosquitto_pub exited ${code}: ${err}`))));
    p.stdin.end(lines.join('\n') + '\n');
  });
}

/** Payloads `fieldscope sub` printed so far. */
export function subPayloads(run: CliRun): string[] {
  return run.stdout.map((l) => (JSON.parse(l) as { payload: string }).payload);
}

/** Records of a plain (non-gzip) capture that is still being written (a cut-off last line is skipped). */
export function captureRecords(file: string): Array<Record<string, unknown>> {
  if (!fs.existsSync(file)) return [];
  const out: Array<Record<string, unknown>> = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
    try {
      out.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // the line being written
    }
  }
  return out;
}

export function capturePayloads(file: string): string[] {
  return captureRecords(file)
    .filter((r) => r.type === 'msg')
    .map((r) => Buffer.from(r.payload as string, 'base64').toString());
}

/** Liveness wait (see wait-until.ts). */
export const until = (what: string, cond: () => boolean, timeoutMs: number, detail: () => string) => waitUntil(what, cond, timeoutMs, detail);

export const unique = (xs: string[], prefix: string) => new Set(xs.filter((x) => x.startsWith(prefix))).size;
