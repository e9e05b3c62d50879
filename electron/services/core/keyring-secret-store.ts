import type { SecretStore } from './secret-store';

/** The keychain item's service attribute; the account is the item's username attribute (`profile:<id>:<slot>`). */
export const KEYRING_SERVICE = 'Fieldscope';

type KeyringModule = typeof import('@napi-rs/keyring');
type AsyncEntry = InstanceType<KeyringModule['AsyncEntry']>;

/**
 * The OS keychain through @napi-rs/keyring (Secret Service on Linux, Keychain on macOS, Credential
 * Manager on Windows). Used by every host: being N-API, it loads in Electron's main process as in Node.
 *
 * On Linux the entry is pinned to the Secret Service: the library would otherwise fall back to the kernel
 * keyring, which forgets everything at logout, so a saved password would silently vanish. Without a Secret
 * Service, saving fails and says what to start. The async API keeps D-Bus round trips off the event loop.
 */
export class KeyringSecretStore implements SecretStore {
  readonly kind = 'os-keychain';
  private mod: Promise<KeyringModule> | null = null;
  private lastProbe: { at: number; result: { available: boolean; detail?: string } } | null = null;

  constructor(private readonly service = KEYRING_SERVICE) {}

  private load(): Promise<KeyringModule> {
    this.mod ??= import('@napi-rs/keyring');
    return this.mod;
  }

  private async entry(account: string): Promise<AsyncEntry> {
    const { AsyncEntry } = await this.load();
    return new AsyncEntry(this.service, account, process.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined);
  }

  async available(): Promise<{ available: boolean; detail?: string }> {
    // app.info asks often; a write+delete round trip every time is wasteful, a few seconds' staleness is not.
    if (this.lastProbe && Date.now() - this.lastProbe.at < 5_000) return this.lastProbe.result;
    let result: { available: boolean; detail?: string };
    try {
      const probe = await this.entry('__probe__');
      await probe.setPassword('probe');
      await probe.deletePassword();
      result = { available: true, detail: process.platform === 'linux' ? 'Secret Service (D-Bus)' : undefined };
    } catch (err) {
      result = { available: false, detail: unavailableDetail(err) };
    }
    if (result.detail === undefined) delete result.detail;
    this.lastProbe = { at: Date.now(), result };
    return result;
  }

  async get(account: string): Promise<string | null> {
    try {
      return (await (await this.entry(account)).getPassword()) ?? null;
    } catch (err) {
      throw keychainError(err);
    }
  }

  async set(account: string, value: string): Promise<void> {
    try {
      await (await this.entry(account)).setPassword(value);
    } catch (err) {
      this.lastProbe = null;
      throw keychainError(err);
    }
  }

  async delete(account: string): Promise<void> {
    try {
      // Resolves false when there was nothing to delete: that is fine.
      await (await this.entry(account)).deletePassword();
    } catch (err) {
      throw keychainError(err);
    }
  }
}

function unavailableDetail(err: unknown): string {
  const why = (err as Error)?.message ?? String(err);
  const what =
    process.platform === 'linux'
      ? 'Start a Secret Service in your desktop session (gnome-keyring or KWallet; on a server: dbus-run-session with gnome-keyring-daemon --unlock) and make sure the keyring is unlocked.'
      : process.platform === 'darwin'
        ? 'Unlock your login keychain (Keychain Access).'
        : 'Check that Windows Credential Manager is available for your user.';
  return `The OS keychain is not reachable (${why}). ${what} Secrets cannot be saved until then; Fieldscope never stores them in a file instead.`;
}

function keychainError(err: unknown): Error {
  const e = new Error(`OS keychain error: ${(err as Error)?.message ?? String(err)}`);
  e.name = 'KeychainError';
  return e;
}
