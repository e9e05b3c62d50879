import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { SOCKET_CALLS, socketCallFrom } from '../../shared/contract';
import type { Backend } from '../services/backend';
import type { Duplex } from 'node:stream';
import { BodyTooLargeError, readBody, sendJson } from '../services/core/http-server-io';
import { describeUnexpected, logToStderr, type UnexpectedLog } from '../services/core/unexpected-error';
import { bearerToken, parseRequestTarget, staticFileFor } from './request-target';
import { sameSecret, sessionTokenFrom, StartCodes } from './start-codes';
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
/** The page sends only small `[name, input]` calls on the event socket (SOCKET_CALLS); a bigger frame closes it. */
const MAX_SOCKET_CALL_BYTES = 64 * 1024;

export interface ChromiumHost {
  /**
   * The URL to open: it carries a single-use start code (in the fragment, so it never reaches a log or a
   * Referer), never the session token. The page trades the code for the token on first load.
   */
  url: string;
  origin: string;
  /** The session token (Authorization: Bearer). Never put it in a URL or a command line. */
  token: string;
  /** Another single-use URL (e.g. for a second window). */
  newUrl(): string;
  close(): Promise<void>;
}

export interface ChromiumHostOptions {
  backend: Backend;
  rendererDir: string;
  port?: number;
  /** Largest /rpc body accepted (default 64 MiB); larger ones get a 413. */
  bodyLimit?: number;
  /** Where unexpected errors are reported (default stderr), without their messages. */
  log?: UnexpectedLog;
  /** The session token; default FIELDSCOPE_HOST_TOKEN or a random one. */
  token?: string;
  /** Told each time a page traded a start code for the session token. */
  onSessionOpened?: () => void;
}

/**
 * Serves the renderer on 127.0.0.1 and carries the same contract as Electron IPC: POST /rpc for calls,
 * a WebSocket for events. Both need the per-run token and our own Origin, so another local page or
 * process cannot drive the backend.
 */
