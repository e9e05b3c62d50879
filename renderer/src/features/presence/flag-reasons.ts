// Why a presence lane is flagged, in words: the numbers behind "flapping" and "duplicate" and the rule that
// turned them into a flag, so nobody has to guess what the ⚑ means.
import type { PresenceClientRow, PresenceSettings } from '../../../../shared/contract/presence.contract';

export type FlagReason =
  { kind: 'flapping'; transitions: number; reconnects: number; threshold: number; windowSec: number } | { kind: 'duplicate'; channels: number };

export function flagReasons(
  row: Pick<PresenceClientRow, 'flapping' | 'duplicate' | 'transitions' | 'reconnects' | 'openChannels'>,
  settings: Pick<PresenceSettings, 'flapTransitions' | 'flapWindowMs'> | undefined,
): FlagReason[] {
  const out: FlagReason[] = [];
  if (row.flapping) {
    out.push({
      kind: 'flapping',
      transitions: row.transitions,
      reconnects: row.reconnects,
      threshold: settings?.flapTransitions ?? 4,
      windowSec: Math.round((settings?.flapWindowMs ?? 60_000) / 1000),
    });
  }
  // Two or more channels open at once: the same Client ID connected twice (one session will kick the other).
  if (row.duplicate) out.push({ kind: 'duplicate', channels: Math.max(2, row.openChannels.length) });
  return out;
}
