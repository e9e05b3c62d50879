import { describe, expect, it } from 'vitest';
import { checkApplyDraft, parseResourceList } from './token-limits';
import { TokenTimeline, csvField, timelineToCsv, timelineToJson } from './token-timeline';
import { signatureAge, signedTimestampFromUsername, stsCountdown, timestampWindow } from './credential-age';

const AT = Date.UTC(2026, 0, 2, 3, 4, 5, 6);

/** A small RFC 4180 reader to check the CSV round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let f = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') {
        f += '"';
        i++;
      } else if (c === '"') q = false;
      else f += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      row.push(f);
      f = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(f);
      rows.push(row);
      row = [];
      f = '';
      i++;
    } else f += c;
  }
  return rows;
}

describe('token timeline', () => {
  it('keeps order, bounds itself and counts what fell off', () => {
    const tl = new TokenTimeline(3);
    for (let i = 0; i < 5; i++) tl.add({ at: AT + i, kind: 'uploaded', type: 'R', words: `u${i}` });
    expect(tl.list().map((e) => e.words)).toEqual(['u2', 'u3', 'u4']);
    expect(tl.list().map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(tl.dropped).toBe(2);
  });
  it('exports JSON with ISO times', () => {
    const tl = new TokenTimeline();
    tl.add({ at: AT, kind: 'acknowledged', type: 'RW', token: 'abcdef…', latencyMs: 31, words: 'PUBACK' });
    const j = JSON.parse(timelineToJson(tl.list(), { connectionId: 'c1', exportedAt: AT }));
    expect(j.format).toBe('fieldscope-token-timeline');
    expect(j.events[0]).toMatchObject({ kind: 'acknowledged', latencyMs: 31, atIso: '2026-01-02T03:04:05.006Z' });
  });
  it('exports CSV that round-trips commas, quotes and new lines, and defuses formulas', () => {
    const tl = new TokenTimeline();
    tl.add({ at: AT, kind: 'invalid', type: 'W', code: 3, words: 'Token has been revoked, "code 3"\nnew line', expiresAt: AT + 1000 });
    tl.add({ at: AT + 1, kind: 'disconnected', words: '=HYPERLINK("x")' });
    const rows = parseCsv(timelineToCsv(tl.list()));
    expect(rows[0]).toEqual(['seq', 'at_iso', 'at_ms', 'kind', 'type', 'token', 'code', 'latency_ms', 'expires_at_iso', 'words']);
    expect(rows[1]).toEqual([
      '1',
      '2026-01-02T03:04:05.006Z',
      String(AT),
      'invalid',
      'W',
      '',
      '3',
      '',
      '2026-01-02T03:04:06.006Z',
      'Token has been revoked, "code 3"\nnew line',
    ]);
    expect(rows[2][9]).toBe(`'=HYPERLINK("x")`);
    expect(rows).toHaveLength(3);
    expect(csvField(-1)).toBe('-1');
  });
});

describe('apply limits', () => {
  it('parses resource lists', () => {
    expect(parseResourceList('a/b, c\n d  a/b')).toEqual(['a/b', 'c', 'd']);
  });
  it('accepts a good draft', () => {
    expect(checkApplyDraft({ resources: ['fieldscope/x'], actions: ['R', 'W'], lifetimeSec: 60 })).toEqual([]);
  });
  it('at most 100 resources', () => {
    const r = Array.from({ length: 101 }, (_, i) => `t/${i}`);
    expect(checkApplyDraft({ resources: r.slice(0, 100), actions: ['R'], lifetimeSec: 600 })).toEqual([]);
    const p = checkApplyDraft({ resources: r, actions: ['R'], lifetimeSec: 600 });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ field: 'resources' });
    expect(p[0].message).toContain('101');
  });
  it('lifetime at least 60 s, actions R/W', () => {
    expect(checkApplyDraft({ resources: ['a'], actions: ['R'], lifetimeSec: 59 }).map((p) => p.field)).toEqual(['lifetimeSec']);
    expect(checkApplyDraft({ resources: ['a'], actions: ['X'], lifetimeSec: 60 }).map((p) => p.field)).toEqual(['actions']);
    expect(checkApplyDraft({ resources: [], actions: [], lifetimeSec: NaN }).map((p) => p.field)).toEqual(['resources', 'actions', 'lifetimeSec']);
    expect(checkApplyDraft({ resources: ['x'.repeat(65)], actions: ['R'], lifetimeSec: 60 }).map((p) => p.field)).toEqual(['resources']);
  });
});

describe('AMQP and Huawei time-bound credentials', () => {
  it('signature age', () => {
    expect(signatureAge(AT, AT + 90_000).ageMs).toBe(90_000);
  });
  it('STS countdown', () => {
    expect(stsCountdown(undefined, AT).state).toBe('unknown');
    expect(stsCountdown(AT + 10 * 60_000, AT)).toMatchObject({ state: 'valid', msLeft: 600_000 });
    expect(stsCountdown(AT + 60_000, AT).state).toBe('expiring');
    expect(stsCountdown(AT, AT).state).toBe('expired');
  });
  it('the ±5 min window from a measured offset', () => {
    expect(timestampWindow(undefined).state).toBe('unmeasured');
    expect(timestampWindow(2000)).toMatchObject({ state: 'inside', marginMs: 298_000 });
    expect(timestampWindow(-250_000)).toMatchObject({ state: 'at-risk', marginMs: 50_000 });
    expect(timestampWindow(-250_000).words).toContain('behind');
    expect(timestampWindow(301_000)).toMatchObject({ state: 'outside', marginMs: -1000 });
  });
  it('reads the signed timestamp from vendor usernames', () => {
    expect(signedTimestampFromUsername('accessKey=AK123|timestamp=1700000000000|instanceId=inst-001')).toBe(1700000000000);
    expect(signedTimestampFromUsername('c|authMode=aksign,authId=x,timestamp=1573489088171|')).toBe(1573489088171);
    expect(signedTimestampFromUsername('user')).toBeUndefined();
  });
});
