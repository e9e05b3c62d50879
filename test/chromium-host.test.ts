import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBackend, type Backend } from '../electron/services/backend';
import { MemorySecretStore } from '../electron/services/core/secret-store';
import { startChromiumHost, type ChromiumHost } from '../electron/hosts/chromium-host';
import WebSocket from 'ws';
import { sessionTokenFrom } from '../electron/hosts/start-codes';

describe('Chromium host boundary', () => {
  let backend: Backend;
  let host: ChromiumHost;
  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-host-'));
    const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-renderer-'));
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>x</title>');
    backend = await startBackend({ host: 'test', dataDir, secrets: new MemorySecretStore(), sandbox: false });
    host = await startChromiumHost({ backend, rendererDir });
  });
  afterAll(async () => {
    await host.close();
    await backend.dispose();
  });

  const rpc = (headers: Record<string, string>, body: unknown) =>
    fetch(`${host.origin}/rpc`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('binds to 127.0.0.1 only', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers a call with the token and our origin', async () => {
    const res = await rpc({ authorization: `Bearer ${host.token}`, origin: host.origin }, { name: 'app.info', input: {} });
    expect(res.status).toBe(200);
    const j = (await res.json()) as { ok: boolean; value: { host: string } };
    expect(j.ok).toBe(true);
    expect(j.value.host).toBe('test');
  });

  it('refuses a wrong token and a foreign origin', async () => {
    expect((await rpc({ authorization: 'Bearer nope', origin: host.origin }, { name: 'app.info', input: {} })).status).toBe(401);
    expect((await rpc({ authorization: `Bearer ${host.token}`, origin: 'http://evil.example' }, { name: 'app.info', input: {} })).status).toBe(403);
  });

  it('validates input at the boundary with the contract', async () => {
    const res = await rpc({ authorization: `Bearer ${host.token}`, origin: host.origin }, { name: 'app.info', input: { extra: 1 } });
    const j = (await res.json()) as { ok: boolean; error: { code: string } };
    expect(j).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const unknown = (await (await rpc({ authorization: `Bearer ${host.token}`, origin: host.origin }, { name: 'fs.readFile', input: {} })).json()) as {
      error: { code: string };
    };
    expect(unknown.error.code).toBe('unknown-method');
  });

  it('refuses an event socket without the token', async () => {
    const bad = new WebSocket(`${host.origin.replace('http', 'ws')}/events`, ['fieldscope.wrong'], { origin: host.origin });
    const code = await new Promise<string>((r) => {
      bad.on('open', () => r('open'));
      bad.on('error', () => r('refused'));
    });
    expect(code).toBe('refused');
    const good = new WebSocket(`${host.origin.replace('http', 'ws')}/events`, [`fieldscope.${host.token}`], { origin: host.origin });
    const got = await new Promise<unknown>((resolve, reject) => {
      good.on('open', () => backend.events.emit('app.notice', { level: 'info', message: 'hello' }));
      good.on('message', (d) => resolve(JSON.parse(String(d))));
      good.on('error', reject);
    });
    expect(got).toEqual(['app.notice', { level: 'info', message: 'hello' }]);
    good.close();
  });

  const openEvents = () =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/events`, [`fieldscope.${host.token}`], { origin: host.origin });
      ws.on('open', () => resolve(ws));
      ws.on('error', reject);
    });
  const closeCode = (ws: WebSocket) => new Promise<number>((r) => ws.on('close', (code) => r(code)));

  it('takes viewport acknowledgements on the event socket: the next push follows only after one', async () => {
    const ws = await openEvents();
    const pushes: Array<{ viewId: string; version: number }> = [];
    ws.on('message', (d) => {
      const [name, payload] = JSON.parse(String(d)) as [string, { viewId: string; version: number }];
      if (name === 'messages.viewport' && payload.viewId === 'sock') pushes.push(payload);
    });
    const call = (name: string, input: unknown) => rpc({ authorization: `Bearer ${host.token}`, origin: host.origin }, { name, input });
    await call('messages.viewport', { viewId: 'sock', request: 1, filter: {}, range: { mode: 'tail', count: 10 } });
    await expect.poll(() => pushes.length).toBe(1);
    // The store changes, but push 1 is unacknowledged: nothing follows until the socket carries the ack.
    await call('messages.clear', {});
    await new Promise((r) => setTimeout(r, 100));
    expect(pushes.length).toBe(1);
    ws.send(JSON.stringify(['messages.viewportAck', { viewId: 'sock', version: 1 }]));
    await expect.poll(() => pushes.map((p) => p.version)).toEqual([1, 2]);
    await call('messages.viewportClose', { viewId: 'sock' });
    ws.close();
  });

  it('closes an event socket that carries anything but an answer-less call', async () => {
    for (const bad of ['not json', '{"name":"messages.viewportAck"}', JSON.stringify(['app.info', {}]), JSON.stringify(['profiles.delete', { id: 'x' }])]) {
      const ws = await openEvents();
      const closed = closeCode(ws);
      ws.send(bad);
      expect(await closed).toBe(1008);
    }
    const binary = await openEvents();
    const binaryClosed = closeCode(binary);
    binary.send(Buffer.from(JSON.stringify(['messages.viewportAck', { viewId: 'x', version: 1 }])));
    expect(await binaryClosed).toBe(1008);
    // Over 64 KiB: closed by the socket layer (1009, message too big) before anything is parsed.
    const big = await openEvents();
    const bigClosed = closeCode(big);
    big.send(JSON.stringify(['messages.viewportAck', { viewId: 'x'.repeat(70_000), version: 1 }]));
    expect(await bigClosed).toBe(1009);
    // An acknowledgement the contract refuses (viewId too long) is dropped; the socket and the host go on.
    const ws = await openEvents();
    ws.send(JSON.stringify(['messages.viewportAck', { viewId: 'x'.repeat(65), version: 1 }]));
    const res = await rpc({ authorization: `Bearer ${host.token}`, origin: host.origin }, { name: 'app.info', input: {} });
    expect(res.status).toBe(200);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it("trades the URL's start code for the session token exactly once, from our origin only", async () => {
    expect(host.url).not.toContain(host.token);
    const code = new URL(host.url).hash.replace('#code=', '');
    const trade = (c: string, origin = host.origin) =>
      fetch(`${host.origin}/session`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ code: c }) });
    expect((await trade(code, 'http://evil.example')).status).toBe(403);
    const first = await trade(code);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ token: host.token });
    const second = await trade(code);
    expect(second.status).toBe(401);
    expect(await second.json()).toMatchObject({ ok: false, error: { code: 'start-code-used' } });
    // A fresh URL has a fresh code; a code never authorizes a call by itself.
    const fresh = new URL(host.newUrl()).hash.replace('#code=', '');
    expect(fresh).not.toBe(code);
    expect((await rpc({ authorization: `Bearer ${fresh}`, origin: host.origin }, { name: 'app.info', input: {} })).status).toBe(401);
  });

  it('takes the session token from FIELDSCOPE_HOST_TOKEN, refusing one too short to be a secret', () => {
    expect(sessionTokenFrom('script-set-token-0123456789')).toBe('script-set-token-0123456789');
    expect(() => sessionTokenFrom('short')).toThrow(/at least 16/);
    expect(sessionTokenFrom(undefined)).toMatch(/^[\w-]{32}$/);
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await fetch(`${host.origin}/..%2F..%2Fetc%2Fpasswd`);
    expect([403, 404]).toContain(res.status);
  });
});
