import type { Duplex, Writable } from 'node:stream';
import type { MqttClient } from 'mqtt';

/** A QoS 0 or 1 PUBLISH taken off the socket before mqtt.js (MQTT 3.1 / 3.1.1: no properties, no topic alias). */
export interface FastPublish {
  qos: 0 | 1;
  /** QoS 1: the packet identifier its PUBACK must carry. */
  messageId?: number;
  topic: string;
  payload: Buffer;
  retain: boolean;
  dup: boolean;
  /** The packet's remaining length (as mqtt-packet reports it in `length`). */
  length: number;
}

/**
 * Splits an MQTT 3.1/3.1.1 byte stream into whole packets. A QoS 0 or QoS 1 PUBLISH goes to `onPublish`
 * straight away when mqtt.js has handled every packet it was given (so arrival order is kept; the caller sends
 * a QoS 1 PUBACK); every other packet, and a PUBLISH that would overtake one mqtt.js still holds, goes to
 * mqtt.js whole (`through`).
 *
 * Why: in a drain of queued telemetry mqtt.js spends ~2.5 µs a message (a state-machine parser over a buffer
 * list, a debug call per step, a nextTick per packet) for what is, for QoS 0, only "emit topic and payload" and,
 * for QoS 1, that plus a 4-byte PUBACK — no state kept by the receiver. Everything with state (QoS 2 and its
 * PUBREC/PUBREL, acks of our own publishes, CONNACK, SUBACK, PING, DISCONNECT) stays with mqtt.js, which sees
 * the same packets in the same order minus those PUBLISHes.
 */
export class PublishFastPath {
  /** Bytes of an incomplete packet kept from earlier chunks. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Packets given to mqtt.js minus those it has handled (its 'packetreceive'). */
  private unhandled = 0;
  /** Off for good after anything unexpected (a malformed length): everything then goes to mqtt.js as it came. */
  private off = false;

  constructor(
    private readonly onPublish: (p: FastPublish) => void,
    /** Gives bytes to mqtt.js; false: it wants no more until it drains. */
    private readonly through: (bytes: Buffer) => boolean,
  ) {}

  /** mqtt.js handled one packet (wire to its 'packetreceive'). */
  handled(): void {
    if (this.unhandled > 0) this.unhandled--;
  }

  /** Takes one chunk from the socket; returns what `through` last answered (false: pause the socket). */
  push(chunk: Buffer): boolean {
    if (this.off) return this.through(chunk);
    let buf = chunk;
    if (this.pendingBytes > 0) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      // Only joined once the packet is whole: a payload over many chunks is copied once, not per chunk.
      const need = packetSize(this.pending[0]!.length >= 5 ? this.pending[0]! : Buffer.concat(this.pending));
      if (need === MALFORMED) return this.giveUp();
      if (need === INCOMPLETE || need > this.pendingBytes) return true;
      buf = Buffer.concat(this.pending, this.pendingBytes);
      this.pending = [];
      this.pendingBytes = 0;
    }
    let pos = 0;
    let runStart = -1; // start of bytes bound for mqtt.js, sent as one write
    let runPackets = 0;
    let ok = true;
    const flushRun = (end: number) => {
      if (runStart < 0) return;
      this.unhandled += runPackets;
      ok = this.through(buf.subarray(runStart, end));
      runStart = -1;
      runPackets = 0;
    };
    while (pos < buf.length) {
      const size = packetSize(buf, pos);
      if (size === MALFORMED) {
        flushRun(pos);
        this.off = true;
        return this.through(buf.subarray(pos));
      }
      if (size === INCOMPLETE || pos + size > buf.length) break;
      const b0 = buf[pos]!;
      // PUBLISH (type 3) with QoS 0 or 1, and nothing of mqtt.js's still to come before it.
      const qos = (b0 >> 1) & 0x03;
      if (b0 >> 4 === 3 && qos < 2 && runStart < 0 && this.unhandled === 0) {
        const header = size - remainingLength(buf, pos);
        const start = pos + header;
        const remaining = size - header;
        const topicLen = remaining >= 2 ? buf.readUInt16BE(start) : -1;
        const body = start + 2 + topicLen + qos * 2; // QoS 1: a packet identifier follows the topic
        if (topicLen >= 0 && body <= pos + size) {
          this.onPublish({
            qos: qos as 0 | 1,
            messageId: qos === 1 ? buf.readUInt16BE(body - 2) : undefined,
            topic: buf.toString('utf8', start + 2, start + 2 + topicLen),
            payload: buf.subarray(body, pos + size),
            retain: (b0 & 0x01) !== 0,
            dup: (b0 & 0x08) !== 0,
            length: remaining,
          });
          pos += size;
          continue;
        }
        // A topic longer than the packet: mqtt.js reports it as it always has.
      }
      if (runStart < 0) runStart = pos;
      runPackets++;
      pos += size;
    }
    flushRun(pos);
    if (pos < buf.length) {
      this.pending = [buf.subarray(pos)];
      this.pendingBytes = buf.length - pos;
    }
    return ok;
  }

  private giveUp(): boolean {
    this.off = true;
    const rest = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    return this.through(rest);
  }
}

