import { decodeCbor } from './cbor-decoder';
import type { DecodedValue } from './decoded-value';
import { decodeMsgpack } from './msgpack-decoder';
import { decodeSparkplugB } from './sparkplug-b-decoder';

/** Decoders that need nothing but the bytes. Protobuf needs a schema: see protobuf-decoder.ts. */
export const SCHEMALESS_DECODERS = {
  msgpack: decodeMsgpack,
  cbor: decodeCbor,
  sparkplug: decodeSparkplugB,
} as const satisfies Record<string, (bytes: Uint8Array) => DecodedValue>;

export type SchemalessDecoderName = keyof typeof SCHEMALESS_DECODERS;

export function isSchemalessDecoder(name: string): name is SchemalessDecoderName {
  return Object.hasOwn(SCHEMALESS_DECODERS, name);
}
