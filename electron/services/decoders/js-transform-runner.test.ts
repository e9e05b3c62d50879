import { afterAll, describe, expect, it } from 'vitest';
import { JsTransformRunner } from './js-transform-runner';

const runner = new JsTransformRunner();
afterAll(() => runner.dispose());
const bytes = (s: string) => new TextEncoder().encode(s);

describe('JsTransformRunner', () => {
  it('runs a transform over the payload bytes and the topic', async () => {
    const r = await runner.run('return { len: payload.length, first: payload[0], topic, big: 2n ** 64n };', bytes('AB'), 'a/b');
    expect(r).toEqual({ ok: true, json: '{\n  "len": 2,\n  "first": 65,\n  "topic": "a/b",\n  "big": "18446744073709551616"\n}' });
  });

  it('stops an endless loop and keeps working afterwards', async () => {
    const r = await runner.run('while (true) {}', bytes('x'), 't', 200);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/timed out|longer than/);
    expect(await runner.run('return 1 + 1;', bytes(''), 't')).toEqual({ ok: true, json: '2' });
  });

  it('has no require, process or eval of strings', async () => {
    for (const script of ['return require("fs")', 'return process.env', 'return eval("1")', 'return Function("return 1")()']) {
      const r = await runner.run(script, bytes(''), 't');
      expect(r.ok, script).toBe(false);
    }
  });

  it('reports a syntax error as a failure', async () => {
    const r = await runner.run('return {', bytes(''), 't');
    expect(r.ok).toBe(false);
  });
});
