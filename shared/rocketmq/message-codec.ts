/**
 * The stored-message layout a broker returns in a PULL_MESSAGE body (MessageDecoder in RocketMQ 4.x,
 * IPv4 hosts): TOTALSIZE, MAGICCODE, BODYCRC, QUEUEID, FLAG, QUEUEOFFSET, PHYSICALOFFSET, SYSFLAG,
 * BORNTIMESTAMP, BORNHOST, STORETIMESTAMP, STOREHOST, RECONSUMETIMES, PREPAREDTRANSACTIONOFFSET, body,
 * topic, properties. The offset msgId is storeHost + commitLogOffset in upper-case hex.
 */
import { inflatePayload } from '../decoders/compressed-decoder';
import { MessageSysFlag } from './remoting-codes';
import { decodeProperties, encodeProperties } from './message-properties';

export interface StoredMessage {
  topic: string;
  queueId: number;
  queueOffset: number;
  commitLogOffset: number;
  flag: number;
  sysFlag: number;
  bornTimestamp: number;
  /** `a.b.c.d:port` */
  bornHost: string;
  storeTimestamp: number;
  storeHost: string;
  reconsumeTimes: number;
  preparedTransactionOffset: number;
  properties: Record<string, string>;
  /** As stored (deflated when sysFlag has COMPRESSED). */
  body: Uint8Array;
}

export interface DecodedMessage extends StoredMessage {
  msgId: string;
  bodyCrc: number;
  /** The body as the producer meant it (inflated). */
  payload: Uint8Array;
}

const MAGIC = 0xdaa320a7 | 0;
const enc = new TextEncoder();
const dec = new TextDecoder();

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC32 as UtilAll.crc32 computes it (java.util.zip.CRC32, masked to a positive int). */
export function bodyCrc32(b: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return ((c ^ -1) >>> 0) & 0x7fffffff;
}

function hostBytes(host: string): { ip: number[]; port: number } {
  const [addr, port] = host.split(':');
  const ip = (addr ?? '').split('.').map((x) => Number(x) & 0xff);
  while (ip.length < 4) ip.push(0);
  return { ip: ip.slice(0, 4), port: Number(port) || 0 };
}

const hex = (b: Uint8Array) =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();

export function offsetMsgId(storeHost: string, commitLogOffset: number): string {
  const b = new Uint8Array(16);
  const dv = new DataView(b.buffer);
  const h = hostBytes(storeHost);
  b.set(h.ip, 0);
  dv.setInt32(4, h.port);
  dv.setBigInt64(8, BigInt(commitLogOffset));
  return hex(b);
}

export function encodeStoredMessage(m: StoredMessage): Uint8Array {
  const topic = enc.encode(m.topic);
  if (topic.length > 127) throw new Error(`topic "${m.topic}" is longer than 127 bytes`);
  const props = enc.encode(encodeProperties(m.properties));
  if (props.length > 32767) throw new Error('message properties exceed 32767 bytes');
  const size = 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8 + 8 + 8 + 8 + 4 + 8 + 4 + m.body.length + 1 + topic.length + 2 + props.length;
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  let p = 0;
  const i32 = (v: number) => (dv.setInt32(p, v), (p += 4));
  const i64 = (v: number) => (dv.setBigInt64(p, BigInt(v)), (p += 8));
  const host = (s: string) => {
    const h = hostBytes(s);
    out.set(h.ip, p);
    p += 4;
    i32(h.port);
  };
  i32(size);
  i32(MAGIC);
  i32(bodyCrc32(m.body));
  i32(m.queueId);
  i32(m.flag);
  i64(m.queueOffset);
  i64(m.commitLogOffset);
  i32(m.sysFlag);
  i64(m.bornTimestamp);
  host(m.bornHost);
  i64(m.storeTimestamp);
  host(m.storeHost);
  i32(m.reconsumeTimes);
  i64(m.preparedTransactionOffset);
  i32(m.body.length);
  out.set(m.body, p);
  p += m.body.length;
  out[p++] = topic.length;
  out.set(topic, p);
  p += topic.length;
  dv.setInt16(p, props.length);
  p += 2;
  out.set(props, p);
  return out;
}

/** Decodes a pull body (concatenated stored messages). A truncated or corrupt tail throws, naming where. */
export function decodeMessages(buf: Uint8Array): DecodedMessage[] {
  const out: DecodedMessage[] = [];
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let p = 0;
  while (p < buf.length) {
    const start = p;
    if (buf.length - p < 4) throw new Error(`truncated message at byte ${start}`);
    const size = dv.getInt32(p);
    if (size < 90 || start + size > buf.length) throw new Error(`message at byte ${start} declares ${size} bytes; ${buf.length - start} remain`);
    const i32 = () => ((p += 4), dv.getInt32(p - 4));
    const i64 = () => ((p += 8), Number(dv.getBigInt64(p - 8)));
    const host = () => {
      const ip = `${buf[p]}.${buf[p + 1]}.${buf[p + 2]}.${buf[p + 3]}`;
      p += 4;
      return `${ip}:${i32()}`;
    };
    p += 4;
    if (i32() !== MAGIC) throw new Error(`message at byte ${start} has a wrong magic code`);
    const bodyCrc = i32();
    const queueId = i32();
    const flag = i32();
    const queueOffset = i64();
    const commitLogOffset = i64();
    const sysFlag = i32();
    const bornTimestamp = i64();
    const bornHost = host();
    const storeTimestamp = i64();
    const storeHost = host();
    const reconsumeTimes = i32();
    const preparedTransactionOffset = i64();
    const bodyLen = i32();
    if (bodyLen < 0 || p + bodyLen > start + size) throw new Error(`message at byte ${start} has a body length ${bodyLen} beyond its size`);
    const body = buf.slice(p, p + bodyLen);
    p += bodyLen;
    const topicLen = buf[p++];
    const topic = dec.decode(buf.subarray(p, p + topicLen));
    p += topicLen;
    const propLen = dv.getInt16(p);
    p += 2;
    const properties = propLen > 0 ? decodeProperties(dec.decode(buf.subarray(p, p + propLen))) : {};
    p = start + size;
    let payload: Uint8Array = body;
    if ((sysFlag & MessageSysFlag.COMPRESSED) !== 0) {
      try {
        payload = inflatePayload(body, 'zlib');
      } catch {
        // Corrupt or above the inflate limit: shown as stored, so the inspector is still byte-exact about what arrived.
        payload = body;
      }
    }
    out.push({
      topic,
      queueId,
      queueOffset,
      commitLogOffset,
      flag,
      sysFlag,
      bornTimestamp,
      bornHost,
      storeTimestamp,
      storeHost,
      reconsumeTimes,
      preparedTransactionOffset,
      properties,
      body,
      payload,
      bodyCrc,
      msgId: offsetMsgId(storeHost, commitLogOffset),
    });
  }
  return out;
}
