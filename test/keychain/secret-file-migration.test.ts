import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KEYRING_SERVICE, KeyringSecretStore } from '../../electron/services/core/keyring-secret-store';
import { LEGACY_SECRETS_FILE, migrateLegacySecretsFile } from '../../electron/services/core/secret-file-migration';
import { MemorySecretStore, type SecretStore } from '../../electron/services/core/secret-store';

const keychain = new KeyringSecretStore();
const reason = !process.env.DBUS_SESSION_BUS_ADDRESS
  ? 'no D-Bus session (run inside scripts/test-all.sh or scripts/keyring-session.sh)'
  : await keychain.available().then((a) => (a.available ? null : `the Secret Service did not answer: ${a.detail}`));
if (reason) console.log(`[skip] secret-file migration against the real keychain: ${reason}`);

// Stands in for Electron safeStorage (which needs the Electron binary): an OS-held key encrypts each value.
const key = crypto.randomBytes(32);
function encrypt(value: string): string {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([c.update(value, 'utf8'), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
}
function decrypt(blob: Buffer): string {
  const d = crypto.createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
  d.setAuthTag(blob.subarray(12, 28));
  return Buffer.concat([d.update(blob.subarray(28)), d.final()]).toString('utf8');
}

function dataDirWith(entries: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-migrate-'));
  fs.writeFileSync(path.join(dir, LEGACY_SECRETS_FILE), JSON.stringify(entries), { mode: 0o600 });
  return dir;
}

// Issue 14, "one store, one truth": Electron's secrets.enc.json moves once into the OS keychain every host uses.
describe.skipIf(reason !== null)('secrets.enc.json moves into the real OS keychain (gnome-keyring over D-Bus)', () => {
  const run = `${process.pid}-${Date.now().toString(36)}`;
  const accounts: string[] = [];
  const account = (s: string) => {
    const a = `profile:migrate-${run}:${s}`;
    accounts.push(a);
    return a;
  };
  afterAll(async () => {
    for (const a of accounts) await keychain.delete(a);
  });

  it('writes every secret to the keychain, then renames the file aside; a second start does nothing', async () => {
    const pw = account('password');
    const pem = account('privateKey');
    const secretPw = `fs-migrate-${run}-密码-Zz`;
    const secretPem = `-----BEGIN PRIVATE KEY-----\nnot-a-key-${run}\n-----END PRIVATE KEY-----\n`;
    const dir = dataDirWith({ [pw]: encrypt(secretPw), [pem]: encrypt(secretPem) });
    const r = await migrateLegacySecretsFile({ dataDir: dir, target: keychain, decrypt, now: () => new Date('2026-12-06T10:00:00Z') });
    expect(r).toMatchObject({ migrated: 2, kept: [], undecryptable: [], warnings: [] });
    expect(await keychain.get(pw)).toBe(secretPw);
    expect(await keychain.get(pem)).toBe(secretPem);
    // Another client of the Secret Service sees it too: it is really in the keychain.
    expect(execFileSync('secret-tool', ['lookup', 'service', KEYRING_SERVICE, 'username', pw], { encoding: 'utf8' })).toBe(secretPw);
    expect(fs.existsSync(path.join(dir, LEGACY_SECRETS_FILE))).toBe(false);
    expect(r.movedTo).toBe(path.join(dir, `${LEGACY_SECRETS_FILE}.migrated-2026-12-06T10-00-00-000Z`));
    expect(fs.existsSync(r.movedTo!)).toBe(true);
    const again = await migrateLegacySecretsFile({ dataDir: dir, target: keychain, decrypt });
    expect(again).toEqual({ migrated: 0, kept: [], undecryptable: [], warnings: [] });
  });

  it('keeps a value already in the keychain (saved meanwhile by another host) and names what it could not decrypt', async () => {
    const existing = account('accessSecret');
    const fresh = account('secretKey');
    const broken = account('token');
    await keychain.set(existing, 'newer-value-from-the-chromium-host');
    const dir = dataDirWith({
      [existing]: encrypt('older-value'),
      [fresh]: encrypt('moved'),
      [broken]: Buffer.from('garbage-from-another-key').toString('base64'),
    });
    const r = await migrateLegacySecretsFile({ dataDir: dir, target: keychain, decrypt });
    expect(r.migrated).toBe(1);
    expect(r.kept).toEqual([existing]);
    expect(r.undecryptable).toEqual([broken]);
    expect(r.warnings.join('\n')).toContain(broken);
    expect(await keychain.get(existing)).toBe('newer-value-from-the-chromium-host');
    expect(await keychain.get(fresh)).toBe('moved');
    expect(await keychain.get(broken)).toBeNull();
    expect(fs.existsSync(path.join(dir, LEGACY_SECRETS_FILE))).toBe(false);
  });
});

describe('secrets.enc.json migration when it cannot complete', () => {
  it('leaves the file in place while the keychain is unreachable, and says so', async () => {
    const dir = dataDirWith({ 'profile:x:password': encrypt('p') });
    const offline: SecretStore = Object.assign(new MemorySecretStore(), { available: async () => ({ available: false, detail: 'no Secret Service' }) });
    const r = await migrateLegacySecretsFile({ dataDir: dir, target: offline, decrypt });
    expect(r.migrated).toBe(0);
    expect(r.warnings[0]).toMatch(/wait in .*secrets\.enc\.json until the OS keychain is reachable: no Secret Service/);
    expect(fs.existsSync(path.join(dir, LEGACY_SECRETS_FILE))).toBe(true);
  });

  it('stops without moving the file when the keychain refuses a write (tried again next start)', async () => {
    const dir = dataDirWith({ 'profile:x:password': encrypt('p') });
    const refusing = Object.assign(new MemorySecretStore(), {
      set: async () => {
        throw new Error('OS keychain error: locked');
      },
    });
    const r = await migrateLegacySecretsFile({ dataDir: dir, target: refusing, decrypt });
    expect(r.warnings[0]).toMatch(/stopped \(OS keychain error: locked\).*next start/);
    expect(fs.existsSync(path.join(dir, LEGACY_SECRETS_FILE))).toBe(true);
  });

  it('moves a corrupt file aside (never overwritten) and says the passwords must be entered again', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-migrate-'));
    fs.writeFileSync(path.join(dir, LEGACY_SECRETS_FILE), '{"trunc');
    const r = await migrateLegacySecretsFile({ dataDir: dir, target: new MemorySecretStore(), decrypt });
    expect(r.movedTo).toMatch(/secrets\.enc\.json\.corrupt-/);
    expect(fs.readFileSync(r.movedTo!, 'utf8')).toBe('{"trunc');
    expect(r.warnings[0]).toMatch(/must be entered again/);
  });

  it('does nothing when there is no old file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-migrate-'));
    expect(await migrateLegacySecretsFile({ dataDir: dir, target: new MemorySecretStore(), decrypt })).toEqual({
      migrated: 0,
      kept: [],
      undecryptable: [],
      warnings: [],
    });
  });
});
