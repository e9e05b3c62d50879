import protobuf from 'protobufjs';
import { DecodeError, normalizeInteger, type DecodedValue } from './decoded-value';

// Protobuf needs the user's schema: .proto files are parsed into one root (so imports between them resolve),
// and a message type is chosen by its full name.

export interface ProtoFile {
  name: string;
  text: string;
}

export interface ProtoSchema {
  /** Full names of every message type, for the type picker. */
  readonly messageTypes: string[];
  decode(typeName: string, bytes: Uint8Array): DecodedValue;
}

/** A .proto syntax or resolution error, with the file it came from. */
export class ProtoSchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtoSchemaError';
  }
}

export function loadProtoSchema(files: ProtoFile[]): ProtoSchema {
  const root = new protobuf.Root();
  for (const f of files) {
    try {
      protobuf.parse(f.text, root, { keepCase: true });
    } catch (err) {
      throw new ProtoSchemaError(`${f.name}: ${(err as Error).message}`);
    }
  }
  try {
    root.resolveAll();
  } catch (err) {
    throw new ProtoSchemaError((err as Error).message);
  }
  const messageTypes: string[] = [];
  const walk = (ns: protobuf.NamespaceBase) => {
    for (const child of ns.nestedArray) {
      if (child instanceof protobuf.Type) messageTypes.push(child.fullName.replace(/^\./, ''));
      if (child instanceof protobuf.Namespace || child instanceof protobuf.Type) walk(child);
    }
  };
  walk(root);
  return {
    messageTypes,
    decode(typeName, bytes) {
      let type: protobuf.Type;
      try {
        type = root.lookupType(typeName);
      } catch {
        throw new ProtoSchemaError(`no message type "${typeName}" in the schema (known: ${messageTypes.slice(0, 20).join(', ')})`);
      }
      return decodeWithType(type, bytes);
    },
  };
}

export function decodeWithType(type: protobuf.Type, bytes: Uint8Array): DecodedValue {
  let message: protobuf.Message;
  try {
    message = type.decode(bytes);
  } catch (err) {
    throw asDecodeError(err, bytes.length);
  }
  // bytes: String gives base64, which is how decoded bytes are printed anyway; arrays: false keeps the
  // fields in field order (empty repeated fields, like any unset field, are not shown).
  const obj = type.toObject(message, { longs: BigInt, enums: String, bytes: String, defaults: false, arrays: false, oneofs: false });
  return fromProtoObject(obj);
}

/** protobufjs reports "index out of range: 7 + 10 > 12" and the like; the first number is where it stood. */
function asDecodeError(err: unknown, length: number): DecodeError {
  const message = err instanceof Error ? err.message : String(err);
  const m = /index out of range: (\d+)/.exec(message);
  const offset = m ? Number(m[1]) : length;
  return new DecodeError(`not a valid message of this type: ${message}`, offset);
}

function fromProtoObject(v: unknown): DecodedValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return normalizeInteger(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v)) return v.map(fromProtoObject);
  const out: { [key: string]: DecodedValue } = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = fromProtoObject(x);
  return out;
}
