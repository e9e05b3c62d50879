import { Duplex } from 'node:stream';

/**
 * A pass-through stream in front of a broker connection that sees every MQTT packet the moment it
 * arrives. aedes reads a socket in batches and waits for pending hooks before reading on, so only a tap
 * can tell that a SUBSCRIBE was sent before the token's PUBACK went out. It also implements "stall":
 * traffic both ways is held for a while, as on a frozen TCP path.
 */
export interface TappedPacket {
  /** MQTT control packet type (1 CONNECT, 3 PUBLISH, 8 SUBSCRIBE, 14 DISCONNECT...). */
  type: number;
  topic?: string;
  /** CONNECT: whether a password was sent. */
  hasPassword?: boolean;
  /** CONNECT: the client identifier. */
  clientId?: string;
}

export class MqttTap extends Duplex {
  private buf: Buffer = Buffer.alloc(0);
  private stalledUntil = 0;
  private heldIn: Buffer[] = [];
  private heldOut: { chunk: Buffer; cb: (err?: Error | null) => void }[] = [];
  private stallTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly inner: Duplex,
    private readonly onPacket: (p: TappedPacket) => void,
  ) {
    super();
    inner.on('data', (chunk: Buffer) => {
      if (this.isStalled()) {
        this.heldIn.push(chunk);
        return;
      }
      this.inspect(chunk);
      this.push(chunk);
    });
    inner.on('end', () => this.push(null));
    inner.on('error', (err) => this.destroy(err));
    inner.on('close', () => {
      if (!this.destroyed) this.destroy();
    });
  }

  /** Holds traffic in both directions for `ms` (the peer sees a silent connection). */
  stall(ms: number): void {
    this.stalledUntil = Date.now() + ms;
    clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => this.release(), ms);
  }

  private isStalled(): boolean {
    return Date.now() < this.stalledUntil;
  }

  private release(): void {
    this.stalledUntil = 0;
    const inn = this.heldIn;
    const out = this.heldOut;
    this.heldIn = [];
    this.heldOut = [];
    for (const c of inn) {
      this.inspect(c);
      this.push(c);
    }
    for (const o of out) this.inner.write(o.chunk, o.cb);
  }

  override _read(): void {
    // flow is driven by the inner stream's 'data' events
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.isStalled()) {
      this.heldOut.push({ chunk, cb });
      return;
    }
    this.inner.write(chunk, cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.inner.end();
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    clearTimeout(this.stallTimer);
    this.inner.destroy();
    cb(err);
  }

  private inspect(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      if (this.buf.length < 2) return;
      let mult = 1;
      let len = 0;
      let i = 1;
      for (;;) {
        if (i >= this.buf.length) return;
        const b = this.buf[i++];
        len += (b & 0x7f) * mult;
        mult *= 128;
        if ((b & 0x80) === 0) break;
        if (i > 4) {
          this.buf = Buffer.alloc(0); // malformed: let the broker's parser report it
          return;
        }
      }
      if (this.buf.length < i + len) return;
      const type = this.buf[0] >> 4;
      const body = this.buf.subarray(i, i + len);
      this.buf = this.buf.subarray(i + len);
      try {
        this.onPacket(describe(type, body));
      } catch {
        // a tap must never break the connection
      }
    }
  }
}

function str(body: Buffer, at: number): [string, number] | undefined {
  if (body.length < at + 2) return undefined;
  const n = body.readUInt16BE(at);
  if (body.length < at + 2 + n) return undefined;
  return [body.subarray(at + 2, at + 2 + n).toString('utf8'), at + 2 + n];
}

function describe(type: number, body: Buffer): TappedPacket {
  if (type === 3) return { type, topic: str(body, 0)?.[0] };
  if (type === 8) return { type, topic: str(body, 2)?.[0] };
  if (type === 1) {
    const name = str(body, 0);
    if (!name) return { type };
    const flags = body[name[1] + 1];
    const id = str(body, name[1] + 4);
    return { type, hasPassword: (flags & 0x40) !== 0, clientId: id?.[0] };
  }
  return { type };
}
