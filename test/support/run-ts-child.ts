import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..', '..');

export interface ChildOutcome {
  /** The JSON the child printed as its last stdout line. */
  result: unknown;
  stderr: string;
}

/**
 * Runs a TypeScript file (bundled with esbuild) in its own Node process and resolves with the JSON it prints
 * last. For work that must finish but could, on a regression, never return (a backtracking regex): the child
 * is killed after `limitMs` and the promise rejects, so the test fails instead of hanging the suite.
 */
export async function runTsInChild(entry: string, input: unknown, limitMs: number): Promise<ChildOutcome> {
  const outDir = path.join(root, 'dist', 'test-child');
  fs.mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, `${path.basename(entry, '.ts')}-${process.pid}.mjs`);
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [outfile, JSON.stringify(input)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(entry)} did not finish within ${limitMs / 1000} s: the work it runs hangs. stderr: ${stderr.slice(-2000)}`));
    }, limitMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') return;
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`${path.basename(entry)} exited with ${code ?? signal}: ${stderr.slice(-2000)}`));
      try {
        resolve({ result: JSON.parse(last), stderr });
      } catch {
        reject(new Error(`${path.basename(entry)} printed no JSON result: ${stdout.slice(-500)} ${stderr.slice(-2000)}`));
      }
    });
  });
}
