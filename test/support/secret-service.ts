import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { KeyringSecretStore } from '../../electron/services/core/keyring-secret-store';

/** Why the real-keychain tests cannot run here, or null when a Secret Service answers (see scripts/test-all.sh). */
export async function whyNoSecretService(): Promise<string | null> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    return 'no D-Bus session (DBUS_SESSION_BUS_ADDRESS unset). Run inside: bash scripts/keyring-session.sh "$(mktemp -d)" -- npx vitest run test/keychain';
  }
  try {
    execFileSync('secret-tool', ['--version'], { stdio: 'ignore' });
  } catch {
    // secret-tool --version exits non-zero on some builds; only a missing binary matters.
    if (!fs.existsSync('/usr/bin/secret-tool')) return 'secret-tool (libsecret-tools) is not installed';
  }
  const a = await new KeyringSecretStore().available();
  return a.available ? null : `the Secret Service did not answer: ${a.detail}`;
}
