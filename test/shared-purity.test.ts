/**
 * shared/ is pure: shared/tsconfig.json has no Node or DOM types, so the type-checker rejects a `node:`
 * import or a Node global there. Checked both ways: the real project passes, a probe file that imports
 * node:crypto (put beside the real sources, under the same config) fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const tsc = path.join(root, 'node_modules', '.bin', 'tsc');

function typecheck(project: string) {
  const r = spawnSync(tsc, ['-p', project, '--noEmit'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('shared/ purity', () => {
  it('shared/tsconfig.json type-checks the shared sources', () => {
    const r = typecheck('shared/tsconfig.json');
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  });

  it('a node: import or Buffer under shared/ fails its type-check', () => {
    const dir = mkdtempSync(path.join(root, 'shared', '.purity-probe-'));
    try {
      writeFileSync(
        path.join(dir, 'probe.ts'),
        "import { createHash } from 'node:crypto';\nexport const h = createHash('sha1');\nexport const b = Buffer.from('x');\n",
      );
      writeFileSync(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({ extends: '../tsconfig.json', include: ['probe.ts', '../pure-globals.d.ts'], exclude: [] }),
      );
      const r = typecheck(path.join(dir, 'tsconfig.json'));
      expect(r.code).not.toBe(0);
      expect(r.out).toMatch(/node:crypto/);
      expect(r.out).toMatch(/Buffer/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
