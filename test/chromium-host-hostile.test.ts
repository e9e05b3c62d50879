import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startBackend, type Backend } from '../electron/services/backend';
import { MemorySecretStore } from '../electron/services/core/secret-store';
import { startChromiumHost, type ChromiumHost } from '../electron/hosts/chromium-host';
import { rawRequest, replyJson, seededRandom } from './support/raw-http';

// Issue 14: nothing a local process sends may take the Chromium host down. Each request goes over a raw
// socket (a real client would refuse to send most of them) and the host must answer it and the next one.
describe('Chromium host under hostile requests', () => {
  let backend: Backend;
  let host: ChromiumHost;
  let port: number;
  const logged: string[] = [];
  const BODY_LIMIT = 64 * 1024;

  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-hostile-'));
    const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-hostile-renderer-'));
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>x</title>');
    backend = await startBackend({ host: 'test', dataDir, secrets: new MemorySecretStore(), sandbox: false, log: (l) => logged.push(l) });
    host = await startChromiumHost({ backend, rendererDir, bodyLimit: BODY_LIMIT, log: (l) => logged.push(l) });
    port = Number(new URL(host.origin).port);
  });
  afterAll(async () => {
    await host?.close();
    await backend?.dispose();
  });

  const hostHeader = () => `Host: 127.0.0.1:${port}\r\n`;
  const rpcRequest = (body: string, extra = '') =>
    `POST /rpc HTTP/1.1\r\n${hostHeader()}Origin: ${host.origin}\r\nAuthorization: Bearer ${host.token}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`;

  /** The host still serves its page and answers a call: the liveness check after every attack. */
  async function stillServing() {
    const page = await rawRequest(port, `GET / HTTP/1.1\r\n${hostHeader()}Connection: close\r\n\r\n`);
    expect(page.status).toBe(200);
    const call = await rawRequest(port, rpcRequest(JSON.stringify({ name: 'app.info', input: {} })));
    expect(call.status).toBe(200);
    expect(replyJson(call)).toMatchObject({ ok: true, value: { host: 'test' } });
  }

  const attacks: Array<[string, string, number]> = [
    ['GET /% (a lone percent sign)', `GET /% HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 400],
    ['GET /%00 (an encoded NUL byte)', `GET /%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 400],
    ['GET /%E0%A4%A (a truncated UTF-8 escape)', `GET /%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 400],
    ['GET http://[::1 (absolute form, broken URL)', `GET http://[::1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 400],
    [
      'WebSocket upgrade to http://[::1',
      `GET http://[::1 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      400,
    ],
    [
      'WebSocket upgrade to /%',
      `GET /% HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      403,
    ],
    ['GET /..%2F..%2Fetc%2Fpasswd', `GET /..%2F..%2Fetc%2Fpasswd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 403],
  ];

  for (const [name, bytes, status] of attacks) {
    it(`answers ${status} to ${name} and keeps serving`, async () => {
      const reply = await rawRequest(port, bytes);
      expect(reply.status).toBe(status);
      await stillServing();
    });
  }

  it('answers 400 to an authorized call whose body is JSON null (and to other non-objects)', async () => {
    for (const body of ['null', '[]', '"app.info"', '42', 'true']) {
      const reply = await rawRequest(port, rpcRequest(body));
      expect(reply.status, body).toBe(400);
      expect(replyJson(reply), body).toMatchObject({ ok: false, error: { code: 'bad-json' } });
    }
    await stillServing();
  });

  it('answers a structured 413 to a body over the limit (Content-Length and chunked), not a reset', async () => {
    const big = JSON.stringify({ name: 'app.info', input: { pad: 'x'.repeat(BODY_LIMIT * 4) } });
    const sized = await rawRequest(port, rpcRequest(big));
    expect(sized.reset).toBe(false);
    expect(sized.status).toBe(413);
    expect(replyJson(sized)).toMatchObject({ ok: false, error: { code: 'request-too-large' } });
    const chunk = (s: string) => `${Buffer.byteLength(s).toString(16)}\r\n${s}\r\n`;
    const chunked =
      `POST /rpc HTTP/1.1\r\n${hostHeader()}Origin: ${host.origin}\r\nAuthorization: Bearer ${host.token}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n` +
      chunk(big.slice(0, BODY_LIMIT)) +
      chunk(big.slice(BODY_LIMIT)) +
      '0\r\n\r\n';
    const streamed = await rawRequest(port, chunked);
    expect(streamed.reset).toBe(false);
    expect(streamed.status).toBe(413);
    await stillServing();
  });

  it('shrugs off a client that hangs up in the middle of its body (nothing logged as a bug)', async () => {
    const before = logged.length;
    await new Promise<void>((resolve) => {
      const s = net.connect({ port, host: '127.0.0.1' }, () => {
        s.end(`POST /rpc HTTP/1.1\r\n${hostHeader()}Origin: ${host.origin}\r\nAuthorization: Bearer ${host.token}\r\nContent-Length: 1000\r\n\r\n{"name":`);
      });
      s.on('error', () => undefined);
      s.on('close', () => resolve());
      s.resume();
    });
    await stillServing();
    expect(logged.slice(before)).toEqual([]);
  });

  it('answers 405 to CONNECT (which Node would otherwise drop without a word)', async () => {
    const reply = await rawRequest(port, `CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n`);
    expect(reply.status).toBe(405);
    await stillServing();
  });

  it('requires the "Bearer " scheme: the bare token or another scheme is refused', async () => {
    for (const auth of [host.token, `Basic ${host.token}`, `bearer ${host.token}`, `Bearer  ${host.token}`]) {
      const body = JSON.stringify({ name: 'app.info', input: {} });
      const reply = await rawRequest(
        port,
        `POST /rpc HTTP/1.1\r\n${hostHeader()}Origin: ${host.origin}\r\nAuthorization: ${auth}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );
      expect(reply.status, auth.slice(0, 8)).toBe(401);
    }
  });

  it('survives a bounded fuzz over request lines, headers and bodies (seed 14, 400 requests)', async () => {
    const rnd = seededRandom(14);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const junk = (n: number) => Array.from({ length: n }, () => String.fromCharCode(Math.floor(rnd() * 256))).join('');
    const escapes = ['%', '%0', '%00', '%zz', '%E0%A4%A', '%C0%AF', '%2F..%2F', '%FF', '%25', '%u0000'];
    const methods = ['GET', 'GET', 'GET', 'POST', 'POST', 'POST', 'HEAD', 'PUT', 'OPTIONS', 'DELETE', 'CONNECT', 'G\u0000T', 'PRI', ''];
    const targets = () =>
      pick([
        () => `/${pick(escapes)}${pick(escapes)}`,
        () => `/rpc${pick(['', '?', '#', pick(escapes)])}`,
        () => `/session${pick(['', '?code=', pick(escapes)])}`,
        () => `/events${pick(escapes)}`,
        () => `http://${pick(['[::1', '[', '127.0.0.1:99999', '%', 'a b', ''])}/${pick(escapes)}`,
        () => `${pick(['//', '/../../', '\\\\', '*', ''])}${encodeURIComponent(junk(4))}${pick(escapes)}`,
        () => `/${junk(Math.floor(rnd() * 40))}`,
        () => `/${'a/'.repeat(Math.floor(rnd() * 2000))}`,
      ])();
    const headerSets = () =>
      pick([
        () => '',
        () => `Origin: ${host.origin}\r\nAuthorization: Bearer ${host.token}\r\n`,
        () => `Origin: ${host.origin}\r\nAuthorization: ${pick(['Bearer', 'Bearer ', host.token, `Bearer ${host.token}x`, junk(10)])}\r\n`,
        () =>
          `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${pick(['dGhlIHNhbXBsZSBub25jZQ==', junk(8)])}\r\nSec-WebSocket-Version: ${pick(['13', '8', 'x'])}\r\nSec-WebSocket-Protocol: ${pick([`fieldscope.${host.token}`, 'fieldscope.', junk(6)])}\r\nOrigin: ${pick([host.origin, 'null', junk(5)])}\r\n`,
        () => `${junk(6).replace(/[\r\n:]/g, 'x')}: ${junk(12).replace(/[\r\n]/g, ' ')}\r\n`,
        () => `Content-Length: ${pick(['-1', '1e9', '5, 6', 'abc', '99999999999999999999'])}\r\n`,
        () => `Transfer-Encoding: ${pick(['chunked', 'gzip', 'chunked, chunked', junk(4)])}\r\n`,
        () => `X-Long: ${'v'.repeat(Math.floor(rnd() * 20000))}\r\n`,
      ])();
    const bodies = () =>
      pick([
        '',
        'null',
        '{',
        '{"name":null}',
        '{"name":"app.info","input":null}',
        '{"name":"__proto__","input":{}}',
        '{"name":"constructor","input":{}}',
        '{"name":"profiles.save","input":{"profile":null}}',
        '{"name":"captures.open","input":{"path":"\\u0000"}}',
        JSON.stringify({ name: pick(['app.info', 'profiles.list', 'connections.open', 'x']), input: pick([[], 1, 'x', { a: junk(5) }]) }),
        JSON.stringify({ code: pick([null, 1, [], junk(32), 'x'.repeat(5000)]) }),
        junk(64),
      ]);
    const statuses = new Map<string, number>();
    for (let i = 0; i < 400; i++) {
      const body = bodies();
      const withAuth = rnd() < 0.5 ? `Origin: ${host.origin}\r\nAuthorization: Bearer ${host.token}\r\n` : '';
      const lengthHeader = rnd() < 0.8 ? `Content-Length: ${Buffer.byteLength(body, 'latin1')}\r\n` : '';
      const request = `${pick(methods)} ${targets()} ${pick(['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/9.9', ''])}\r\nHost: x\r\n${withAuth}${headerSets()}${lengthHeader}Connection: close\r\n\r\n${body}`;
      const reply = await rawRequest(port, Buffer.from(request, 'latin1'), 2000);
      const key = String(reply.status ?? (reply.reset ? 'reset' : 'closed'));
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      // Every request that reached the handlers got a real answer, never an internal error.
      expect(reply.status, request.slice(0, 120)).not.toBe(500);
      if (i % 50 === 49) await stillServing();
    }
    await stillServing();
    // Every request got an answer: none was dropped without a status line or reset.
    expect(statuses.get('closed') ?? 0).toBe(0);
    expect(statuses.get('reset') ?? 0).toBe(0);
    // Nothing escaped a handler: an escaped exception would have been logged here (or killed the worker).
    expect(logged).toEqual([]);
    console.log(`fuzz answers: ${[...statuses].map(([k, v]) => `${k}×${v}`).join(', ')}`);
  }, 120_000);
});
