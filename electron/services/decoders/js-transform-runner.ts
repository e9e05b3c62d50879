import { Worker } from 'node:worker_threads';

// A user's JavaScript transform runs in a worker thread, inside a vm context with no require, process or
// network, and with a deadline: a loop that never ends costs the worker (terminated and replaced), never the
// backend's thread.

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const vm = require('node:vm');
parentPort.on('message', ({ id, script, payload, topic, timeoutMs }) => {
  try {
    const context = vm.createContext(Object.create(null), { codeGeneration: { strings: false, wasm: false } });
    const fn = vm.runInContext('(function (payload, topic) {\\n' + script + '\\n})', context, { timeout: timeoutMs });
    context.__payload = payload;
    context.__topic = topic;
    context.__fn = fn;
    const value = vm.runInContext('__fn(__payload, __topic)', context, { timeout: timeoutMs });
    const json = JSON.stringify(value, (k, v) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v), 2);
    parentPort.postMessage({ id, ok: true, json: json === undefined ? 'null' : json });
  } catch (err) {
    parentPort.postMessage({ id, ok: false, error: err && err.message ? String(err.message) : String(err) });
  }
});
`;

export const TRANSFORM_TIMEOUT_MS = 1000;

export type TransformResult = { ok: true; json: string } | { ok: false; error: string };

export class JsTransformRunner {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<number, { resolve(r: TransformResult): void; timer: NodeJS.Timeout }>();

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(WORKER_SOURCE, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 128 } });
    w.on('message', (m: { id: number } & TransformResult) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      clearTimeout(p.timer);
      this.pending.delete(m.id);
      p.resolve(m.ok ? { ok: true, json: m.json } : { ok: false, error: m.error });
    });
    w.on('error', (err) => this.fail(`the transform's worker stopped: ${err.message}`));
    w.on('exit', () => {
      if (this.worker === w) this.worker = null;
      this.fail("the transform's worker stopped");
    });
    w.unref();
    this.worker = w;
    return w;
  }

  private fail(error: string): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.resolve({ ok: false, error });
      this.pending.delete(id);
    }
  }

  run(script: string, payload: Uint8Array, topic: string, timeoutMs = TRANSFORM_TIMEOUT_MS): Promise<TransformResult> {
    const w = this.ensure();
    const id = this.nextId++;
    return new Promise((resolve) => {
      // The vm timeout stops synchronous loops; this one also covers a worker that stops answering.
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, error: `the transform ran longer than ${timeoutMs} ms and was stopped` });
        const old = this.worker;
        this.worker = null;
        void old?.terminate();
      }, timeoutMs + 500);
      this.pending.set(id, { resolve, timer });
      w.postMessage({ id, script, payload: new Uint8Array(payload), topic, timeoutMs });
    });
  }

  async dispose(): Promise<void> {
    this.fail('Fieldscope is closing');
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }
}
