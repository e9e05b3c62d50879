#!/usr/bin/env node
// Thin launcher: the CLI is built into dist/cli by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'main.js');
if (!existsSync(entry)) {
  console.error('fieldscope: the CLI is not built yet. Run `npm run build` in the project folder first.');
  process.exit(2);
}
await import(pathToFileURL(entry).href);
