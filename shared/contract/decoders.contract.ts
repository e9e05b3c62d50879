import { z } from 'zod';
import { Ok, method } from './define';

export const DecoderKind = z.enum(['protobuf', 'msgpack', 'cbor', 'sparkplug', 'compressed-json', 'js-transform']);
export type DecoderKind = z.infer<typeof DecoderKind>;

/** A payload decoder chosen for a topic filter, remembered across restarts. */
export const DecoderRule = z.object({
  topicFilter: z.string().min(1),
  decoder: DecoderKind,
  /** protobuf: the .proto files (read by main when decoding) and the message type. */
  protoFiles: z.array(z.string()).max(50).optional(),
  typeName: z.string().optional(),
  /** js-transform: the body of `function (payload, topic) { ... }`, run in a worker with a time limit. */
  script: z.string().max(100_000).optional(),
});
export type DecoderRule = z.infer<typeof DecoderRule>;

export const DecodeResult = z.object({
  decoder: DecoderKind,
  /** The rule that chose it, or null when the decoder was picked from the topic or the bytes. */
  topicFilter: z.string().nullable(),
  ok: z.boolean(),
  /** Exact JSON of the decoded value (integers with all their digits, bytes as base64). */
  json: z.string().optional(),
  error: z.string().optional(),
  /** Where the bytes stopped making sense, when the decoder knows. */
  offset: z.number().optional(),
});
export type DecodeResult = z.infer<typeof DecodeResult>;

export const decodersMethods = {
  'decoders.rules': method(z.object({}), z.array(DecoderRule)),
  /** Adds or replaces (by topic filter) a rule. */
  'decoders.setRule': method(DecoderRule, Ok),
  'decoders.removeRule': method(z.object({ topicFilter: z.string() }), Ok),
  /** Decodes a stored message with its rule (or `rule` given here, to try one); null when no decoder applies. */
  'decoders.decode': method(z.object({ seq: z.number(), rule: DecoderRule.optional() }), DecodeResult.nullable()),
};

export const decodersEvents = {
  'decoders.changed': z.object({}),
};
