import fs from 'node:fs';
import path from 'node:path';
import type { SecretStore } from './secret-store';

/** The file where earlier Electron builds kept secrets, each encrypted with Electron safeStorage. */
export const LEGACY_SECRETS_FILE = 'secrets.enc.json';

export interface SecretFileMigration {
  /** Secrets written to the keychain. */
  migrated: number;
  /** Accounts whose keychain entry already existed: the keychain is the truth, so it was kept. */
  kept: string[];
  /** Accounts whose blob could not be decrypted (another user's or machine's key): lost, named here. */
  undecryptable: string[];
  /** Where the old file went, once everything that could move had moved. */
  movedTo?: string;
  /** What the user must be told (shown as start-up warnings); empty when nothing needed saying. */
  warnings: string[];
}

/**
 * One-time move of an existing `secrets.enc.json` (Electron safeStorage) into the OS keychain, the one
 * secret store every host uses. `decrypt` is Electron's safeStorage.decryptString in the Electron host and
 * injected so this runs (and is tested) without Electron. The file is renamed aside, never deleted, and only
 * after every secret that can be read is in the keychain; if the keychain is unreachable or refuses a write,
 * nothing moves and the next start tries again.
 */
export async function migrateLegacySecretsFile(opts: {
  dataDir: string;
  target: SecretStore;
  decrypt: (blob: Buffer) => string;
  now?: () => Date;
}): Promise<SecretFileMigration> {
  const file = path.join(opts.dataDir, LEGACY_SECRETS_FILE);
  const result: SecretFileMigration = { migrated: 0, kept: [], undecryptable: [], warnings: [] };
  const stamp = (opts.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return result;
    result.warnings.push(
      `Saved passwords from an earlier version are in ${file}, which cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}); they were not moved to the OS keychain.`,
    );
    return result;
  }
  let entries: Array<[string, unknown]>;
  try {
    const data = JSON.parse(text) as unknown;
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('not an object');
    entries = Object.entries(data);
  } catch {
    const aside = `${file}.corrupt-${stamp}`;
    fs.renameSync(file, aside);
    result.movedTo = aside;
    result.warnings.push(`The encrypted secrets file of an earlier version was unreadable and was moved to ${aside}; saved passwords must be entered again.`);
    return result;
  }
  const available = await opts.target.available();
  if (!available.available) {
    result.warnings.push(`Saved passwords from an earlier version wait in ${file} until the OS keychain is reachable: ${available.detail ?? 'no keychain'}`);
    return result;
  }
  for (const [account, blob] of entries) {
    let secret: string;
    try {
      if (typeof blob !== 'string') throw new Error('not a string');
      secret = opts.decrypt(Buffer.from(blob, 'base64'));
    } catch {
      result.undecryptable.push(account);
      continue;
    }
    try {
      if ((await opts.target.get(account)) !== null) {
        result.kept.push(account);
        continue;
      }
      await opts.target.set(account, secret);
      result.migrated++;
    } catch (err) {
      // A keychain that refuses now may accept later: leave the file where it is, so nothing is lost.
      result.warnings.push(
        `Moving saved passwords from ${file} to the OS keychain stopped (${(err as Error).message}); it will be tried again at the next start.`,
      );
      return result;
    }
  }
  const aside = `${file}.migrated-${stamp}`;
  fs.renameSync(file, aside);
  result.movedTo = aside;
  if (result.undecryptable.length) {
    result.warnings.push(
      `${result.undecryptable.length} saved secret(s) from an earlier version could not be decrypted (${result.undecryptable.join(', ')}) and must be entered again; the old file is kept at ${aside}.`,
    );
  }
  return result;
}
