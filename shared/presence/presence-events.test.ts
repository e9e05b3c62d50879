import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPresenceTopic, mayCarryPresence, parsePresenceTime, recognizePresence } from './presence-events';

describe('recognizePresence', () => {
  it('MQ for IoT event on the <GroupID>_MQTT topic', () => {
    const body = JSON.stringify({ clientId: 'GID_XXX@@@XXXXX', time: 1700000000123, eventType: 'tcpclean', channelId: '2b9b1281046046fafe5e0b458e4f553' });
    expect(recognizePresence('GID_XXX_MQTT', body)).toEqual([
      { clientId: 'GID_XXX@@@XXXXX', time: 1700000000123, type: 'tcpclean', channelId: '2b9b1281046046fafe5e0b458e4f553', source: 'mq' },
    ]);
  });

  it('MQ for IoT event with the type only in the MQ tag, and a seconds epoch as in the doc example', () => {
    const body = JSON.stringify({ clientId: 'GID_XXX@@@d', time: 1212121212, channelId: 'c' });
    expect(recognizePresence('GID_XXX_MQTT', body, 'connect')).toEqual([
      { clientId: 'GID_XXX@@@d', time: 1212121212000, type: 'connect', channelId: 'c', source: 'mq' },
    ]);
  });

  it('MQ for IoT event body on any topic (forwarded over AMQP or a bridge)', () => {
    const body = JSON.stringify({ clientId: 'GID_a@@@d1', time: '1000', eventType: 'CONNECT', channelId: 'ch1' });
    expect(recognizePresence('some/forward', body)).toEqual([{ clientId: 'GID_a@@@d1', time: 1000, type: 'connect', channelId: 'ch1', source: 'mq' }]);
  });

  it('IoT Platform status message: Beijing-time text converts as the seed example (10:02:28.195 → 02:02:28.195Z)', () => {
    const body = JSON.stringify({
      status: 'online',
      iotId: 'x',
      productKey: 'a1pk',
      deviceName: 'dev',
      time: '2018-08-31 10:02:28.195',
      lastTime: '2018-08-31 10:02:28.100',
      clientIp: '192.0.2.1',
    });
    expect(recognizePresence('/as/mqtt/status/a1pk/dev', body)).toEqual([
      { clientId: 'a1pk/dev', time: 1535680948195, type: 'status', status: 'online', source: 'iot', detail: '192.0.2.1' },
    ]);
  });

  it('IoT Platform status: utcTime wins over the local text, keys may come from the topic', () => {
    const body = JSON.stringify({ status: 'offline', time: '2018-08-31 10:01:28.195', utcTime: '2018-08-31T02:01:28.195Z' });
    expect(recognizePresence('/as/mqtt/status/pk2/dn2', body)).toEqual([
      { clientId: 'pk2/dn2', time: 1535680888195, type: 'status', status: 'offline', source: 'iot' },
    ]);
  });

  it('Huawei IoTDA device status notification', () => {
    const body = JSON.stringify({
      resource: 'device.status',
      event: 'update',
      event_time: '20240101T000010Z',
      notify_data: { header: { device_id: 'prod_dev1', product_id: 'prod' }, body: { status: 'ABNORMAL', last_online_time: '20240101T000000Z' } },
    });
    expect(recognizePresence('forward/topic', body)).toEqual([
      {
        clientId: 'prod_dev1',
        time: Date.UTC(2024, 0, 1, 0, 0, 10),
        type: 'status',
        status: 'offline',
        offline: 'abnormal',
        detail: 'ABNORMAL',
        source: 'huawei',
      },
    ]);
  });

  it('normalised events, arrays and query answers', () => {
    expect(recognizePresence('', '[{"clientId":"a","time":1,"type":"status","status":"online"},{"clientId":"b","time":2,"online":2}]')).toEqual([
      { clientId: 'a', time: 1, type: 'status', status: 'online' },
      { clientId: 'b', time: 2, type: 'query', online: 2, source: 'query' },
    ]);
  });

  it('returns null for anything else, never throws', () => {
    expect(recognizePresence('t', 'hello')).toBeNull();
    expect(recognizePresence('t', '{bad json')).toBeNull();
    expect(recognizePresence('t', '{"temperature": 21}')).toBeNull();
    expect(recognizePresence('GID_XXX_MQTT', '{"clientId":"x","eventType":"connect"}')).toBeNull();
    expect(recognizePresence('/as/mqtt/status/a/b', '{"status":"weird","time":1}')).toBeNull();
    expect(recognizePresence('t', '')).toBeNull();
  });

  it('topic names', () => {
    expect(isPresenceTopic('GID_abc_MQTT')).toBe(true);
    expect(isPresenceTopic('/as/mqtt/status/pk/dn')).toBe(true);
    expect(isPresenceTopic('sensors/1')).toBe(false);
  });

  it('time parsing', () => {
    expect(parsePresenceTime('2024-01-01 08:00:00.000', 8 * 3600_000)).toBe(Date.UTC(2024, 0, 1));
    expect(parsePresenceTime('2024-01-01T08:00:00+08:00')).toBe(Date.UTC(2024, 0, 1));
    expect(parsePresenceTime('nonsense')).toBeUndefined();
    expect(parsePresenceTime(null)).toBeUndefined();
  });
});

// The substring hints auto-detection used before mayCarryPresence: whatever they let through and the recognisers
// read must still be let through.
const OLD_HINTS = ['eventType', '"status"', 'device.status', '"online"', 'EventType'];
function oldHintsAccept(text: string): boolean {
  const t = text.replace(/^[ \n\r\t]+/, '');
  return (t[0] === '{' || t[0] === '[') && OLD_HINTS.some((h) => text.includes(h));
}
const bytes = (s: string) => new TextEncoder().encode(s);
/** JSON text with every key written as \u escapes (legal JSON that a byte scan for key names cannot see). */
function escapeKeys(text: string): string {
  return text.replace(/"([A-Za-z_.]+)":/g, (_, k: string) => `"${[...k].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}":`);
}

