import type { SecretStore } from './secret-store';

const SERVICE = 'Fieldscope';

type KeyringModule = typeof import('@napi-rs/keyring');

/**
 * The OS keychain through @napi-rs/keyring (Secret Service on Linux, Keychain on macOS, Credential
 * Manager on Windows). Used by the Chromium host and the CLI; Electron uses safeStorage.
 */
export class KeyringSecretStore implements SecretStore {
  readonly kind = 'os-keychain';
  private mod: Promise<KeyringModule> | null = null;

  constructor(private readonly service = SERVICE) {}

  private load(): Promise<KeyringModule> {
    this.mod ??= import('@napi-rs/keyring');
    return this.mod;
  }

  async available(): Promise<{ available: boolean; detail?: string }> {
    try {
      const { Entry } = await this.load();
      const probe = new Entry(this.service, '__probe__');
      probe.setPassword('probe');
      probe.deletePassword();
      return { available: true };
    } catch (err) {
      return {
        available: false,
        detail: `The OS keychain is not reachable (${(err as Error).message}). On Linux start a Secret Service (gnome-keyring or KWallet) in your session; secrets cannot be saved until then.`,
      };
    }
  }

  async get(account: string): Promise<string | null> {
    const { Entry } = await this.load();
    try {
      return new Entry(this.service, account).getPassword() ?? null;
    } catch (err) {
      if (/no (matching )?entry|not found/i.test((err as Error).message)) return null;
      throw keychainError(err);
    }
  }

  async set(account: string, value: string): Promise<void> {
    const { Entry } = await this.load();
    try {
      new Entry(this.service, account).setPassword(value);
    } catch (err) {
      throw keychainError(err);
    }
  }

  async delete(account: string): Promise<void> {
    const { Entry } = await this.load();
    try {
      new Entry(this.service, account).deletePassword();
    } catch (err) {
      if (/no (matching )?entry|not found/i.test((err as Error).message)) return;
      throw keychainError(err);
    }
  }
}

function keychainError(err: unknown): Error {
  const e = new Error(
    `OS keychain error: ${(err as Error).message}. The secret was not saved anywhere else; unlock or start your keychain and try again.`,
  );
  e.name = 'KeychainError';
  return e;
}
