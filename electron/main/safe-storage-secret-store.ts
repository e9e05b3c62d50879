import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import type { SecretStore } from '../services/core/secret-store';

/**
 * Electron safeStorage (Keychain on macOS, DPAPI on Windows, Secret Service on Linux): each secret is
 * encrypted by the OS-held key; the file holds only ciphertext. Like Signal, we refuse rather than fall
 * back to plaintext when encryption is not available.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly kind = 'electron-safe-storage';
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'secrets.enc.json');
  }

  async available() {
    const ok = safeStorage.isEncryptionAvailable();
    const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined;
    if (ok && backend === 'basic_text') {
      return { available: false, detail: 'No OS keychain found (safeStorage would use a hard-coded key). Start gnome-keyring or KWallet.' };
    }
    return ok ? { available: true } : { available: false, detail: 'OS encryption is not available; secrets cannot be saved.' };
  }

  /** Problems met while reading, for the UI (a corrupt file is moved aside, never overwritten). */
  readonly warnings: string[] = [];

  private read(): Record<string, string> {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new Error(`Cannot read the encrypted secrets file ${this.file}: ${(err as Error).message}`);
    }
    try {
      const data = JSON.parse(text) as unknown;
      if (data && typeof data === 'object' && !Array.isArray(data)) return data as Record<string, string>;
    } catch {
      // fall through: moved aside below
    }
    // Overwriting it on the next save would lose every secret without a word: keep it for recovery instead.
    const aside = `${this.file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(this.file, aside);
    this.warnings.push(`The encrypted secrets file was unreadable and was moved to ${aside}; saved passwords must be entered again.`);
    return {};
  }

  private write(data: Record<string, string>) {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }

  async get(account: string) {
    const blob = this.read()[account];
    if (!blob) return null;
    return safeStorage.decryptString(Buffer.from(blob, 'base64'));
  }

  async set(account: string, value: string) {
    const a = await this.available();
    if (!a.available) throw new Error(a.detail);
    const data = this.read();
    data[account] = safeStorage.encryptString(value).toString('base64');
    this.write(data);
  }

  async delete(account: string) {
    const data = this.read();
    delete data[account];
    this.write(data);
  }
}
