/**
 * What the app knows about each profile's tokens — resources, actions, source, issued-at, expiry, masked
 * prefix — kept in `<dataDir>/token-facts.json`. The token text is NOT here: it lives in the profile's
 * keychain slot (tokenR / tokenW / tokenRW).
 */
import path from 'node:path';
import { JsonFile } from '../core/json-file';
import type { TokenFacts, TokenType } from '../../../shared/tokens/token-model';

interface FileShape {
  format: 'fieldscope-token-facts';
  version: 1;
  tokens: TokenFacts[];
}

const key = (profileId: string, type: TokenType) => `${profileId}\u0000${type}`;

function acceptFacts(v: unknown): FileShape {
  const f = v as FileShape;
  if (!f || f.format !== 'fieldscope-token-facts' || !Array.isArray(f.tokens)) throw new Error('not a token facts file');
  return f;
}

export class TokenFactsStore {
  private facts = new Map<string, TokenFacts>();
  private readonly json: JsonFile<FileShape>;
  /** Set when the file could not be read: said once, and the broken file is kept aside. */
  loadProblem: string | undefined;

  constructor(file: string) {
    this.json = new JsonFile(file, acceptFacts, 'Token details file');
    this.load();
  }

  static inDataDir(dataDir: string): TokenFactsStore {
    return new TokenFactsStore(path.join(dataDir, 'token-facts.json'));
  }

  private load(): void {
    const { value, problem } = this.json.load();
    if (problem) this.loadProblem = `${problem} Tokens in the keychain are kept and show as pasted.`;
    for (const t of value?.tokens ?? []) if (t && typeof t.profileId === 'string' && typeof t.type === 'string') this.facts.set(key(t.profileId, t.type), t);
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

  private persist(): void {
    this.json.save({ format: 'fieldscope-token-facts', version: 1, tokens: [...this.facts.values()] });
  }

  flush(): Promise<void> {
    return this.json.flush();
  }
}
