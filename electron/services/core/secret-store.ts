/**
 * Where secrets live: the OS keychain, through @napi-rs/keyring in every host (Electron, Chromium host, CLI),
 * so a profile saved in one host has its secrets in the others. There is no plaintext fallback: when no
 * keychain is available the store says so and saving a secret fails with an explanation.
 */
export interface SecretStore {
  readonly kind: string;
  available(): Promise<{ available: boolean; detail?: string }>;
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
  delete(account: string): Promise<void>;
}

/** For tests and for the CLI's one-shot commands: secrets live only in this process's memory. */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory';
  private map = new Map<string, string>();
  async available() {
    return { available: true, detail: 'in-memory (secrets are lost when the process exits)' };
  }
  async get(account: string) {
    return this.map.get(account) ?? null;
  }
  async set(account: string, value: string) {
    this.map.set(account, value);
  }
  async delete(account: string) {
    this.map.delete(account);
  }
}
