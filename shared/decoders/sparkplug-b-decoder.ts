import { type DecodedValue } from './decoded-value';
import { loadProtoSchema, type ProtoSchema } from './protobuf-decoder';
import { SPARKPLUG_B_PROTO } from './sparkplug-b-schema';

export const SPARKPLUG_B_PAYLOAD_TYPE = 'org.eclipse.tahu.protobuf.Payload';

let schema: ProtoSchema | null = null;

/** Sparkplug B (spBv1.0/...) payloads, decoded with the bundled schema. */
export function decodeSparkplugB(bytes: Uint8Array): DecodedValue {
  schema ??= loadProtoSchema([{ name: 'sparkplug_b.proto', text: SPARKPLUG_B_PROTO }]);
  return schema.decode(SPARKPLUG_B_PAYLOAD_TYPE, bytes);
}

/** Sparkplug B topics: spBv1.0/<group>/<NBIRTH|NDATA|DBIRTH|...>/<edge node>[/<device>]. */
export function isSparkplugBTopic(topic: string): boolean {
  return /^spBv1\.0\/[^/]+\/(NBIRTH|NDEATH|DBIRTH|DDEATH|NDATA|DDATA|NCMD|DCMD)\/[^/]+(\/[^/]+)?$/.test(topic) || topic.startsWith('spBv1.0/STATE/');
}
