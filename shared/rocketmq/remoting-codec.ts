/**
 * The RocketMQ 4.x remoting frame: int32 total length (not counting itself), int32 whose high byte is the
 * serialize type (0 = JSON) and low three bytes the header length, the JSON header
 * {code, language, version, opaque, flag, remark, extFields}, then the body. Pure: Uint8Array in, out.
 */
export interface RemotingCommand {
  code: number;
  language?: string;
  version?: number;
  opaque: number;
  /** bit 0: response; bit 1: oneway. */
  flag: number;
  remark?: string | null;
  extFields?: Record<string, string>;
  body?: Uint8Array;
}

export const FLAG_RESPONSE = 1;
export const FLAG_ONEWAY = 2;
/** Frames above this are refused before they are buffered: a stray peer must not make us allocate gigabytes. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

const enc = new TextEncoder();
const dec = new TextDecoder();

export const isResponse = (c: RemotingCommand): boolean => (c.flag & FLAG_RESPONSE) === FLAG_RESPONSE;
export const isOneway = (c: RemotingCommand): boolean => (c.flag & FLAG_ONEWAY) === FLAG_ONEWAY;

/** extFields as Java sends them: every value a string (ali-ons sends numbers and booleans as JSON). */
export function stringFields(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) if (v !== null && v !== undefined) out[k] = String(v);
  }
  return out;
}

export function encodeCommand(c: RemotingCommand): Uint8Array {
  const header = enc.encode(
    JSON.stringify({
      code: c.code,
      language: c.language ?? 'JAVA',
      version: c.version ?? 0,
      opaque: c.opaque,
      flag: c.flag,
      remark: c.remark ?? null,
      extFields: c.extFields ?? {},
      serializeTypeCurrentRPC: 'JSON',
    }),
  );
  const bodyLen = c.body?.length ?? 0;
  const out = new Uint8Array(8 + header.length + bodyLen);
  const dv = new DataView(out.buffer);
  dv.setInt32(0, 4 + header.length + bodyLen);
  dv.setInt32(4, header.length & 0xffffff);
  out.set(header, 8);
  if (c.body) out.set(c.body, 8 + header.length);
  return out;
}

/** Decodes one frame without its leading length field. Throws a readable error on a malformed frame. */
export function decodeFrame(frame: Uint8Array): RemotingCommand {
  if (frame.length < 4) throw new Error(`remoting frame too short (${frame.length} bytes)`);
  const dv = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const mark = dv.getInt32(0);
  const type = (mark >>> 24) & 0xff;
  const headerLen = mark & 0xffffff;
  if (type !== 0) throw new Error(`remoting header serialize type ${type} (ROCKETMQ binary) is not supported; use JSON`);
  if (4 + headerLen > frame.length) throw new Error(`remoting header length ${headerLen} exceeds the frame (${frame.length} bytes)`);
  let h: Record<string, unknown>;
  try {
    h = JSON.parse(dec.decode(frame.subarray(4, 4 + headerLen))) as Record<string, unknown>;
  } catch {
    throw new Error('remoting header is not JSON');
  }
  if (typeof h.code !== 'number' || typeof h.opaque !== 'number') throw new Error('remoting header lacks a numeric code or opaque');
  const cmd: RemotingCommand = {
    code: h.code,
    opaque: h.opaque,
    flag: typeof h.flag === 'number' ? h.flag : 0,
    extFields: stringFields(h.extFields),
  };
  if (typeof h.language === 'string') cmd.language = h.language;
  if (typeof h.version === 'number') cmd.version = h.version;
  if (typeof h.remark === 'string') cmd.remark = h.remark;
  if (frame.length > 4 + headerLen) cmd.body = frame.slice(4 + headerLen);
  return cmd;
}

/** Splits a byte stream into frames. push() returns the complete frames; a frame above the limit throws. */
export class FrameSplitter {
  private buf = new Uint8Array(0);
  constructor(private readonly maxFrame = MAX_FRAME_BYTES) {}

  push(chunk: Uint8Array): Uint8Array[] {
    const merged = new Uint8Array(this.buf.length + chunk.length);
    merged.set(this.buf);
    merged.set(chunk, this.buf.length);
    const frames: Uint8Array[] = [];
    let pos = 0;
    while (merged.length - pos >= 4) {
      const len = new DataView(merged.buffer, pos, 4).getInt32(0);
      if (len < 4 || len > this.maxFrame) throw new Error(`remoting frame length ${len} is outside 4..${this.maxFrame}`);
      if (merged.length - pos - 4 < len) break;
      frames.push(merged.slice(pos + 4, pos + 4 + len));
      pos += 4 + len;
    }
    this.buf = merged.slice(pos);
    return frames;
  }
}
