// What applying a token would overwrite: the service issues one token per type (R, W, RW) and the app keeps one
// per type, so a new apply silently replaces the held token of that type. The panel asks first when it would.
import { tokenTypeForActions, type TokenAction, type TokenType } from '../../../../shared/tokens/token-model';

export interface HeldToken {
  type: TokenType;
  resources: readonly string[];
  revokedAt?: number;
  expiresAt?: number;
}

export interface Replacement {
  type: TokenType;
  /** Resources the held token covers that the new one would not. */
  dropped: string[];
  /** Resources the new one adds. */
  added: string[];
}

/** The held token an apply would replace, with what its scope would lose; null when nothing live is replaced. */
export function applyReplaces(
  held: readonly HeldToken[],
  draft: { actions: readonly TokenAction[]; resources: readonly string[] },
  now: number,
): Replacement | null {
  const type = tokenTypeForActions(draft.actions);
  if (!type) return null;
  const old = held.find((h) => h.type === type);
  // A revoked or expired token is already useless: replacing it costs nothing.
  if (!old || old.revokedAt !== undefined || (old.expiresAt !== undefined && old.expiresAt <= now)) return null;
  const next = new Set(draft.resources);
  const prev = new Set(old.resources);
  return { type, dropped: old.resources.filter((r) => !next.has(r)), added: draft.resources.filter((r) => !prev.has(r)) };
}
