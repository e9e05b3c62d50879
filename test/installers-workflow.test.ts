/**
 * The installer workflow (.github/workflows/build.yml) cannot run here (no Electron download, no macOS or
 * Windows): this keeps it and electron-builder.yml consistent with each other and with the repository, so a
 * change to one that the other does not follow fails here first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '..');
const read = (p: string) => parse(fs.readFileSync(path.join(root, p), 'utf8')) as Record<string, unknown>;

interface Target {
  target: string;
  arch?: string[];
}
interface MatrixEntry {
  name: string;
  os: string;
  'builder-args': string;
  'artifact-name': string;
  'artifact-path': string;
}
interface Step {
  name?: string;
  if?: string;
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
}

const builder = read('electron-builder.yml') as {
  directories: { output: string };
  files: string[];
  extraMetadata: { main: string };
  win: { target: Target[] };
  mac: { target: Target[] };
  linux: { target: (string | Target)[] };
};
const workflow = read('.github/workflows/build.yml') as {
  on: unknown;
  jobs: Record<string, { 'runs-on': string; strategy: { matrix: { include: MatrixEntry[] } }; steps: Step[] }>;
};
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  main: string;
  engines: { node: string };
  scripts: Record<string, string>;
};

const job = Object.values(workflow.jobs)[0]!;
const matrix = job.strategy.matrix.include;
const steps = job.steps;
const targetsOf = (platform: 'win' | 'mac' | 'linux') => builder[platform].target.map((t) => (typeof t === 'string' ? t : t.target));
const PLATFORM_OF_RUNNER: Record<string, 'win' | 'mac' | 'linux'> = { windows: 'win', macos: 'mac', ubuntu: 'linux' };
const EXTENSION: Record<string, string> = { nsis: '.exe', dmg: '.dmg', AppImage: '.AppImage' };

describe('installer workflow and electron-builder.yml', () => {
  it('runs on Windows, macOS and Linux runners and builds the NSIS and DMG installers', () => {
    expect(job['runs-on']).toBe('${{ matrix.os }}');
    expect(matrix.map((m) => m.os.split('-')[0]).sort()).toEqual(['macos', 'ubuntu', 'windows']);
    expect(matrix.find((m) => m.os.startsWith('windows'))!['builder-args']).toBe('--win nsis');
    expect(matrix.find((m) => m.os.startsWith('macos'))!['builder-args']).toBe('--mac dmg');
    expect(targetsOf('win')).toContain('nsis');
    expect(targetsOf('mac')).toContain('dmg');
  });

  it('asks each runner only for a target electron-builder.yml configures for that platform', () => {
    for (const m of matrix) {
      const [flag, target, ...rest] = m['builder-args'].split(/\s+/);
      expect(rest, m.name).toEqual([]);
      const platform = PLATFORM_OF_RUNNER[m.os.split('-')[0]!]!;
      expect(flag, m.name).toBe(`--${platform}`);
      expect(targetsOf(platform), m.name).toContain(target);
    }
  });

  it('uploads what electron-builder writes: files of the target type in its output folder', () => {
    const out = builder.directories.output;
    expect(out).toBe('release');
    for (const m of matrix) {
      const target = m['builder-args'].split(/\s+/)[1]!;
      const paths = m['artifact-path']
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      expect(paths.length, m.name).toBeGreaterThan(0);
      for (const p of paths) {
        expect(p.startsWith(`${out}/`), `${m.name}: ${p}`).toBe(true);
        expect(p.includes(EXTENSION[target]!), `${m.name}: ${p} is not a ${target} output`).toBe(true);
      }
    }
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact') && s.with?.path === '${{ matrix.artifact-path }}');
    expect(upload?.with).toMatchObject({ name: '${{ matrix.artifact-name }}', 'if-no-files-found': 'error' });
    // The names are distinct, so three jobs never overwrite each other's upload.
    expect(new Set(matrix.map((m) => m['artifact-name'])).size).toBe(matrix.length);
  });

  it('installs, runs npm test and the Electron-shell tests (Linux under xvfb), then builds with this config', () => {
    const runs = steps.map((s) => s.run ?? '');
    expect(runs.some((r) => /\bnpm ci\b/.test(r))).toBe(true);
    const npmTest = steps.filter((s) => /\bnpm test\b/.test(s.run ?? ''));
    expect(npmTest.map((s) => [s.if, s.run?.trim()])).toEqual([
      ["runner.os == 'Linux'", 'xvfb-run -a npm test'],
      ["runner.os != 'Linux'", 'npm test'],
    ]);
    const shell = steps.filter((s) => /playwright test e2e\/electron\b/.test(s.run ?? ''));
    expect(shell.map((s) => [s.if, /^xvfb-run /.test(s.run!.trim())])).toEqual([
      ["runner.os == 'Linux'", true],
      ["runner.os != 'Linux'", false],
    ]);
    expect(fs.existsSync(path.join(root, 'e2e', 'electron'))).toBe(true);
    const build = steps.find((s) => /electron-builder --config electron-builder\.yml \$\{\{ matrix\.builder-args \}\} --publish never/.test(s.run ?? ''));
    expect(build, 'the build step uses electron-builder.yml and the matrix target').toBeDefined();
    expect(build!.run).toContain('node scripts/build.mjs');
    // Tests before installers: a red test never produces an artifact.
    const at = (s: Step | undefined) => steps.indexOf(s!);
    expect(at(npmTest[0])).toBeLessThan(at(build));
    expect(at(shell[0])).toBeLessThan(at(build));
  });

  it('packages the app the build makes, on a Node version package.json allows', () => {
    expect(pkg.scripts.test).toBe('bash scripts/test-all.sh');
    expect(builder.extraMetadata.main).toBe(pkg.main);
    expect(builder.files).toContain('dist/**/*');
    const setup = steps.find((s) => s.uses?.startsWith('actions/setup-node'));
    const min = Number(/>=\s*(\d+)/.exec(pkg.engines.node)?.[1]);
    expect(Number(setup?.with?.['node-version'])).toBeGreaterThanOrEqual(min);
  });
});