describe('mayCarryPresence (auto-detection pre-filter)', () => {
  const presenceBodies = [
    { clientId: 'GID_a@@@d1', time: '1000', eventType: 'CONNECT', channelId: 'ch1' },
    { ClientId: 'GID_a@@@d1', Time: 1000, EventType: 'tcpclean' },
    { status: 'online', productKey: 'a1pk', deviceName: 'dev', time: '2018-08-31 10:02:28.195' },
    { status: 'offline', productKey: 'a1pk', deviceName: 'dev', utcTime: '2018-08-31T02:02:28.195Z' },
    { clientId: 'n', time: 1, type: 'status', status: 'offline' },
    { resource: 'device.status', event: 'update', event_time: '20240101T000010Z', notify_data: { header: { device_id: 'd' }, body: { status: 'ONLINE' } } },
    { clientId: 'a', time: 1, type: 'status', status: 'online' },
    { clientId: 'b', time: 2, online: 2 },
    [{ x: 1 }, { clientId: 'a', time: 1, type: 'status', status: 'offline' }],
  ];

  it('lets through every presence shape auto-detection reads, also with spaces and arrays', () => {
    for (const body of presenceBodies) {
      for (const text of [JSON.stringify(body), ` \n${JSON.stringify(body, null, 2)}`]) {
        expect(recognizePresence('fwd/x', text), text).not.toBeNull();
        expect(mayCarryPresence(bytes(text)), text).toBe(true);
      }
    }
  });

  it('with \\u-escaped keys it lets through what the earlier hints did (they see values such as "status")', () => {
    let accepted = 0;
    for (const body of presenceBodies) {
      const text = escapeKeys(JSON.stringify(body));
      expect(recognizePresence('fwd/x', text), text).not.toBeNull();
      if (oldHintsAccept(text)) {
        expect(mayCarryPresence(bytes(text)), text).toBe(true);
        accepted++;
      }
    }
    // the IoTDA body ("device.status" is a value) and the normalised status event ("status" value)
    expect(accepted).toBeGreaterThanOrEqual(2);
  });

  it('a normalised event the earlier hints let through only by a word in a value is still let through', () => {
    const text = '{"clientId":"c","time":5,"type":"connect","detail":"saw eventType"}';
    expect(recognizePresence('fwd/x', text)).not.toBeNull();
    expect(mayCarryPresence(bytes(text))).toBe(true);
  });

  it('rejects telemetry without parsing it, even with a "status" field', () => {
    const plain = '{"deviceId":"dev-00001","seq":1,"temp":20.10,"hum":41,"kpa":101.3,"ts":1700000000001}';
    const withStatus = '{"deviceId":"dev-00001","seq":1,"temp":20.10,"hum":41,"status":"ok","ts":1700000000001}';
    for (const t of [plain, withStatus, 'status online', '', '"status"', `{"status":"online","x":"${'y'.repeat(300_000)}"}`]) {
      expect(mayCarryPresence(bytes(t)), t.slice(0, 80)).toBe(false);
    }
    expect(oldHintsAccept(withStatus)).toBe(true);
  });

  it('never rejects what the earlier hints let through and the recognisers read (random JSON)', () => {
    const key = fc.constantFrom(
      'clientId',
      'ClientId',
      'clientID',
      'resource',
      'time',
      'Time',
      'timestamp',
      'utcTime',
      'type',
      'eventType',
      'EventType',
      'channelId',
      'status',
      'productKey',
      'deviceName',
      'online',
      'notify_data',
      'event_time',
      'detail',
      'temp',
      'deviceId',
      'kpa',
    );
    const value = fc.oneof(
      fc.constantFrom(
        'connect',
        'disconnect',
        'tcpclean',
        'status',
        'query',
        'online',
        'offline',
        'ONLINE',
        'device.status',
        'x eventType',
        'GID_a@@@d',
        'pk',
        '\u00e9',
      ),
      fc.integer({ min: 0, max: 2_000_000_000_000 }),
      fc.constant({ header: { device_id: 'd1' }, body: { status: 'OFFLINE' } }),
    );
    // presence shapes with keys added, overwritten or dropped at random, and random objects of the same keys
    const shaped = fc
      .tuple(
        fc.constantFrom(...presenceBodies.filter((b) => !Array.isArray(b)), { clientId: 'c', time: 5, type: 'connect', channelId: 'x' }),
        fc.dictionary(key, value, { maxKeys: 3 }),
        fc.array(key, { maxLength: 2 }),
      )
      .map(([base, extra, drop]) => {
        const o: Record<string, unknown> = { ...(base as Record<string, unknown>), ...extra };
        for (const k of drop) delete o[k];
        return o;
      });
    const obj = fc.oneof(shaped, fc.dictionary(key, value, { maxKeys: 7 }));
    const body = fc.oneof(obj, fc.array(obj, { minLength: 1, maxLength: 3 }));
    let presence = 0;
    fc.assert(
      fc.property(body, fc.boolean(), fc.boolean(), (b, pretty, escaped) => {
        let text = pretty ? JSON.stringify(b, null, 1) : JSON.stringify(b);
        if (escaped) text = escapeKeys(text);
        if (oldHintsAccept(text) && recognizePresence('fwd/x', text)) {
          presence++;
          expect(mayCarryPresence(bytes(text)), text).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
    // the generator must reach presence bodies often enough for the property to mean something
    expect(presence).toBeGreaterThan(300);
  });
});
