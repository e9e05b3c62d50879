import { createRequire } from 'node:module';

// Read once from package.json so --version, capture headers and the UI agree.
function readVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    for (const p of ['../../../package.json', '../../package.json', '../package.json']) {
      try {
        const pkg = require(p) as { name?: string; version?: string };
        if (pkg.name === 'fieldscope' && pkg.version) return pkg.version;
      } catch {
        // try the next layout (source tree vs dist bundle)
      }
    }
  } catch {
    // fall through
  }
  return '0.0.0-dev';
}

export const APP_VERSION = readVersion();
