/**
 * What the app knows about each profile's tokens — resources, actions, source, issued-at, expiry, masked
 * prefix — kept in `<dataDir>/token-facts.json`. The token text is NOT here: it lives in the profile's
 * keychain slot (tokenR / tokenW / tokenRW).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TokenFacts, TokenType } from '../../../shared/tokens/token-model';

interface FileShape {
  format: 'fieldscope-token-facts';
  version: 1;
  tokens: TokenFacts[];
}

const key = (profileId: string, type: TokenType) => `${profileId}\u0000${type}`;

export class TokenFactsStore {
  private facts = new Map<string, TokenFacts>();
  private writing: Promise<void> = Promise.resolve();
  /** Set when the file could not be read: said once, and the broken file is kept aside. */
  loadProblem: string | undefined;

  constructor(private readonly file: string) {
    this.load();
  }

  static inDataDir(dataDir: string): TokenFactsStore {
    return new TokenFactsStore(path.join(dataDir, 'token-facts.json'));
  }

  private load(): void {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return; // first start
    }
    try {
      const parsed = JSON.parse(text) as FileShape;
      if (parsed.format !== 'fieldscope-token-facts' || !Array.isArray(parsed.tokens)) throw new Error('not a token facts file');
      for (const t of parsed.tokens) if (t && typeof t.profileId === 'string' && typeof t.type === 'string') this.facts.set(key(t.profileId, t.type), t);
    } catch (err) {
      const aside = `${this.file}.broken-${Date.now()}`;
      try {
        fs.renameSync(this.file, aside);
      } catch {
        // keep going with an empty store; the problem is reported
      }
      this.loadProblem = `Token details file was unreadable (${(err as Error).message}); moved to ${aside}. Tokens in the keychain are kept and show as pasted.`;
    }
  }

  get(profileId: string, type: TokenType): TokenFacts | undefined {
    return this.facts.get(key(profileId, type));
  }

  forProfile(profileId: string): TokenFacts[] {
    return [...this.facts.values()].filter((f) => f.profileId === profileId);
  }

  set(f: TokenFacts): void {
    this.facts.set(key(f.profileId, f.type), f);
    this.persist();
  }

  update(profileId: string, type: TokenType, patch: (f: TokenFacts) => void): TokenFacts | undefined {
    const f = this.get(profileId, type);
    if (!f) return undefined;
    patch(f);
    this.persist();
    return f;
  }

  delete(profileId: string, type: TokenType): void {
    if (this.facts.delete(key(profileId, type))) this.persist();
  }

  /** Serialised, atomic (write then rename) so a crash never leaves half a file. */
  private persist(): void {
    const body: FileShape = { format: 'fieldscope-token-facts', version: 1, tokens: [...this.facts.values()] };
    const text = JSON.stringify(body, null, 2);
    this.writing = this.writing.then(async () => {
      const tmp = `${this.file}.${process.pid}.tmp`;
      try {
        await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
        await fs.promises.writeFile(tmp, text, { mode: 0o600 });
        await fs.promises.rename(tmp, this.file);
      } catch {
        // the in-memory facts stay right; the next change retries the write
      }
    });
  }

  flush(): Promise<void> {
    return this.writing;
  }
}
