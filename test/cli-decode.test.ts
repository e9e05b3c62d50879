/** `fieldscope decode` through the built CLI: exact JSON on stdout, reason and offset on stderr. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encode as cborEncode } from 'cborg';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'bin', 'fieldscope.js');

function decode(args: string[], input: Uint8Array | string) {
  const r = spawnSync(process.execPath, [cli, 'decode', ...args], { input, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const hex = (s: string) => Buffer.from(s, 'hex');

describe('fieldscope decode', () => {
  it('msgpack: a uint64 beyond 2^53 prints with all its digits', () => {
    const r = decode(['msgpack', '--compact'], hex('82a26964cfffffffffffffffffa362696ec40201ff'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('{"id":18446744073709551615,"bin":"Af8="}\n');
  });

  it('cbor: what an independent encoder wrote', () => {
    const r = decode(['cbor', '--compact'], cborEncode({ device: 'pump-07', temp: 21.5, tags: ['a', 'b'] }));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ device: 'pump-07', temp: 21.5, tags: ['a', 'b'] });
  });

  it('sparkplug: the bundled schema', () => {
    // Payload { seq: 3, metrics: [{ name: "t", int_value: 5 }] }
    const r = decode(['sparkplug', '--compact'], hex('1803' + '1205' + '0a0174' + '5005'));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('{"metrics":[{"name":"t","int_value":5}],"seq":3}\n');
  });

  it('protobuf: --proto and --type', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fs-decode-'));
    const proto = path.join(dir, 'r.proto');
    writeFileSync(proto, 'syntax = "proto3"; package t; message R { uint64 n = 1; string s = 2; }');
    const r = decode(['protobuf', '--proto', proto, '--type', 't.R', '--compact'], hex('08ffffffffffffffffff01' + '12026869'));
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('{"n":18446744073709551615,"s":"hi"}\n');
  });

  it('undecodable input: exit 1, reason and byte offset on stderr, nothing on stdout', () => {
    const r = decode(['msgpack'], hex('81a161d9c841'));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Not valid msgpack: .*at byte offset 5 of 6/);
    const c = decode(['cbor'], hex('1c'));
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/reserved.*at byte offset 0/);
  });

  it('usage errors exit 2 and say what to fix', () => {
    expect(decode(['yaml'], '').stderr).toMatch(/Choose a format/);
    expect(decode(['yaml'], '').code).toBe(2);
    const p = decode(['protobuf'], '');
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/--proto FILE/);
  });
});
