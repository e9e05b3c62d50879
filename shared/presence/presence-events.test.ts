import { describe, expect, it } from 'vitest';
import { isPresenceTopic, parsePresenceTime, recognizePresence } from './presence-events';

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
      { clientId: 'prod_dev1', time: Date.UTC(2024, 0, 1, 0, 0, 10), type: 'status', status: 'offline', offline: 'abnormal', detail: 'ABNORMAL', source: 'huawei' },
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
