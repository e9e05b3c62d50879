import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClientPresence, PresenceEvent } from './presence-event';
import { recognizePresenceValue } from './presence-events';
import { PresenceModel, derivePresence } from './presence-timeline';

interface Scenario {
  name: string;
  events: unknown[];
  expect: Record<string, Record<string, unknown>>;
}

const scenarios = JSON.parse(
  fs.readFileSync(path.resolve(import.meta.dirname, '..', '..', 'test', 'fixtures', 'presence-scenarios.json'), 'utf8'),
) as Scenario[];

function toEvents(raw: unknown[]): PresenceEvent[] {
  return raw.flatMap((r) => {
    const evs = recognizePresenceValue('', r);
    if (!evs) throw new Error(`not recognised: ${JSON.stringify(r)}`);
    return evs;
  });
}

/** What must not depend on arrival order (late counts do, by definition). */
function stable(s: Record<string, ClientPresence>) {
  return Object.fromEntries(
    Object.entries(s)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => {
        const { late: _late, ...rest } = v;
        return [k, rest];
      }),
  );
}

describe('presence scenarios (test/fixtures/presence-scenarios.json)', () => {
  it('has scenarios to run', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(7);
  });
  for (const sc of scenarios) {
    it(sc.name, () => {
      const got = derivePresence(toEvents(sc.events));
      for (const [client, want] of Object.entries(sc.expect)) {
        expect(got[client], `client ${client}`).toBeDefined();
        for (const [key, value] of Object.entries(want)) expect(got[client]![key as keyof ClientPresence], `${client}.${key}`).toEqual(value);
        if (!('duplicate' in want)) expect(got[client]!.duplicate).toBeUndefined();
      }
    });
    it(`${sc.name} — same result for every arrival order`, () => {
      const events = toEvents(sc.events);
      const reference = stable(derivePresence(events));
      fc.assert(
        fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (perm) => {
          expect(stable(derivePresence(perm))).toEqual(reference);
        }),
        { numRuns: 50 },
      );
    });
  }
});

const eventArb = fc.oneof(
  fc.record({
    clientId: fc.constantFrom('GID_a@@@1', 'GID_a@@@2', 'GID_b@@@3'),
    time: fc.integer({ min: 0, max: 50 }),
    type: fc.constantFrom('connect' as const, 'disconnect' as const, 'tcpclean' as const),
    channelId: fc.constantFrom('c1', 'c2', 'c3', 'c4'),
  }),
  fc.record({
    clientId: fc.constantFrom('pk/dev1', 'pk/dev2'),
    time: fc.integer({ min: 0, max: 50 }),
    type: fc.constant('status' as const),
    status: fc.constantFrom('online' as const, 'offline' as const),
  }),
  fc.record({
    clientId: fc.constantFrom('GID_a@@@1', 'GID_q@@@9'),
    time: fc.integer({ min: 0, max: 50 }),
    type: fc.constant('query' as const),
    online: fc.integer({ min: -1, max: 3 }),
  }),
);

