/**
 * `fieldscope decode <protobuf|msgpack|cbor|sparkplug>`: one payload's bytes on stdin → its decoded value as JSON
 * on stdout, integers exact (all digits), bytes as base64. Undecodable input: exit 1, reason and byte offset on
 * stderr. Bad usage: exit 2.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { asList, parseArgs, type CliCommand } from '../command';
import { DecodeError, toExactJson, type DecodedValue } from '../../../shared/decoders/decoded-value';
import { isSchemalessDecoder, SCHEMALESS_DECODERS } from '../../../shared/decoders/payload-decoders';
import { loadProtoSchema, ProtoSchemaError } from '../../../shared/decoders/protobuf-decoder';

// A payload larger than any broker carries is refused before it is buffered whole.
const MAX_INPUT_BYTES = 256 * 1024 * 1024;

const usage = `fieldscope decode <protobuf|msgpack|cbor|sparkplug> [--proto FILE ... --type NAME] [--compact]

Reads one payload's bytes on standard input and prints the decoded value as JSON on standard output.
Integers beyond 2^53 are printed exactly (JSON numbers with all their digits); byte strings as base64.

  protobuf     needs --proto FILE (repeatable, for imports) and --type full.message.Name
  msgpack      MessagePack
  cbor         CBOR (RFC 8949); bignum tags become integers
  sparkplug    Sparkplug B payload (bundled schema, org.eclipse.tahu.protobuf.Payload)
  --compact    one line instead of indented JSON

Exit codes: 0 decoded; 1 the input is not valid for that format (reason and byte offset on stderr); 2 usage.
Example: mosquitto_sub -t 'spBv1.0/#' -C 1 -N | fieldscope decode sparkplug`;

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > MAX_INPUT_BYTES) throw new Error(`input over ${MAX_INPUT_BYTES} bytes; refused`);
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

export const decodeCommand: CliCommand = {
  name: 'decode',
  usage,
  async run(args) {
    let format: string | undefined;
    let flags: Record<string, string | boolean | string[]>;
    try {
      const parsed = parseArgs(args, ['compact', 'help']);
      flags = parsed.flags;
      format = parsed.positional[0];
    } catch (err) {
      process.stderr.write(`${(err as Error).message}\n${usage}\n`);
      return 2;
    }
    if (flags.help) {
      process.stdout.write(`${usage}\n`);
      return 0;
    }
    if (!format || (format !== 'protobuf' && !isSchemalessDecoder(format))) {
      process.stderr.write(`Choose a format: protobuf, msgpack, cbor or sparkplug${format ? ` (got "${format}")` : ''}.\n${usage}\n`);
      return 2;
    }
    let decode: (bytes: Uint8Array) => DecodedValue;
    if (format === 'protobuf') {
      const protoFiles = asList(flags.proto);
      const typeName = typeof flags.type === 'string' ? flags.type : undefined;
      if (protoFiles.length === 0 || !typeName) {
        process.stderr.write('protobuf needs --proto FILE (one or more) and --type full.message.Name.\n');
        return 2;
      }
      try {
        const files = await Promise.all(protoFiles.map(async (f) => ({ name: path.basename(f), text: await readFile(f, 'utf8') })));
        const schema = loadProtoSchema(files);
        decode = (bytes) => schema.decode(typeName, bytes);
      } catch (err) {
        const reason =
          err instanceof ProtoSchemaError ? err.message : `cannot read the .proto file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
        process.stderr.write(`${reason}\n`);
        return 2;
      }
    } else decode = SCHEMALESS_DECODERS[format];
    let bytes: Uint8Array;
    try {
      bytes = await readStdin();
    } catch (err) {
      process.stderr.write(`${(err as Error).message}\n`);
      return 1;
    }
    try {
      const value = decode(bytes);
      process.stdout.write(`${toExactJson(value, flags.compact ? 0 : 2)}\n`);
      return 0;
    } catch (err) {
      if (err instanceof DecodeError) {
        process.stderr.write(`Not valid ${format}: ${err.message} (at byte offset ${err.offset} of ${bytes.length})\n`);
        return 1;
      }
      if (err instanceof ProtoSchemaError) {
        process.stderr.write(`${err.message}\n`);
        return 2;
      }
      // Anything else a decoder throws on hostile bytes (e.g. a RangeError) is still the input's fault.
      process.stderr.write(`Not valid ${format}: ${(err as Error).message}\n`);
      return 1;
    }
  },
};
