/**
 * The CLI's reconnect supervision as rules, on a manual clock: the app's backoff (doubling, capped, jitter
 * fixed here), every loss / failed attempt / recovery announced, a give-up when the policy says so, and no
 * retry of a refusal a retry cannot fix. The same against a real mosquitto killed 20 times: test/cli-reconnect.
 */
import { EventEmitter } from 'node:events';
import type { MqttClient } from 'mqtt';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../test/support/manual-clock';
import { superviseReconnect, type LinkEvent } from './mqtt-url-reconnect';

class FakeClient extends EventEmitter {
  reconnects: number[] = [];
  constructor(private readonly clock: ManualClock) {
    super();
  }
  reconnect() {
    this.reconnects.push(this.clock.now());
    return this as unknown as MqttClient;
  }
  refusedBy(err: Error & { code?: string | number }) {
    this.emit('error', err);
    this.emit('close');
  }
}

function setup(policy = { enabled: true, initialDelayMs: 100, maxDelayMs: 500, maxAttempts: 0 }) {
  const clock = new ManualClock(0);
  const client = new FakeClient(clock);
  const events: LinkEvent[] = [];
  const gaveUp: string[] = [];
  const stop = superviseReconnect(client as unknown as MqttClient, {
    policy,
    clock,
    random: () => 0.5,
    onEvent: (e) => events.push(e),
    onGiveUp: (why) => gaveUp.push(why),
  });
  return { clock, client, events, gaveUp, stop };
}

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1883'), { code: 'ECONNREFUSED' });

describe('CLI reconnect supervision (manual clock)', () => {
  it('retries with the doubling backoff up to the cap, says each step, and reports the recovery', () => {
    const r = setup();
    r.client.emit('close');
    for (let i = 0; i < 4; i++) {
      r.clock.advance(10_000);
      r.client.refusedBy(refused());
    }
    r.clock.advance(10_000);
    // 100, 200, 400, 500 (capped), 500 ms after each loss or failure.
    expect(r.client.reconnects).toEqual([100, 10_200, 20_400, 30_500, 40_500]);
    expect(r.events.map((e) => e.summary)).toEqual([
      'Connection lost (connection closed by the broker or the network); reconnecting in 0.1 s (attempt 1).',
      'Reconnect attempt 1 failed (connect ECONNREFUSED 127.0.0.1:1883); reconnecting in 0.2 s (attempt 2).',
      'Reconnect attempt 2 failed (connect ECONNREFUSED 127.0.0.1:1883); reconnecting in 0.4 s (attempt 3).',
      'Reconnect attempt 3 failed (connect ECONNREFUSED 127.0.0.1:1883); reconnecting in 0.5 s (attempt 4).',
      'Reconnect attempt 4 failed (connect ECONNREFUSED 127.0.0.1:1883); reconnecting in 0.5 s (attempt 5).',
    ]);
    r.client.emit('connect', { cmd: 'connack', sessionPresent: true, returnCode: 0 });
    expect(r.events.at(-1)).toEqual({ logType: 'connect', summary: 'Reconnected after 5 attempts (50.0 s offline); session kept by the broker.' });
    // The next loss starts again from the first delay.
    r.client.emit('close');
    expect(r.events.at(-1)!.summary).toMatch(/^Connection lost .*reconnecting in 0\.1 s \(attempt 1\)\.$/);
    expect(r.gaveUp).toEqual([]);
    r.stop();
  });

  it('waits exactly the policy delay before each attempt', () => {
    const r = setup();
    r.client.emit('close');
    r.clock.advance(99);
    expect(r.client.reconnects).toEqual([]);
    r.clock.advance(1);
    expect(r.client.reconnects).toEqual([100]);
    r.client.refusedBy(refused());
    r.clock.advance(199);
    expect(r.client.reconnects).toEqual([100]);
    r.clock.advance(1);
    expect(r.client.reconnects).toEqual([100, 300]);
    r.stop();
  });

  it('gives up after maxAttempts failed attempts, or at once with reconnecting off, and says so', () => {
    const r = setup({ enabled: true, initialDelayMs: 100, maxDelayMs: 500, maxAttempts: 2 });
    r.client.emit('close');
    r.clock.advance(100);
    r.client.refusedBy(refused());
    r.clock.advance(200);
    r.client.refusedBy(refused());
    expect(r.events.at(-1)).toEqual({
      logType: 'closed',
      summary: 'Reconnect attempt 2 failed (connect ECONNREFUSED 127.0.0.1:1883); gave up after 2 reconnect attempts.',
    });
    expect(r.gaveUp).toHaveLength(1);
    expect(r.clock.timers).toBe(0);

    const off = setup({ enabled: false, initialDelayMs: 100, maxDelayMs: 500, maxAttempts: 0 });
    off.client.emit('close');
    expect(off.events).toEqual([{ logType: 'closed', summary: 'Connection lost (connection closed by the broker or the network); reconnecting is off.' }]);
    expect(off.gaveUp).toHaveLength(1);
  });

  it('does not retry a refusal a retry cannot fix (bad credentials), but does retry "server unavailable"', () => {
    const r = setup();
    r.client.emit('close');
    r.clock.advance(100);
    r.client.refusedBy(Object.assign(new Error('Connection refused: Not authorized'), { code: 5 }));
    expect(r.events.at(-1)!.logType).toBe('refused');
    expect(r.gaveUp[0]).toMatch(/refused by the broker: Connection refused: Not authorized/);
    expect(r.clock.timers).toBe(0);

    const busy = setup();
    busy.client.emit('close');
    busy.clock.advance(100);
    busy.client.refusedBy(Object.assign(new Error('Connection refused: Server unavailable'), { code: 3 }));
    expect(busy.gaveUp).toEqual([]);
    expect(busy.clock.timers).toBe(1);
    busy.stop();
    expect(busy.clock.timers).toBe(0);
  });
});
