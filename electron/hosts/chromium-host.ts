import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Backend } from '../services/backend';
import { readBody } from '../services/core/http-server-io';
import { CONTENT_SECURITY_POLICY } from './csp';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Past this much unsent event data the page is not reading: its socket is closed (it reconnects). */
const MAX_BUFFERED_EVENT_BYTES = 32 * 1024 * 1024;

export interface ChromiumHost {
  /** The URL to open, token included (in the fragment, so it never reaches a log or a Referer). */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

export interface ChromiumHostOptions {
  backend: Backend;
  rendererDir: string;
  port?: number;
}

/**
 * Serves the renderer on 127.0.0.1 and carries the same contract as Electron IPC: POST /rpc for calls,
 * a WebSocket for events. Both need the per-run token and our own Origin, so another local page or
 * process cannot drive the backend.
 */
export async function startChromiumHost(opts: ChromiumHostOptions): Promise<ChromiumHost> {
  const token = crypto.randomBytes(24).toString('base64url');
  const tokenBuf = Buffer.from(token);
  const rendererDir = path.resolve(opts.rendererDir);
  let origin = '';

  const tokenOk = (candidate: string | undefined) => {
    if (!candidate) return false;
    const b = Buffer.from(candidate);
    return b.length === tokenBuf.length && crypto.timingSafeEqual(b, tokenBuf);
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', origin || 'http://127.0.0.1');
    if (url.pathname === '/rpc') {
      if (req.method !== 'POST') return send(res, 405, 'method not allowed');
      if (req.headers.origin !== origin) return send(res, 403, 'bad origin');
      const auth = req.headers.authorization?.replace(/^Bearer /, '');
      if (!tokenOk(auth)) return send(res, 401, 'bad token');
      const body = await readBody(req, 64 * 1024 * 1024).catch(() => null);
      if (body === null) return send(res, 413, 'request too large');
      let parsed: { name?: unknown; input?: unknown };
      try {
        parsed = JSON.parse(body) as { name?: unknown; input?: unknown };
      } catch {
        return send(res, 400, 'bad json');
      }
      const result = await opts.backend.dispatch(parsed.name, parsed.input);
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(result));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
    let rel = decodeURIComponent(url.pathname);
    if (rel === '/' || rel === '') rel = '/index.html';
    const file = path.resolve(rendererDir, `.${rel}`);
    if (!file.startsWith(rendererDir + path.sep)) return send(res, 403, 'forbidden');
    fs.readFile(file, (err, data) => {
      if (err) return send(res, 404, 'not found');
      res.writeHead(200, {
        'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'cache-control': rel === '/index.html' ? 'no-store' : 'max-age=3600',
      });
      res.end(data);
    });
  });

  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    const protocols = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((s) => s.trim());
    const offered = protocols.find((p) => p.startsWith('fieldscope.'))?.slice('fieldscope.'.length);
    if (url.pathname !== '/events' || req.headers.origin !== origin || !tokenOk(offered)) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
    });
  });
  wss.on('headers', () => undefined);

  const unsubscribe = opts.backend.events.onAny((name, payload) => {
    if (sockets.size === 0) return;
    const text = JSON.stringify([name, payload]);
    for (const ws of sockets) {
      // Inspector rows are paced by acknowledgements (messages.viewport), so a socket only backs up when the
      // page stopped reading altogether. Never skip an event silently: close the socket so the page notices,
      // reconnects and states its views again (main answers with their current rows).
      if (ws.bufferedAmount > MAX_BUFFERED_EVENT_BYTES) {
        ws.close(1013, 'events backed up: reconnect and resubscribe');
        sockets.delete(ws);
        continue;
      }
      ws.send(text);
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function send(res: http.ServerResponse, code: number, text: string) {
  res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
