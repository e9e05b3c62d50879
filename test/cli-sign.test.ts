/** Every known-answer vector through the built CLI: `node bin/fieldscope.js sign <kind>`. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'bin', 'fieldscope.js');
const vectors: Array<{ kind: string; input: Record<string, unknown>; expect: Record<string, unknown> }> = JSON.parse(
  readFileSync(path.join(root, 'test', 'fixtures', 'auth-vectors.json'), 'utf8'),
);

function sign(kind: string, stdin: string) {
  const r = spawnSync(process.execPath, [cli, 'sign', kind], { input: stdin, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The AMQP userName's pair order is not significant (vector note): compare it as a set of pairs. */
function pairs(username: unknown): string[] {
  const s = String(username);
  return s.slice(s.indexOf('|') + 1, -1).split(',').sort();
}

describe('fieldscope sign', () => {
  it.each(vectors.map((v, i) => [i, v.kind, v] as const))('vector #%i %s', (_i, kind, v) => {
    const r = sign(kind, JSON.stringify(v.input));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    for (const [key, value] of Object.entries(v.expect)) {
      if (key === 'exampleUsername') expect(pairs(out[key]), key).toEqual(pairs(value));
      else expect(out[key], key).toEqual(value);
    }
  });

  it('bad JSON → exit 2 with words on stderr', () => {
    const r = sign('aliyun-mq-signature', '{not json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not valid JSON/);
    expect(r.stdout).toBe('');
  });

  it('missing field → exit 2 naming the field', () => {
    const r = sign('aliyun-mq-signature', JSON.stringify({ accessKey: 'a', groupId: 'GID_AAA', deviceId: 'd' }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/secretKey/);
  });

  it('bad signMethod and timestamp → exit 2', () => {
    const base = { accessKey: 'a', accessSecret: 's', clientId: 'c', consumerGroupId: 'g', timestamp: 1, signMethod: 'hmacsha1' };
    expect(sign('aliyun-iot-amqp', JSON.stringify({ ...base, signMethod: 'sha512' })).stderr).toMatch(/hmacmd5, hmacsha1, hmacsha256/);
    const r = sign('aliyun-iot-amqp', JSON.stringify({ ...base, timestamp: 'yesterday' }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/timestamp/);
  });

  it('unknown kind → exit 2 listing the kinds', () => {
    const r = sign('nope', '{}');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/aliyun-mq-online-query/);
  });
});
