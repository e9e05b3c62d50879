import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PublishEntry } from '../../../shared/contract/publish-history.contract';
import { HISTORY_LIMIT, MAX_ENTRY_DATA, PublishHistory } from './publish-history';

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'fs-pubhist-'));
const entry = (topic: string, data = '{"a":1}', at = 1): PublishEntry => ({ topic, payload: { format: 'json', data }, qos: 1, retain: false, at });

describe('PublishHistory', () => {
  it('keeps the last publishes newest first, moves a repeat to the top, and survives a restart', async () => {
    const d = dir();
    const h = new PublishHistory(d);
    h.record('p1', entry('a', '1', 1));
    h.record('p1', entry('b', '2', 2));
    h.record('p1', entry('a', '1', 3));
    h.saveTemplate('p1', {
      name: 'alarm',
      entry: { ...entry('alarms/x', '{"level":2}'), properties: { contentType: 'application/json', userProperties: { k: 'v' } } },
    });
    await h.flush();
    const again = new PublishHistory(d);
    const l = again.list('p1');
    expect(l.history.map((e) => [e.topic, e.at])).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
    expect(l.templates[0]).toMatchObject({
      name: 'alarm',
      entry: { topic: 'alarms/x', properties: { contentType: 'application/json', userProperties: { k: 'v' } } },
    });
    expect(again.list('other')).toEqual({ history: [], templates: [] });
  });

  it('keeps at most the limit and refuses a huge payload', () => {
    const h = new PublishHistory(dir());
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) h.record('p', entry(`t/${i}`));
    const l = h.list('p').history;
    expect(l).toHaveLength(HISTORY_LIMIT);
    expect(l[0]!.topic).toBe(`t/${HISTORY_LIMIT + 19}`);
    expect(h.record('p', entry('big', 'x'.repeat(MAX_ENTRY_DATA + 1)))).toBe(false);
  });

  it('a corrupt file is moved aside and said, not lost', () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'publish-history.json'), '{"format": "fieldscope-publish-history", "version": 1, "profiles": ');
    const h = new PublishHistory(d);
    expect(h.loadProblem).toMatch(/Publish history file was unreadable \(not valid JSON\); moved to .*broken-/);
    expect(fs.readdirSync(d).some((f) => f.startsWith('publish-history.json.broken-'))).toBe(true);
    expect(h.list('p').history).toEqual([]);
  });
});