const INCOMPLETE = -1;
const MALFORMED = -2;

/** Whole size of the packet at `pos` (fixed header + remaining length), INCOMPLETE or MALFORMED. */
function packetSize(buf: Buffer, pos = 0): number {
  let value = 0;
  let mult = 1;
  for (let i = 1; i <= 4; i++) {
    if (pos + i >= buf.length) return INCOMPLETE;
    const b = buf[pos + i]!;
    value += (b & 0x7f) * mult;
    if ((b & 0x80) === 0) return 1 + i + value;
    mult *= 128;
  }
  return MALFORMED;
}

/** The remaining length of a packet whose size packetSize already found. */
function remainingLength(buf: Buffer, pos: number): number {
  let value = 0;
  let mult = 1;
  for (let i = 1; ; i++) {
    const b = buf[pos + i]!;
    value += (b & 0x7f) * mult;
    if ((b & 0x80) === 0) return value;
    mult *= 128;
  }
}

/**
 * Puts the fast path between a socket and mqtt.js: mqtt.js calls `stream.pipe(writable)` on the stream its
 * stream builder made; this `pipe` feeds the socket's chunks through PublishFastPath instead, with pipe's own
 * backpressure (the socket pauses while mqtt.js's writable is full) and end.
 */
export function pipeThroughFastPath(stream: Duplex, fast: (through: (bytes: Buffer) => boolean) => PublishFastPath): void {
  stream.pipe = (<T extends NodeJS.WritableStream>(dest: T) => {
    const writable = dest as unknown as Writable;
    // Nothing is written once mqtt.js's side has ended (pipe would have unpiped by then).
    const path = fast((bytes) => (writable.writableEnded || writable.destroyed ? true : writable.write(bytes)));
    stream.on('data', (chunk: Buffer | string) => {
      if (!path.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)) {
        stream.pause();
        writable.once('drain', () => stream.resume());
      }
    });
    stream.once('end', () => writable.end());
    return dest;
  }) as typeof stream.pipe;
}

/**
 * Puts the fast path on an mqtt.js client before it connects (each connection's stream, reconnects included):
 * `onPublish` gets every QoS 0/1 PUBLISH the fast path takes and answers whether it took it; a QoS 1 one it took
 * is acknowledged here with its PUBACK (one whole packet per write). Only for MQTT 3.1/3.1.1 over TCP or TLS:
 * the caller decides. False when this mqtt.js has no stream builder to wrap (nothing changed).
 */
export function installPublishFastPath(client: MqttClient, onPublish: (p: FastPublish) => boolean): boolean {
  // (streamBuilder is the constructor's public argument, typed private on the instance.)
  const builder = client as unknown as { streamBuilder?: (c: MqttClient) => Duplex };
  const build = builder.streamBuilder;
  if (typeof build !== 'function') return false;
  let fast: PublishFastPath | null = null;
  builder.streamBuilder = (c) => {
    const stream = build(c);
    const take = (p: FastPublish) => {
      if (!onPublish(p)) return;
      if (p.messageId !== undefined && stream.writable && !stream.destroyed) stream.write(Buffer.from([0x40, 0x02, p.messageId >> 8, p.messageId & 0xff]));
    };
    pipeThroughFastPath(stream, (through) => (fast = new PublishFastPath(take, through)));
    return stream;
  };
  client.on('packetreceive', () => fast?.handled());
  return true;
}
