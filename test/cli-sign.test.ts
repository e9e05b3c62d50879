/** Every known-answer vector of every auth-vectors*.json through the built CLI: `node bin/fieldscope.js sign <kind>`. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allAuthVectors } from './support/auth-vector-files';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'bin', 'fieldscope.js');
const vectors = allAuthVectors();

function sign(kind: string, stdin: string) {
  const r = spawnSync(process.execPath, [cli, 'sign', kind], { input: stdin, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The AMQP userName's pair order is not significant (vector note): compare it as a set of pairs. */
function pairs(username: unknown): string[] {
  const s = String(username);
  return s
    .slice(s.indexOf('|') + 1, -1)
    .split(',')
    .sort();
}

describe('fieldscope sign', () => {
  it('runs both vector files', () => {
    expect(new Set(vectors.map((v) => v.label.split('#')[0]))).toEqual(new Set(['auth-vectors.json', 'auth-vectors-2.json']));
  });

  it.each(vectors.map(({ label, vector }) => [label, vector.kind, vector] as const))('vector %s %s', (_label, kind, v) => {
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

  it('new kinds: bad tokens, secureMode, checkTimestamp and hour stamp → exit 2 naming the field', () => {
    const mq = { accessKey: 'a', instanceId: 'post-cn-1', groupId: 'GID_demo', deviceId: 'd' };
    expect(sign('aliyun-mqtt-token', JSON.stringify({ ...mq, tokens: { X: 't' } })).stderr).toMatch(/tokens.*R, W, RW/);
    expect(sign('aliyun-mqtt-token', JSON.stringify({ ...mq, tokens: {} })).stderr).toMatch(/no token/);
    expect(sign('aliyun-mqtt-signature', JSON.stringify({ ...mq, secretKey: 's', instanceId: '' })).stderr).toMatch(/instanceId/);
    const dev = { productKey: 'pk', deviceName: 'dn', deviceSecret: 's', timestamp: '1700000000000', signMethod: 'hmacsha1', secureMode: 4 };
    const r = sign('aliyun-iot-device', JSON.stringify(dev));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/secureMode.*2, 3/);
    const hw = { deviceId: 'd', secret: 's', timestamp: '2026120608', checkTimestamp: 1 };
    expect(sign('huawei-iotda-device', JSON.stringify({ ...hw, checkTimestamp: 2 })).stderr).toMatch(/checkTimestamp/);
    expect(sign('huawei-iotda-device', JSON.stringify({ ...hw, timestamp: '2026-12-06T08' })).stderr).toMatch(/YYYYMMDDHH/);
  });

  it('unknown kind → exit 2 listing the kinds', () => {
    const r = sign('nope', '{}');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/aliyun-mq-online-query/);
    expect(r.stderr).toMatch(/huawei-iotda-device/);
  });
});
