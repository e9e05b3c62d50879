import fc from 'fast-check';
import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { PublishFastPath, type FastPublish } from './mqtt-publish-fast-path';

type Spec =
  | { cmd: 'publish'; qos: 0 | 1 | 2; topic: string; payload: Buffer; retain: boolean; dup: boolean; messageId: number }
  | { cmd: 'puback' | 'pubrec' | 'pubrel' | 'pubcomp'; messageId: number }
  | { cmd: 'pingresp' }
  | { cmd: 'suback'; messageId: number; granted: number[] };

const publish = fc.record({
  cmd: fc.constant('publish' as const),
  qos: fc.constantFrom(0 as const, 0 as const, 0 as const, 1 as const, 2 as const),
  topic: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  // Sizes around the remaining-length byte boundaries (127, 16383) and one over a socket chunk.
  // (A pattern from a seed, not an arbitrary byte array: shrinking a failure stays quick.)
  payload: fc
    .tuple(fc.oneof(fc.nat({ max: 300 }), fc.integer({ min: 16_000, max: 17_000 }), fc.constant(70_000)), fc.nat({ max: 255 }))
    .map(([n, seed]) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff))),
  retain: fc.boolean(),
  dup: fc.boolean(),
  messageId: fc.integer({ min: 1, max: 65535 }),
});
const other = fc.oneof(
  fc.record({
    cmd: fc.constantFrom('puback' as const, 'pubrec' as const, 'pubrel' as const, 'pubcomp' as const),
    messageId: fc.integer({ min: 1, max: 65535 }),
  }),
  fc.constant({ cmd: 'pingresp' as const }),
  fc.record({
    cmd: fc.constant('suback' as const),
    messageId: fc.integer({ min: 1, max: 65535 }),
    granted: fc.array(fc.constantFrom(0, 1, 2, 128), { minLength: 1, maxLength: 3 }),
  }),
);
const packets = fc.array(fc.oneof({ weight: 4, arbitrary: publish }, { weight: 1, arbitrary: other }), { minLength: 1, maxLength: 40 });

const bytesOf = (p: Spec): Buffer => {
  const q = p.cmd === 'publish' && p.qos === 0 ? { ...p, messageId: undefined } : p;
  return mqttPacket.generate(q as unknown as mqttPacket.Packet, { protocolVersion: 4 });
};

/** What the list would show, in order: publishes as topic+payload+flags, other packets by command. */
const seen = (p: { cmd: string; topic?: string; payload?: Buffer | string; qos?: number; retain?: boolean; dup?: boolean }) =>
  p.cmd === 'publish' ? `publish q${p.qos} r${p.retain ? 1 : 0} d${p.dup ? 1 : 0} ${p.topic} ${Buffer.from(p.payload ?? '').toString('hex')}` : p.cmd;

/**
 * Runs a byte stream split at `cuts` through the fast path, with a real mqtt-packet parser standing in for
 * mqtt.js: packets it parses are "handled" at once or, like mqtt.js's nextTick queue, only at the next turn.
 */
function run(stream: Buffer, cuts: number[], deferEvery: number, perTurn = Infinity) {
  const out: string[] = [];
  const fastOnes: FastPublish[] = [];
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  const queued: mqttPacket.Packet[] = [];
  let n = 0;
  const handle = (p: mqttPacket.Packet) => {
    fast.handled();
    out.push(seen(p as never));
  };
  parser.on('packet', (p: mqttPacket.Packet) => {
    if (deferEvery > 0 && n++ % deferEvery === 0) queued.push(p);
    else if (queued.length) queued.push(p);
    else handle(p);
  });
  const fast = new PublishFastPath(
    (p) => {
      fastOnes.push(p);
      out.push(seen({ cmd: 'publish', ...p }));
    },
    (bytes) => {
      parser.parse(Buffer.from(bytes));
      return true;
    },
  );
  let at = 0;
  for (const cut of [...cuts.filter((c) => c > 0 && c < stream.length).sort((a, b) => a - b), stream.length]) {
    if (cut <= at) continue;
    fast.push(stream.subarray(at, cut));
    at = cut;
    // The next turn: mqtt.js works off what it holds (or, slower than the socket, only part of it).
    for (let k = 0; k < perTurn && queued.length; k++) handle(queued.shift()!);
  }
  while (queued.length) handle(queued.shift()!);
  return { out, fastOnes };
}

describe('MQTT 3.1.1 QoS 0/1 PUBLISH fast path', () => {
  it('delivers every packet once, in stream order, whatever the chunking and however late mqtt.js handles its share', () => {
    fc.assert(
      fc.property(
        packets,
        fc.array(fc.nat({ max: 200_000 }), { maxLength: 30 }),
        fc.nat({ max: 3 }),
        fc.nat({ max: 3 }),
        (specs, cuts, deferEvery, perTurn) => {
          const stream = Buffer.concat(specs.map(bytesOf));
          const { out, fastOnes } = run(stream, cuts, deferEvery, perTurn);
          expect(out).toEqual(specs.map((p) => seen(p as never)));
          // Only QoS 0 and 1 PUBLISHes ever take the fast path; a QoS 1 one with its packet identifier (for the PUBACK).
          const eligible = specs.flatMap((p) => (p.cmd === 'publish' && p.qos < 2 ? [p] : []));
          expect(fastOnes.length).toBeLessThanOrEqual(eligible.length);
          const ids = new Map(eligible.map((p) => [`${p.topic} ${p.payload.toString('hex')}`, p.qos === 1 ? p.messageId : undefined]));
          for (const f of fastOnes) expect(f.messageId).toBe(ids.get(`${f.topic} ${f.payload.toString('hex')}`));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('takes a QoS 0 stream (the drain) entirely off mqtt.js, payload bytes exact', () => {
    const specs = Array.from({ length: 500 }, (_, i) => ({
      cmd: 'publish' as const,
      qos: 0 as const,
      topic: `d/${i}/温度`,
      payload: Buffer.from(`{"i":${i}}`),
      retain: i % 7 === 0,
      dup: false,
      messageId: 0,
    }));
    const stream = Buffer.concat(specs.map(bytesOf));
    const cuts = Array.from({ length: 40 }, (_, k) => Math.floor((stream.length * (k + 1)) / 41) + (k % 3));
    const { out, fastOnes } = run(stream, cuts, 0);
    expect(fastOnes).toHaveLength(500);
    expect(out).toEqual(specs.map((p) => seen(p)));
  });

  it('gives a stream with a malformed remaining length to mqtt.js unchanged from that packet on', () => {
    const good = bytesOf({ cmd: 'publish', qos: 0, topic: 'a', payload: Buffer.from('x'), retain: false, dup: false, messageId: 0 });
    const bad = Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01, 0x00]);
    const through: Buffer[] = [];
    const fastOnes: FastPublish[] = [];
    const fast = new PublishFastPath(
      (p) => fastOnes.push(p),
      (b) => (through.push(Buffer.from(b)), true),
    );
    fast.push(Buffer.concat([good, bad.subarray(0, 3)]));
    fast.push(Buffer.concat([bad.subarray(3), good]));
    expect(fastOnes.map((p) => p.topic)).toEqual(['a']);
    expect(Buffer.concat(through)).toEqual(Buffer.concat([bad, good]));
  });
});
