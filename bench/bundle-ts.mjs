// Benchmarks import the TypeScript services directly: bundle a re-export module into dist/bench and load it.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Bundles `contents` (ESM re-exports, paths relative to the repo root) and returns the loaded module. */
export async function importTs(root, name, contents) {
  const outDir = path.join(root, 'dist', 'bench');
  fs.mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, `${name}.mjs`);
  await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return import(pathToFileURL(outfile).href);
}
