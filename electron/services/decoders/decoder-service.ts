import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/contract/define';
import { DecoderRule, type DecodeResult } from '../../../shared/contract/decoders.contract';
import { inflatePayload, sniffCompression } from '../../../shared/decoders/compressed-decoder';
import { DecodeError, toExactJson, type DecodedValue } from '../../../shared/decoders/decoded-value';
import { SCHEMALESS_DECODERS } from '../../../shared/decoders/payload-decoders';
import { loadProtoSchema, ProtoSchemaError } from '../../../shared/decoders/protobuf-decoder';
import { isSparkplugBTopic } from '../../../shared/decoders/sparkplug-b-decoder';
import { compileTopicFilter } from '../../../shared/mqtt/topic-filter';
import { decodeUtf8Strict } from '../../../shared/mqtt/utf8';
import { JsonFile } from '../core/json-file';
import type { MessageService } from '../messages/message-service';
import { JsTransformRunner } from './js-transform-runner';

const MAX_PROTO_FILE = 1024 * 1024;
const FileShape = z.object({ format: z.literal('fieldscope-decoders'), version: z.literal(1), rules: z.array(DecoderRule) });
type FileShape = z.infer<typeof FileShape>;

/** Decoders per topic filter (`<dataDir>/decoders.json`), applied to stored messages on request. */
export class DecoderService {
  private readonly json: JsonFile<FileShape>;
  private rules: DecoderRule[];
  private readonly runner = new JsTransformRunner();
  readonly loadProblem: string | undefined;

  constructor(
    dataDir: string,
    private readonly messages: MessageService,
  ) {
    this.json = new JsonFile(path.join(dataDir, 'decoders.json'), (v) => FileShape.parse(v), 'Decoder settings file');
    const { value, problem } = this.json.load();
    this.rules = value?.rules ?? [];
    this.loadProblem = problem;
  }

  list(): DecoderRule[] {
    return [...this.rules];
  }

  setRule(rule: DecoderRule): void {
    try {
      compileTopicFilter(rule.topicFilter);
    } catch (err) {
      throw new AppError('invalid-filter', `The topic filter is not valid: ${(err as Error).message}`);
    }
    if (rule.decoder === 'protobuf' && (!rule.protoFiles?.length || !rule.typeName)) {
      throw new AppError(
        'invalid-decoder',
        'A Protobuf decoder needs at least one .proto file and a message type.',
        'Choose the .proto files and the message type.',
      );
    }
    if (rule.decoder === 'js-transform' && !rule.script?.trim()) throw new AppError('invalid-decoder', 'A JavaScript transform needs a script.');
    this.rules = [...this.rules.filter((r) => r.topicFilter !== rule.topicFilter), rule];
    this.save();
  }

  removeRule(topicFilter: string): void {
    this.rules = this.rules.filter((r) => r.topicFilter !== topicFilter);
    this.save();
  }

  private save(): void {
    this.json.save({ format: 'fieldscope-decoders', version: 1, rules: this.rules });
  }

  /** The rule for a topic: the first whose filter matches, else one picked from the topic or the bytes. */
  private pick(topic: string, payload: Buffer): { rule: DecoderRule; chosen: boolean } | null {
    for (const r of this.rules) {
      try {
        if (compileTopicFilter(r.topicFilter)(topic)) return { rule: r, chosen: true };
      } catch {
        // a rule saved before validation existed: skip it
      }
    }
    if (isSparkplugBTopic(topic)) return { rule: { topicFilter: topic, decoder: 'sparkplug' }, chosen: false };
    if (sniffCompression(payload)) return { rule: { topicFilter: topic, decoder: 'compressed-json' }, chosen: false };
    return null;
  }

  async decode(seq: number, given?: DecoderRule): Promise<DecodeResult | null> {
    const m = this.messages.get(seq);
    if (!m) throw new AppError('no-message', `Message ${seq} is no longer in the store.`);
    const picked = given ? { rule: given, chosen: true } : this.pick(m.topic, m.payload);
    if (!picked) return null;
    const { rule } = picked;
    const base = { decoder: rule.decoder, topicFilter: picked.chosen ? rule.topicFilter : null };
    try {
      const json = await this.run(rule, new Uint8Array(m.payload), m.topic);
      return { ...base, ok: true, json };
    } catch (err) {
      if (err instanceof DecodeError) return { ...base, ok: false, error: err.message, offset: err.offset };
      return { ...base, ok: false, error: (err as Error).message };
    }
  }

  private async run(rule: DecoderRule, bytes: Uint8Array, topic: string): Promise<string> {
    switch (rule.decoder) {
      case 'msgpack':
      case 'cbor':
      case 'sparkplug':
        return toExactJson(SCHEMALESS_DECODERS[rule.decoder](bytes) as DecodedValue);
      case 'protobuf': {
        const files = await Promise.all((rule.protoFiles ?? []).map((f) => readProto(f)));
        try {
          return toExactJson(loadProtoSchema(files).decode(rule.typeName ?? '', bytes));
        } catch (err) {
          if (err instanceof ProtoSchemaError) throw new Error(`The .proto schema: ${err.message}`, { cause: err });
          throw err;
        }
      }
      case 'compressed-json': {
        const text = decodeUtf8Strict(inflatePayload(bytes, sniffCompression(bytes) ?? 'deflate'));
        if (text === null) throw new DecodeError('the inflated bytes are not UTF-8 text', 0);
        return text;
      }
      case 'js-transform': {
        const r = await this.runner.run(rule.script ?? '', bytes, topic);
        if (!r.ok) throw new Error(`The transform failed: ${r.error}`);
        return r.json;
      }
    }
  }

  async dispose(): Promise<void> {
    await this.runner.dispose();
    await this.json.flush();
  }
}

async function readProto(file: string): Promise<{ name: string; text: string }> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (err) {
    throw new Error(`Cannot read the .proto file ${path.basename(file)}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}.`, { cause: err });
  }
  if (!stat.isFile() || stat.size > MAX_PROTO_FILE) throw new Error(`${path.basename(file)} is not a .proto file under 1 MB.`);
  return { name: path.basename(file), text: await fs.readFile(file, 'utf8') };
}
