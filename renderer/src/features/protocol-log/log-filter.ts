// Protocol log filter and export: pure, so what the view shows and what a file holds follow the same rules.
import type { ProtocolLogEntry } from '../../../../shared/contract/connections.contract';
import { formatDateTimeMs } from '../../lib/format';

export type LogDir = 'all' | 'in' | 'out' | 'local';

export interface LogFilter {
  /** Case-insensitive substring of type, summary or explanation (plain text: no pattern to get wrong). */
  text: string;
  dir: LogDir;
  /** Only lines that explain a failure. */
  problemsOnly: boolean;
}

export const NO_LOG_FILTER: LogFilter = { text: '', dir: 'all', problemsOnly: false };

export function logFilterActive(f: LogFilter): boolean {
  return f.text.trim() !== '' || f.dir !== 'all' || f.problemsOnly;
}

export function matchesLogFilter(e: ProtocolLogEntry, f: LogFilter): boolean {
  if (f.dir !== 'all' && e.dir !== f.dir) return false;
  if (f.problemsOnly && !e.explanation) return false;
  const q = f.text.trim().toLowerCase();
  if (!q) return true;
  return e.type.toLowerCase().includes(q) || e.summary.toLowerCase().includes(q) || (e.explanation ?? '').toLowerCase().includes(q);
}

const ARROW: Record<ProtocolLogEntry['dir'], string> = { out: '->', in: '<-', local: '--' };

/**
 * One line per entry, tab-separated (time, direction, type, summary), the explanation and the decoded fields
 * indented below it: readable in any editor and easy to attach to a support ticket. Secrets are already
 * masked in the entries (main never sends them).
 */
export function formatLogExport(entries: readonly ProtocolLogEntry[], header: string): string {
  const out = [header];
  for (const e of entries) {
    out.push(`${formatDateTimeMs(e.at)}\t${ARROW[e.dir]}\t${e.type}\t${e.summary}`);
    if (e.explanation) out.push(`\t\texplanation: ${e.explanation}`);
    if (e.detail && Object.keys(e.detail).length) out.push(`\t\tdetail: ${JSON.stringify(e.detail)}`);
  }
  return out.join('\n') + '\n';
}