describe('presence model properties', () => {
  it('any arrival order of the same events gives the same final state', () => {
    fc.assert(
      fc.property(
        fc
          .array(eventArb, { maxLength: 40 })
          .chain((evs) => fc.tuple(fc.constant(evs), fc.shuffledSubarray(evs, { minLength: evs.length, maxLength: evs.length }))),
        ([events, shuffled]) => {
          expect(stable(derivePresence(shuffled))).toEqual(stable(derivePresence(events)));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('adding live (reading in between) equals deriving the whole batch', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), (events, reads) => {
        const live = new PresenceModel();
        events.forEach((e, i) => {
          live.add(e);
          if (reads[i]) live.summary(e.clientId);
        });
        expect(live.snapshot()).toEqual(derivePresence(events));
      }),
      { numRuns: 300 },
    );
  });

  it('a channel once cleaned is never open again, whatever arrives later', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), (events) => {
        const model = new PresenceModel();
        const cleaned = new Map<string, Set<string>>();
        for (const e of events) {
          model.add(e);
          if (e.type === 'tcpclean') {
            if (!cleaned.has(e.clientId)) cleaned.set(e.clientId, new Set());
            cleaned.get(e.clientId)!.add(e.channelId!);
          }
        }
        for (const [client, chans] of cleaned) {
          for (const ch of model.summary(client)!.openChannels) expect(chans.has(ch)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('timeline and spans agree and never repeat a state', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), (events) => {
        const model = new PresenceModel();
        model.addMany(events);
        for (const id of model.clientIds()) {
          const s = model.summary(id)!;
          const spans = model.spans(id);
          expect(spans.map((x) => x.state)).toEqual(s.timeline);
          for (let i = 1; i < s.timeline.length; i++) expect(s.timeline[i]).not.toBe(s.timeline[i - 1]);
          for (let i = 1; i < spans.length; i++) expect(spans[i]!.from).toBeGreaterThan(spans[i - 1]!.from);
          if (spans.length) expect(spans.at(-1)!.to).toBeUndefined();
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('presence model edge cases', () => {
  const c = 'GID_a@@@x';
  it('a connect newer than its channel tcpclean is ignored and marked', () => {
    const m = new PresenceModel();
    m.add({ clientId: c, time: 1000, type: 'connect', channelId: 'k' });
    m.add({ clientId: c, time: 2000, type: 'tcpclean', channelId: 'k' });
    m.add({ clientId: c, time: 3000, type: 'connect', channelId: 'k' });
    const s = m.summary(c)!;
    expect(s.online).toBe(false);
    expect(s.lastOffline).toBe('abnormal');
    const marks = m.markers(c).markers;
    expect(marks.map((x) => [x.type, x.ignored ?? false])).toEqual([
      ['connect', false],
      ['tcpclean', false],
      ['connect', true],
    ]);
  });

  it('marks late arrivals and still orders by event time', () => {
    const m = new PresenceModel();
    m.add({ clientId: c, time: 3000, type: 'tcpclean', channelId: 'k' });
    m.add({ clientId: c, time: 1000, type: 'connect', channelId: 'k' });
    const { markers } = m.markers(c);
    expect(markers.map((x) => x.type)).toEqual(['connect', 'tcpclean']);
    expect(markers[0]!.late).toBe(true);
    expect(markers[1]!.late).toBeUndefined();
    expect(m.spans(c)).toEqual([
      { from: 1000, to: 3000, state: 'online' },
      { from: 3000, state: 'offline' },
    ]);
    expect(m.summary(c)!.late).toBe(1);
  });

  it('online query: -1 is unknown (treated as online), 0 offline, > 1 duplicate', () => {
    const m = new PresenceModel();
    m.add({ clientId: c, time: 1, type: 'query', online: -1 });
    expect(m.summary(c)).toMatchObject({ online: true, state: 'unknown', lastQuery: -1 });
    expect(m.summary(c)!.duplicate).toBeUndefined();
    m.add({ clientId: c, time: 2, type: 'query', online: 2 });
    expect(m.summary(c)).toMatchObject({ online: true, state: 'online', duplicate: true, lastQuery: 2 });
    m.add({ clientId: c, time: 3, type: 'query', online: 0 });
    expect(m.summary(c)).toMatchObject({ online: false, state: 'offline', lastQuery: 0 });
    expect(m.summary(c)!.duplicate).toBeUndefined();
    expect(m.summary(c)!.timeline).toEqual(['unknown', 'online', 'offline']);
  });

  it('flags flapping: N transitions within the window, and not when spread out', () => {
    const flap = new PresenceModel({ flapTransitions: 4, flapWindowMs: 10_000 });
    const calm = new PresenceModel({ flapTransitions: 4, flapWindowMs: 10_000 });
    for (let i = 0; i < 3; i++) {
      flap.add({ clientId: c, time: i * 2000, type: 'connect', channelId: `c${i}` });
      flap.add({ clientId: c, time: i * 2000 + 1000, type: 'tcpclean', channelId: `c${i}` });
      calm.add({ clientId: c, time: i * 60_000, type: 'connect', channelId: `c${i}` });
      calm.add({ clientId: c, time: i * 60_000 + 1000, type: 'tcpclean', channelId: `c${i}` });
    }
    expect(flap.summary(c)!.flapping).toBe(true);
    expect(calm.summary(c)!.flapping).toBeUndefined();
    expect(calm.summary(c)!.transitions).toBe(5);
    calm.configure({ flapWindowMs: 200_000 });
    expect(calm.summary(c)!.flapping).toBe(true);
  });

  it('flash reconnects (new channel before the old is cleaned) count towards flapping without going offline', () => {
    const m = new PresenceModel({ flapTransitions: 3, flapWindowMs: 10_000 });
    m.add({ clientId: c, time: 0, type: 'connect', channelId: 'k0' });
    for (let i = 1; i <= 3; i++) {
      m.add({ clientId: c, time: i * 1000, type: 'connect', channelId: `k${i}` });
      m.add({ clientId: c, time: i * 1000 + 1, type: 'tcpclean', channelId: `k${i - 1}` });
    }
    expect(m.summary(c)).toMatchObject({ online: true, openChannels: ['k3'], timeline: ['online'], transitions: 0, reconnects: 3, flapping: true });
  });

  it('a tcpclean with no connect seen takes an unknown client offline, abnormally', () => {
    const s = derivePresence([{ clientId: c, time: 5, type: 'tcpclean', channelId: 'z' }])[c]!;
    expect(s).toMatchObject({ online: false, openChannels: [], lastOffline: 'abnormal', timeline: ['offline'] });
  });

  it('status offline qualifiers carry through (IoTDA ABNORMAL, Fieldscope drop)', () => {
    const s = derivePresence([
      { clientId: 'dev', time: 1, type: 'status', status: 'online', source: 'huawei' },
      { clientId: 'dev', time: 2, type: 'status', status: 'offline', offline: 'abnormal', source: 'huawei', detail: 'ABNORMAL' },
    ]).dev!;
    expect(s).toMatchObject({ online: false, lastOffline: 'abnormal', timeline: ['online', 'offline'], sources: ['huawei'] });
  });

  it('stateAt answers for any instant', () => {
    const m = new PresenceModel();
    m.addMany(toEvents(scenarios[4]!.events));
    const id = 'GID_a@@@d5';
    expect(m.stateAt(id, 500)).toBeUndefined();
    expect(m.stateAt(id, 1500)).toBe('online');
    expect(m.stateAt(id, 2500)).toBe('offline');
    expect(m.stateAt(id, 3000)).toBe('online');
  });

  it('rejects events it cannot place, with words', () => {
    const m = new PresenceModel();
    expect(() => m.add({ clientId: '', time: 1, type: 'connect' })).toThrow(/clientId/);
    expect(() => m.add({ clientId: c, time: Number.NaN, type: 'connect' })).toThrow(/numeric time/);
    expect(() => m.add({ clientId: c, time: 1, type: 'status' })).toThrow(/online/);
    expect(() => m.add({ clientId: c, time: 1, type: 'bogus' as never })).toThrow(/unknown presence event type/);
    expect(m.eventCount).toBe(0);
  });

  it('bulk channel path equals the object path', () => {
    const a = new PresenceModel();
    const b = new PresenceModel();
    const evs = toEvents(scenarios[0]!.events);
    a.addMany(evs);
    for (const e of [...evs].reverse()) b.addChannelEvent(e.clientId, e.time, e.type as 'connect', e.channelId!);
    expect(stable(b.snapshot())).toEqual(stable(a.snapshot()));
  });
});
