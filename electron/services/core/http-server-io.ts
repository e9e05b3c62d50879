import type http from 'node:http';
import type net from 'node:net';

/** A body past the limit: answered with a structured 413, after the rest of the body was read and dropped. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body too large (over ${limit} bytes)`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * The request/reply plumbing the local HTTP servers (Chromium host, sandbox control API, sandbox token
 * service) share. A body past `limit` bytes is refused with BodyTooLargeError; its rest is read and dropped
 * (not kept) so the client gets the 413 instead of a connection reset, and memory stays bounded.
 */
export function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    let settled = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      if (!tooLarge) chunks.push(c);
    });
    req.on('end', () => {
      settled = true;
      if (tooLarge) reject(new BodyTooLargeError(limit));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (err) => {
      settled = true;
      reject(err);
    });
    req.on('close', () => {
      if (!settled) reject(new Error('the client closed the connection before the body ended'));
    });
  });
}

export function sendJson(res: http.ServerResponse, status: number, json: unknown): void {
  if (res.headersSent) return void res.end();
  const body = JSON.stringify(json);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Listens on a free port of `host`; resolves to the port. */
export async function listenOnFreePort(server: http.Server, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  return (server.address() as net.AddressInfo).port;
}

/** Closes the server and its open (keep-alive) connections, which would otherwise hold close() open. */
export async function closeServer(server: http.Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
}
