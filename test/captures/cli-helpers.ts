import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import readline from 'node:readline';
import { readCaptureFile } from '../../electron/services/captures/capture-reader';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const cliBin = path.join(repoRoot, 'bin', 'fieldscope.js');
const bin = cliBin;

export interface CliRun {
  proc: ChildProcess;
  stdout: string[];
  stderr: string[];
  /** Resolves with the first stdout JSON line that has `key`. */
  waitForJson(key: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs the built `fieldscope` CLI to its end: its exit code and everything it printed. */
export function runCliToEnd(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout!.on('data', (d) => (stdout += d));
    p.stderr!.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs the built `fieldscope` CLI (dist/, built by the integration global setup). */
export function runCli(args: string[], env: Record<string, string> = {}): CliRun {
  const proc = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const waiters: Array<{ key: string; resolve: (v: Record<string, unknown>) => void }> = [];
  readline.createInterface({ input: proc.stdout! }).on('line', (line) => {
    stdout.push(line);
    try {
      const j = JSON.parse(line) as Record<string, unknown>;
      for (const w of [...waiters]) {
        if (w.key in j) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(j);
        }
      }
    } catch {
      // progress text
    }
  });
  proc.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => proc.once('exit', (code, signal) => r({ code, signal })));
  return {
    proc,
    stdout,
    stderr,
    exited,
    waitForJson(key, timeoutMs = 20_000) {
      for (const line of stdout) {
        try {
          const j = JSON.parse(line) as Record<string, unknown>;
          if (key in j) return Promise.resolve(j);
        } catch {
          // not JSON
        }
      }
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no '${key}' line within ${timeoutMs} ms; stderr: ${stderr.join('')}`)), timeoutMs);
        waiters.push({ key, resolve: (v) => (clearTimeout(t), resolve(v)) });
        void exited.then(({ code }) => reject(new Error(`CLI exited (${code}) before printing '${key}': ${stderr.join('')}`)));
      });
    },
  };
}

/** Messages a capture that may still be being written holds so far (a cut-off gzip block is read up to its end). */
export async function messagesInCapture(file: string): Promise<number> {
  if (!fs.existsSync(file)) return 0;
  let n = 0;
  try {
    await readCaptureFile(file, { onRecord: (r) => void (r.type === 'msg' && n++) });
  } catch {
    return n;
  }
  return n;
}
