import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Profile } from '../contract/profiles.contract';
import { ForeignFormatError, mapForeignProfiles } from './foreign-profiles';

const fixture = (name: string) => JSON.parse(readFileSync(path.join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'foreign', name), 'utf8')) as unknown;

describe('mapForeignProfiles', () => {
  it('maps an MQTTX JSON export (a top-level array)', () => {
    const r = mapForeignProfiles(fixture('mqttx-export.json'));
    expect(r.source).toBe('mqttx');
    const [plant, lab] = r.profiles;
    expect(plant!.profile).toMatchObject({
      kind: 'mqtt',
      name: 'Plant broker',
      host: 'broker.plant.example',
      port: 8883,
      transport: 'tls',
      protocolVersion: 5,
      clean: false,
      keepaliveSec: 30,
      connectTimeoutMs: 5000,
      clientId: 'mqttx_5e0c1a2b',
      username: 'field-eng',
      tls: { rejectUnauthorized: false, caFile: '/home/eng/certs/ca.pem' },
      reconnect: { enabled: true, initialDelayMs: 4000 },
      subscriptions: [
        { filter: 'plant/+/telemetry', qos: 1 },
        { filter: 'plant/alarms/#', qos: 2 },
      ],
      will: { topic: 'plant/status/mqttx', payload: 'offline', qos: 1, retain: true },
    });
    expect(plant!.password).toBe('mqttx-password-Zq81');
    expect(JSON.stringify(plant!.profile)).not.toContain('mqttx-password-Zq81');
    expect(plant!.unmapped).toEqual(['MQTT 5 connect properties']);
    expect(lab!.profile).toMatchObject({ host: 'lab.example', transport: 'ws', wsPath: '/mqtt-ws', protocolVersion: 4, reconnect: { enabled: false } });
    expect(lab!.password).toBeUndefined();
    for (const p of r.profiles) expect(Profile.safeParse({ ...p.profile, id: 'x' }).success).toBe(true);
  });

  it('maps MQTT Explorer settings, listing what it cannot carry', () => {
    const r = mapForeignProfiles(fixture('mqtt-explorer-settings.json'));
    expect(r.source).toBe('mqtt-explorer');
    expect(r.profiles.map((p) => p.profile.name)).toEqual(['Eclipse test broker', 'Secure WS']);
    const secure = r.profiles[1]!;
    expect(secure.profile).toMatchObject({
      transport: 'wss',
      port: 443,
      wsPath: '/ws',
      username: 'ops',
      tls: { rejectUnauthorized: false },
      subscriptions: [{ filter: 'devices/#', qos: 0 }],
    });
    expect(secure.password).toBe('explorer-pass-Kk72');
    expect(secure.unmapped).toEqual([expect.stringMatching(/^server CA certificate/)]);
    expect(r.profiles[0]!.profile.subscriptions).toEqual([
      { filter: '#', qos: 0 },
      { filter: '$SYS/#', qos: 0 },
    ]);
    for (const p of r.profiles) expect(Profile.safeParse({ ...p.profile, id: 'x' }).success).toBe(true);
  });

  it('refuses anything else with words, not a schema dump', () => {
    expect(() => mapForeignProfiles([1, 2])).toThrow(ForeignFormatError);
    expect(() => mapForeignProfiles({ hello: 'world' })).toThrow(/neither a Fieldscope, an MQTTX nor an MQTT Explorer/);
    expect(() => mapForeignProfiles(null)).toThrow(ForeignFormatError);
  });

  it('clamps hostile numbers into what a profile accepts', () => {
    const r = mapForeignProfiles([{ host: 'h', clientId: 'c', port: 99999999, keepalive: -5, connectTimeout: 1e9, reconnectPeriod: 1 }]);
    expect(r.profiles[0]!.profile).toMatchObject({ port: 65535, keepaliveSec: 0, connectTimeoutMs: 600_000, reconnect: { initialDelayMs: 100 } });
    expect(Profile.safeParse({ ...r.profiles[0]!.profile, id: 'x' }).success).toBe(true);
  });
});