export async function startChromiumHost(opts: ChromiumHostOptions): Promise<ChromiumHost> {
  const token = opts.token ?? sessionTokenFrom(process.env.FIELDSCOPE_HOST_TOKEN);
  const codes = new StartCodes();
  const rendererDir = path.resolve(opts.rendererDir);
  let origin = '';
  const bodyLimit = opts.bodyLimit ?? 64 * 1024 * 1024;
  const log = opts.log ?? logToStderr;

  const tokenOk = (candidate: string | undefined) => sameSecret(candidate, token);

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const target = parseRequestTarget(req.url);
    if (!target.ok) return send(res, 400, 'bad-request', target.reason);
    if (target.pathname === '/session') {
      // The page's first call: its start code (from the URL fragment) for the session token, once.
      if (req.method !== 'POST') return send(res, 405, 'method-not-allowed', 'POST /session only');
      if (req.headers.origin !== origin) return send(res, 403, 'bad-origin', 'sessions are opened by the Fieldscope page only');
      let parsed: unknown;
      try {
        parsed = JSON.parse(await readBody(req, 4096));
      } catch (err) {
        if (err instanceof BodyTooLargeError) return send(res, 413, 'request-too-large', err.message);
        return send(res, 400, 'bad-json', 'the body must be JSON: {"code": "<start code>"}');
      }
      const code = parsed && typeof parsed === 'object' ? (parsed as { code?: unknown }).code : undefined;
      if (!codes.redeem(code)) {
        return send(res, 401, 'start-code-used', 'This start link was already used or is not valid. Restart Fieldscope (npm start) to open a new window.');
      }
      opts.onSessionOpened?.();
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ token }));
      return;
    }
    if (target.pathname === '/rpc') {
      if (req.method !== 'POST') return send(res, 405, 'method-not-allowed', 'POST /rpc only');
      if (req.headers.origin !== origin) return send(res, 403, 'bad-origin', 'calls are accepted from the Fieldscope page only');
      if (!tokenOk(bearerToken(req.headers.authorization)))
        return send(res, 401, 'bad-token', 'missing or wrong session token (Authorization: Bearer <token>)');
      let body: string;
      try {
        body = await readBody(req, bodyLimit);
      } catch (err) {
        if (err instanceof BodyTooLargeError) return send(res, 413, 'request-too-large', err.message);
        // The client went away mid-body: nobody is left to answer, and it is not our bug.
        res.destroy();
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return send(res, 400, 'bad-json', 'the body must be JSON: {"name": "<method>", "input": {...}}');
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        return send(res, 400, 'bad-json', 'the body must be a JSON object: {"name": "<method>", "input": {...}}');
      const call = parsed as { name?: unknown; input?: unknown };
      const result = await opts.backend.dispatch(call.name, call.input);
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(result));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method-not-allowed', 'GET only');
    const found = staticFileFor(rendererDir, target.pathname);
    if (!found.ok) return send(res, found.status, found.status === 400 ? 'bad-request' : 'forbidden', found.reason);
    fs.readFile(found.file, (err, data) => {
      if (err) return send(res, 404, 'not-found', 'not found');
      res.writeHead(200, {
        'content-type': MIME[path.extname(found.file)] ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'cache-control': found.rel === '/index.html' ? 'no-store' : 'max-age=3600',
      });
      res.end(data);
    });
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log(describeUnexpected(`chromium host ${req.method ?? '?'} request`, err));
      if (!res.headersSent) send(res, 500, 'internal', 'internal error (logged by the host)');
      else res.destroy();
    });
  });
  // A request line or header Node cannot parse gets Node's own answer (400, 431 for oversized headers).
  // Sockets taken over by 'connect'/'upgrade' get a status line, then are closed once it is flushed.
  const refuseUpgrade = (socket: Duplex, status: string) => {
    if (!socket.writable) return void socket.destroy();
    socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`, () => socket.destroy());
  };
  // CONNECT (a proxy request) would otherwise be dropped by Node without a word.
  server.on('connect', (_req, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    refuseUpgrade(socket, '405 Method Not Allowed');
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_SOCKET_CALL_BYTES });
  // The page's answer-less calls (SOCKET_CALLS) on the event socket. Anything else on it is not our page's code:
  // the socket is closed with the reason. Refusals are dropped: nobody waits for them (a lost acknowledgement
  // is repaired by the page stating its view again after a reconnect).
  const takeSocketCall = (ws: WebSocket, data: RawData, isBinary: boolean) => {
    let parsed: unknown;
    try {
      parsed = isBinary ? undefined : JSON.parse(String(data));
    } catch {
      parsed = undefined;
    }
    const call = socketCallFrom(parsed);
    if (!call) return ws.close(1008, `only JSON [name, input] calls of ${SOCKET_CALLS.join(', ')}`);
    opts.backend.dispatch(call[0], call[1]).catch((err: unknown) => log(describeUnexpected('chromium host socket call', err)));
  };
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket: Duplex, head) => {
    socket.on('error', () => socket.destroy());
    try {
      const target = parseRequestTarget(req.url);
      if (!target.ok) return refuseUpgrade(socket, '400 Bad Request');
      const protocols = String(req.headers['sec-websocket-protocol'] ?? '')
        .split(',')
        .map((s) => s.trim());
      const offered = protocols.find((p) => p.startsWith('fieldscope.'))?.slice('fieldscope.'.length);
      if (target.pathname !== '/events' || req.headers.origin !== origin || !tokenOk(offered)) return refuseUpgrade(socket, '403 Forbidden');
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.add(ws);
        ws.on('message', (data, isBinary) => takeSocketCall(ws, data, isBinary));
        ws.on('close', () => sockets.delete(ws));
        ws.on('error', () => sockets.delete(ws));
      });
    } catch (err) {
      log(describeUnexpected('chromium host upgrade', err));
      refuseUpgrade(socket, '500 Internal Server Error');
    }
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

  const newUrl = () => `${origin}/#code=${codes.issue()}`;
  return {
    url: newUrl(),
    origin,
    token,
    newUrl,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Every refusal is the contract's error envelope, so the page (and a script) reads it the same way. */
function send(res: http.ServerResponse, status: number, code: string, message: string) {
  sendJson(res, status, { ok: false, error: { code, message } });
}
