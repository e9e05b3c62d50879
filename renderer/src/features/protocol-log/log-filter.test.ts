import { describe, expect, it } from 'vitest';
import type { ProtocolLogEntry } from '../../../../shared/contract/connections.contract';
import { formatDateTimeMs } from '../../lib/format';
import { formatLogExport, logFilterActive, matchesLogFilter, NO_LOG_FILTER } from './log-filter';

const e = (p: Partial<ProtocolLogEntry>): ProtocolLogEntry => ({
  seq: 1,
  connectionId: 'c',
  at: 1_765_000_000_000,
  dir: 'in',
  type: 'PUBLISH',
  summary: 'PUBLISH a/b',
  ...p,
});

describe('protocol log filter', () => {
  const log = [
    e({ seq: 1, dir: 'local', type: 'connect', summary: 'Connecting to mqtt://h:1883' }),
    e({ seq: 2, dir: 'out', type: 'CONNECT', summary: 'CONNECT MQTT 3.1.1 clientId="x"' }),
    e({ seq: 3, dir: 'in', type: 'CONNACK', summary: 'CONNACK refused, return code 5', explanation: 'Not authorized: check the Group ID' }),
    e({ seq: 4, dir: 'in', type: 'PUBLISH', summary: 'PUBLISH fieldscope/telemetry/dev-0001' }),
  ];
  const seqs = (f: Parameters<typeof matchesLogFilter>[1]) => log.filter((x) => matchesLogFilter(x, f)).map((x) => x.seq);

  it('matches text in type, summary or explanation, ignoring case', () => {
    expect(seqs({ ...NO_LOG_FILTER, text: 'connack' })).toEqual([3]);
    expect(seqs({ ...NO_LOG_FILTER, text: 'group id' })).toEqual([3]);
    expect(seqs({ ...NO_LOG_FILTER, text: 'CONNECT' })).toEqual([1, 2]);
  });
  it('takes a regex-looking text literally', () => {
    expect(seqs({ ...NO_LOG_FILTER, text: 'dev-000(' })).toEqual([]);
    expect(seqs({ ...NO_LOG_FILTER, text: '3.1.1' })).toEqual([2]);
  });
  it('filters by direction and by problems only', () => {
    expect(seqs({ ...NO_LOG_FILTER, dir: 'in' })).toEqual([3, 4]);
    expect(seqs({ ...NO_LOG_FILTER, dir: 'local' })).toEqual([1]);
    expect(seqs({ ...NO_LOG_FILTER, problemsOnly: true })).toEqual([3]);
  });
  it('knows when a filter is active', () => {
    expect(logFilterActive(NO_LOG_FILTER)).toBe(false);
    expect(logFilterActive({ ...NO_LOG_FILTER, text: '  ' })).toBe(false);
    expect(logFilterActive({ ...NO_LOG_FILTER, dir: 'out' })).toBe(true);
  });
  it('exports one tab-separated line per entry with its explanation and detail below', () => {
    const text = formatLogExport(
      [log[2]!, e({ seq: 5, dir: 'out', type: 'CONNECT', summary: 'CONNECT', detail: { clientId: 'x', password: '(masked)' } })],
      '# head',
    );
    const at = formatDateTimeMs(1_765_000_000_000);
    expect(text).toBe(
      `# head\n${at}\t<-\tCONNACK\tCONNACK refused, return code 5\n\t\texplanation: Not authorized: check the Group ID\n${at}\t->\tCONNECT\tCONNECT\n\t\tdetail: {"clientId":"x","password":"(masked)"}\n`,
    );
  });
});
