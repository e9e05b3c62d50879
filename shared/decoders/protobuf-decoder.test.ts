import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, toExactJson } from './decoded-value';
import { loadProtoSchema, ProtoSchemaError } from './protobuf-decoder';
import { decodeSparkplugB, isSparkplugBTopic } from './sparkplug-b-decoder';

// Wire bytes are written by hand from the protobuf encoding rules, so the decoder is not checked against itself.
function varint(n: bigint): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(64, n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return out;
}
const key = (field: number, wire: number) => varint(BigInt((field << 3) | wire));
const ld = (field: number, body: number[]) => [...key(field, 2), ...varint(BigInt(body.length)), ...body];
const str = (s: string) => [...new TextEncoder().encode(s)];
function float32(x: number): number[] {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, x, true);
  return [...b];
}

const files = [
  { name: 'common.proto', text: 'syntax = "proto3"; package acme.common; message Place { string site = 1; }' },
  {
    name: 'telemetry.proto',
    text: `syntax = "proto3"; package acme; import "common.proto";
      enum Mode { IDLE = 0; RUN = 1; }
      message Reading { string device = 1; int64 counter = 2; bytes raw = 3; acme.common.Place place = 4; Mode mode = 5; repeated sint32 deltas = 6; }`,
  },
];

describe('loadProtoSchema / decode', () => {
  const schema = loadProtoSchema(files);

  it('lists message types across files and resolves imports', () => {
    expect(schema.messageTypes).toEqual(expect.arrayContaining(['acme.Reading', 'acme.common.Place']));
  });

  it('decodes a message with an int64 beyond 2^53 exactly, bytes as base64, enums by name', () => {
    const bytes = Uint8Array.from([
      ...ld(1, str('pump-07')),
      ...key(2, 0),
      ...varint(9007199254740993n),
      ...ld(3, [0, 1, 255]),
      ...ld(4, ld(1, str('north'))),
      ...key(5, 0),
      1,
      ...ld(6, [...varint(3n), ...varint(4n)]), // packed sint32: zigzag 3 → -2, 4 → 2
    ]);
    expect(toExactJson(schema.decode('acme.Reading', bytes), 0)).toBe(
      '{"device":"pump-07","counter":9007199254740993,"raw":"AAH/","place":{"site":"north"},"mode":"RUN","deltas":[-2,2]}',
    );
  });

  it('reports truncated bytes as a DecodeError with an offset', () => {
    const bytes = Uint8Array.from([...key(1, 2), 10, ...str('abc')]);
    const err = catch_(() => schema.decode('acme.Reading', bytes));
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as DecodeError).offset).toBeGreaterThan(0);
  });

  it('names an unknown type and a broken .proto file', () => {
    expect(catch_(() => schema.decode('acme.Nope', new Uint8Array()))).toBeInstanceOf(ProtoSchemaError);
    const broken = catch_(() => loadProtoSchema([{ name: 'bad.proto', text: 'message { oops' }]));
    expect(broken).toBeInstanceOf(ProtoSchemaError);
    expect((broken as Error).message).toMatch(/^bad\.proto: /);
  });

  it('never throws anything but a DecodeError on random bytes (fuzz)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        const err = catch_(() => schema.decode('acme.Reading', bytes));
        if (err !== undefined) expect(err).toBeInstanceOf(DecodeError);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('decodeSparkplugB', () => {
  it('decodes an NDATA payload with the bundled schema', () => {
    const metric1 = [...ld(1, str('temp')), ...key(4, 0), 9, ...key(12, 5), ...float32(21.5)];
    const metric2 = [...ld(1, str('counter')), ...key(4, 0), 8, ...key(11, 0), ...varint(18446744073709551615n)];
    const bytes = Uint8Array.from([...key(1, 0), ...varint(1700000000000n), ...ld(2, metric1), ...ld(2, metric2), ...key(3, 0), 3]);
    expect(toExactJson(decodeSparkplugB(bytes), 0)).toBe(
      '{"timestamp":1700000000000,"metrics":[{"name":"temp","datatype":9,"float_value":21.5},{"name":"counter","datatype":8,"long_value":18446744073709551615}],"seq":3}',
    );
  });

  it('recognises Sparkplug B topics', () => {
    expect(isSparkplugBTopic('spBv1.0/plant1/NDATA/edge-7')).toBe(true);
    expect(isSparkplugBTopic('spBv1.0/plant1/DDATA/edge-7/pump')).toBe(true);
    expect(isSparkplugBTopic('spBv1.0/plant1/TELEMETRY/edge-7')).toBe(false);
  });
});

function catch_(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}
