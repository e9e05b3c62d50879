import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { startBackend, type Backend } from '../services/backend';
import { MemorySecretStore } from '../services/core/secret-store';
import { EventPort, type PortMain } from './event-port';

// Electron cannot run here; its MessagePortMain differs from Node's MessagePort only in handing listeners
// `{ data }` instead of the data. Node's ports are real structured-clone channels, so main's routing is tested
// over one, against a real backend.
function asPortMain(port: MessagePort): PortMain {
  return {
    postMessage: (m) => port.postMessage(m),
    on(event: 'message' | 'close', listener: ((e: { data: unknown }) => void) | (() => void)) {
      if (event === 'message') port.on('message', (data: unknown) => (listener as (e: { data: unknown }) => void)({ data }));
      else port.on('close', listener as () => void);
      return this;
    },
    start: () => port.start(),
    close: () => port.close(),
  };
}

/** The page's end: what arrives, in order. */
function pageEnd(port: MessagePort) {
  const got: Array<[string, unknown]> = [];
  port.on('message', (m: [string, unknown]) => got.push(m));
  return { got, post: (m: unknown) => port.postMessage(m) };
}

describe('Electron event port (main side)', () => {
  let backend: Backend;
  const logged: string[] = [];
  let events: EventPort;
  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-event-port-'));
    backend = await startBackend({ host: 'test', dataDir, secrets: new MemorySecretStore(), sandbox: false });
    events = new EventPort({ dispatch: (n, i) => backend.dispatch(n, i), log: (l) => logged.push(l) });
    backend.events.onAny((name, payload) => events.send(name, payload));
  });
  afterAll(async () => {
    events.close();
    await backend.dispose();
  });

  it('carries viewport pushes to the page and its acknowledgements back: the next push follows only after one', async () => {
    const { port1, port2 } = new MessageChannel();
    events.attach(asPortMain(port1));
    const page = pageEnd(port2);
    const pushes = () =>
      page.got.filter(([n, p]) => n === 'messages.viewport' && (p as { viewId: string }).viewId === 'port').map(([, p]) => p as { version: number });
    await backend.call('messages.viewport', { viewId: 'port', request: 1, filter: {}, range: { mode: 'tail', count: 10 } });
    await expect.poll(() => pushes().length).toBe(1);
    await backend.call('messages.clear', {});
    await new Promise((r) => setTimeout(r, 100));
    expect(pushes().length).toBe(1);
    page.post(['messages.viewportAck', { viewId: 'port', version: 1 }]);
    await expect.poll(() => pushes().map((p) => p.version)).toEqual([1, 2]);
    await backend.call('messages.viewportClose', { viewId: 'port' });
    port2.close();
  });

  it('takes only answer-less calls: anything else is logged and never dispatched', async () => {
    const { port1, port2 } = new MessageChannel();
    events.attach(asPortMain(port1));
    const page = pageEnd(port2);
    logged.length = 0;
    const before = (await backend.call('profiles.list', {})).length;
    for (const bad of [
      'not a call',
      { name: 'messages.viewportAck' },
      ['app.info', {}],
      ['profiles.save', { profile: { id: 'p', name: 'x', kind: 'mqtt', host: 'h' } }],
    ])
      page.post(bad);
    // A call the contract refuses (viewId too long) is dispatched, refused and logged with its code only.
    page.post(['messages.viewportAck', { viewId: 'x'.repeat(65), version: 1 }]);
    await expect.poll(() => logged.length).toBe(5);
    expect(logged.slice(0, 4).every((l) => l.includes('refused a message that is not'))).toBe(true);
    expect(logged[4]).toMatch(/messages\.viewportAck refused \(\S+\)/);
    expect(logged.join('\n')).not.toContain('x'.repeat(65));
    expect((await backend.call('profiles.list', {})).length).toBe(before);
    // The port still carries events.
    events.send('app.warning', { code: 'test', message: 'still open' });
    await expect.poll(() => page.got).toEqual([['app.warning', { code: 'test', message: 'still open' }]]);
    port2.close();
  });

  it('a reloaded page gets a new port: the old one is closed and no longer receives', async () => {
    const first = new MessageChannel();
    events.attach(asPortMain(first.port1));
    const oldPage = pageEnd(first.port2);
    const oldClosed = new Promise<void>((r) => first.port2.once('close', () => r()));
    const second = new MessageChannel();
    events.attach(asPortMain(second.port1));
    const newPage = pageEnd(second.port2);
    await oldClosed;
    events.send('app.warning', { code: 'test', message: 'after reload' });
    await expect.poll(() => newPage.got.length).toBe(1);
    expect(newPage.got[0]).toEqual(['app.warning', { code: 'test', message: 'after reload' }]);
    expect(oldPage.got).toEqual([]);
    second.port2.close();
  });
});
