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
 *
 * gnome-keyring (42.1 here) is not safe against one item being created and deleted over two D-Bus
 * connections at once: it logs "asked to register item …, but it's already registered" and can abort, which
 * locks the user's whole keyring until they unlock it again. Each call opens its own connection, so this
 * process runs one keychain call at a time, and the availability probe writes an item named after this
 * process, never one shared with another Fieldscope (a second host, the CLI).
 */
export class KeyringSecretStore implements SecretStore {
  readonly kind = 'os-keychain';
  private mod: Promise<KeyringModule> | null = null;
  private lastProbe: { at: number; result: { available: boolean; detail?: string } } | null = null;
  private probing: Promise<{ available: boolean; detail?: string }> | null = null;

  constructor(
    private readonly service = KEYRING_SERVICE,
    private readonly loadModule: () => Promise<KeyringModule> = () => import('@napi-rs/keyring'),
  ) {}

  private load(): Promise<KeyringModule> {
    this.mod ??= this.loadModule();
    return this.mod;
  }

  private async entry(account: string): Promise<AsyncEntry> {
    const { AsyncEntry } = await this.load();
    return new AsyncEntry(this.service, account, process.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined);
  }

  /** One keychain call at a time in this process; a daemon that died mid-call is asked once more. */
  private call<T>(account: string, op: (entry: AsyncEntry) => Promise<T>): Promise<T> {
    return oneAtATime(async () => {
      try {
        return await op(await this.entry(account));
      } catch (err) {
        // The bus starts a new daemon for the next call; every call here is idempotent, so repeating is safe.
        if (!daemonLeftMidCall(err)) throw err;
        return op(await this.entry(account));
      }
    });
  }

  available(): Promise<{ available: boolean; detail?: string }> {
    // app.info asks often; a write+delete round trip every time is wasteful, a few seconds' staleness is not.
    if (this.lastProbe && Date.now() - this.lastProbe.at < 5_000) return Promise.resolve(this.lastProbe.result);
    this.probing ??= this.probe().finally(() => (this.probing = null));
    return this.probing;
  }

  private async probe(): Promise<{ available: boolean; detail?: string }> {
    let result: { available: boolean; detail?: string };
    try {
      await this.call(probeAccount(), async (probe) => {
        await probe.setPassword('probe');
        await probe.deletePassword();
      });
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
      return (await this.call(account, (e) => e.getPassword())) ?? null;
    } catch (err) {
      throw keychainError(err);
    }
  }

  async set(account: string, value: string): Promise<void> {
    try {
      await this.call(account, (e) => e.setPassword(value));
    } catch (err) {
      this.lastProbe = null;
      throw keychainError(err);
    }
  }

  async delete(account: string): Promise<void> {
    try {
      // Resolves false when there was nothing to delete: that is fine.
      await this.call(account, (e) => e.deletePassword());
    } catch (err) {
      throw keychainError(err);
    }
  }
}

/** The probe item's account: one per process, so two Fieldscope processes never write the same item. */
export function probeAccount(): string {
  return `__probe__:${process.pid}`;
}

let queue: Promise<unknown> = Promise.resolve();
/** Shared by every store in the process (tests make several): the daemon's race is per item, not per store. */
function oneAtATime<T>(op: () => Promise<T>): Promise<T> {
  const run = queue.then(op, op);
  queue = run.catch(() => undefined);
  return run;
}

/** The Secret Service daemon exited (crashed or was restarted) after receiving the call and before answering. */
export function daemonLeftMidCall(err: unknown): boolean {
  return /disconnected from message bus without replying/i.test((err as Error)?.message ?? String(err));
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
