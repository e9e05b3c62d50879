import net from 'node:net';

export interface RawReply {
  /** The status code of the first response line, or null when the server closed without answering. */
  status: number | null;
  /** Everything the server sent (headers and body). */
  text: string;
  /** The connection ended with a reset (ECONNRESET/EPIPE) rather than an answer. */
  reset: boolean;
}

/**
 * Sends bytes exactly as given (no client-side URL or header validation, which is the point) and reads
 * what comes back until the server closes or `idleMs` passes without data (a generous liveness bound).
 */
export function rawRequest(port: number, bytes: Buffer | string, idleMs = 3000): Promise<RawReply> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let reset = false;
    const s = net.connect({ port, host: '127.0.0.1' });
    let timer = setTimeout(() => s.destroy(), idleMs);
    const finish = () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : null, text, reset });
    };
    s.on('data', (d) => {
      chunks.push(d);
      clearTimeout(timer);
      timer = setTimeout(() => s.destroy(), idleMs);
      // One response is all we ask for: stop at the end of a Content-Length body.
      const text = Buffer.concat(chunks).toString('latin1');
      const head = text.indexOf('\r\n\r\n');
      const len = /\r\ncontent-length: (\d+)/i.exec(text.slice(0, head));
      if (head >= 0 && len && Buffer.byteLength(text.slice(head + 4), 'latin1') >= Number(len[1])) s.destroy();
    });
    s.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') reset = true;
    });
    s.on('close', finish);
    s.write(bytes);
  });
}

/** The body of a raw reply (after the header block), parsed as JSON. */
export function replyJson(reply: RawReply): unknown {
  const head = reply.text.indexOf('\r\n\r\n');
  let body = reply.text.slice(head + 4);
  if (/\r\ntransfer-encoding: chunked/i.test(reply.text.slice(0, head))) {
    let out = '';
    for (;;) {
      const eol = body.indexOf('\r\n');
      const size = parseInt(body.slice(0, eol), 16);
      if (!size) break;
      out += body.slice(eol + 2, eol + 2 + size);
      body = body.slice(eol + 2 + size + 2);
    }
    body = out;
  }
  return JSON.parse(Buffer.from(body, 'latin1').toString('utf8'));
}

/** A small deterministic PRNG (mulberry32), so a fuzz run is the same run every time. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
