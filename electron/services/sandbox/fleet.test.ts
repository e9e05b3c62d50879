/**
 * A seed reproduces the fleet's traffic exactly: two fleets with the same seed on manual clocks send the same
 * calls to their faces, byte for byte; another seed sends different ones. (What the fleet sends through the
 * real faces is test/sandbox/fleet.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../test/support/manual-clock';
import { FaultState } from './fault-state';
import { Fleet, type FleetFaces } from './fleet';
import type { SandboxClock } from './sandbox-clock';
import { resolveConfig } from './sandbox-config';
import { SandboxRecord } from './sandbox-record';

function run(seed: number, ms: number): string[] {
  const calls: string[] = [];
  const clock = new ManualClock(1_700_000_000_000);
  const cfg = resolveConfig({
    seed,
    amqp: { outOfOrderRate: 0.3, duplicateRate: 0.2 },
    fleet: {
      enabled: true,
      devices: 5,
      telemetryIntervalMs: 100,
      simPushIntervalMs: 40,
      taobaoIntervalMs: 40,
      statusIntervalMs: 150,
      offlineRate: 0.2,
      flapRate: 0.05,
    },
  });
  const faces = {
    mq: {
      syntheticOnline: new Map<string, number>(),
      publish: (topic: string, payload: Buffer, qos: number) => calls.push(`mq ${topic} q${qos} ${payload.toString('hex')}`),
      presence: (...a: unknown[]) => calls.push(`presence ${JSON.stringify(a)}`),
    },
    amqp: {
      push: (item: unknown) =>
        calls.push(
          `amqp ${JSON.stringify(item, (_k, v: unknown) => (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' ? Buffer.from((v as { data: number[] }).data).toString('hex') : v))}`,
        ),
    },
    huawei: { push: (item: unknown) => calls.push(`huawei ${JSON.stringify(item)}`) },
  } as unknown as FleetFaces;
  const sandboxClock = { now: () => clock.now(), offsetMs: 0, shift: () => 0 } as unknown as SandboxClock;
  const fleet = new Fleet(cfg, sandboxClock, new SandboxRecord(), new FaultState(cfg.amqp.redeliveryDelayMs), faces, clock);
  fleet.start();
  clock.advance(ms);
  fleet.stop();
  expect(clock.timers).toBe(0);
  return calls;
}

describe('sandbox fleet (manual clock)', () => {
  it('sends exactly the same traffic for the same seed, and other traffic for another seed', () => {
    const a = run(42, 3000);
    const b = run(42, 3000);
    const c = run(43, 3000);
    expect(a.filter((x) => x.startsWith('mq ')).length).toBeGreaterThan(40);
    expect(a.some((x) => x.startsWith('amqp '))).toBe(true);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
});
