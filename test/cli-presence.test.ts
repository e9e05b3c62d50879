import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const scenarios = JSON.parse(fs.readFileSync(path.join(root, 'test', 'fixtures', 'presence-scenarios.json'), 'utf8')) as {
  name: string;
  events: unknown[];
  expect: Record<string, Record<string, unknown>>;
}[];

function presence(stdin: string, args: string[] = []) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'fieldscope.js'), 'presence', ...args], { input: stdin, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ndjson = (events: unknown[]) => events.map((e) => JSON.stringify(e)).join('\n') + '\n';

describe('fieldscope presence (built CLI)', () => {
  for (const sc of scenarios) {
    it(`scenario: ${sc.name}`, () => {
      for (const order of [sc.events, [...sc.events].reverse()]) {
        const r = presence(ndjson(order));
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        const out = JSON.parse(r.stdout) as Record<string, Record<string, unknown>>;
        expect(Object.keys(out).sort()).toEqual(Object.keys(sc.expect).sort());
        for (const [client, want] of Object.entries(sc.expect)) {
          for (const [key, value] of Object.entries(want)) expect(out[client]![key], `${client}.${key}`).toEqual(value);
          if (!('duplicate' in want)) expect(out[client]!.duplicate).toBeUndefined();
          expect(Array.isArray(out[client]!.timeline)).toBe(true);
        }
      }
    });
  }

  it('accepts a JSON array, received-message wrappers, and reports lines it cannot use', () => {
    const lines = [
      JSON.stringify({ topic: 'GID_a_MQTT', payload: JSON.stringify({ clientId: 'GID_a@@@w', time: 1, eventType: 'connect', channelId: 'c' }) }),
      JSON.stringify({ topic: '/as/mqtt/status/pk/dn', payload: { status: 'offline', productKey: 'pk', deviceName: 'dn', time: '2018-08-31 10:01:28.195' } }),
      'not json',
      JSON.stringify({ temperature: 3 }),
    ];
    const r = presence(lines.join('\n'));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, { online: boolean; timeline: string[] }>;
    expect(out['GID_a@@@w']).toMatchObject({ online: true, openChannels: ['c'], timeline: ['online'] });
    expect(out['pk/dn']).toMatchObject({ online: false, timeline: ['offline'] });
    expect(r.stderr).toMatch(/line 3: not JSON/);
    expect(r.stderr).toMatch(/line 4: not a presence event/);
    expect(presence(lines.join('\n'), ['--strict']).code).toBe(1);

    const arr = presence(JSON.stringify(scenarios[0]!.events), ['--compact']);
    expect(arr.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(arr.stdout)['GID_a@@@d1'].openChannels).toEqual(['ch2']);
  });

  it('flags flapping with --flap-window / --flap-count and prints spans with --detail', () => {
    const events = [];
    for (let i = 0; i < 3; i++) {
      events.push({ clientId: 'GID_f@@@1', time: i * 1000, eventType: 'connect', channelId: `c${i}` });
      events.push({ clientId: 'GID_f@@@1', time: i * 1000 + 500, eventType: 'tcpclean', channelId: `c${i}` });
    }
    const loose = JSON.parse(presence(ndjson(events), ['--flap-window', '1000']).stdout);
    expect(loose['GID_f@@@1'].flapping).toBeUndefined();
    const tight = JSON.parse(presence(ndjson(events), ['--flap-window', '10000', '--flap-count', '5', '--detail']).stdout);
    expect(tight['GID_f@@@1'].flapping).toBe(true);
    expect(tight['GID_f@@@1'].spans).toHaveLength(6);
    expect(tight['GID_f@@@1'].markers).toHaveLength(6);
    const bad = presence('', ['--flap-window', 'soon']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--flap-window needs a non-negative number/);
  });
});
