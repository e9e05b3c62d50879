import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../../electron/services/backend';
import { MemorySecretStore } from '../../electron/services/core/secret-store';
import { encodeHeader, encodeRecord, makeHeader, messageRecord } from '../../shared/capture/capture-encoder';

/**
 * Any file the process can read can be named to captures.open or sandbox.start, and the error goes back to the
 * caller: it must say what is wrong and where, never quote the file. Relative capture and bundle names stay in
 * the captures folder.
 */
let dir: string;
let captures: string;
let backend: Backend;
const canary = `canary${crypto.randomBytes(6).toString('hex')}`;

type Answer = Awaited<ReturnType<Backend['dispatch']>>;
function errorOf(a: Answer) {
  if (a.ok) throw new Error(`expected an error, got ${JSON.stringify(a.value).slice(0, 200)}`);
  return a.error;
}
function errorText(a: Answer): string {
  const e = errorOf(a);
  return `${e.code} ${e.message} ${e.hint ?? ''}`;
}

/** Every 8-character stretch of the file (ignoring blank ones) that shows up in the error. */
function quoted(error: string, content: string): string[] {
  const found = new Set<string>();
  for (let i = 0; i + 8 <= content.length; i++) {
    const w = content.slice(i, i + 8);
    if (w.trim().length < 8) continue;
    if (error.includes(w)) found.add(w);
  }
  return [...found];
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-file-errors-'));
  backend = await startBackend({ host: 'test', dataDir: dir, secrets: new MemorySecretStore(), sandbox: false });
  captures = path.join(dir, 'captures');
  fs.mkdirSync(captures, { recursive: true });
});
afterAll(async () => {
  await backend?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('errors about a named file quote none of it', () => {
  const passwd = fs.existsSync('/etc/passwd') ? fs.readFileSync('/etc/passwd', 'utf8') : null;

  it.skipIf(passwd === null)('captures.open on /etc/passwd: not a capture, and no stretch of the file in the answer', async () => {
    const a = await backend.dispatch('captures.open', { file: '/etc/passwd' });
    expect(errorOf(a).code).toBe('capture-not-a-capture');
    expect(errorOf(a).message).toMatch(/starts with text that is not JSON/);
    expect(quoted(errorText(a), passwd!)).toEqual([]);
  });

  it.skipIf(passwd === null)('sandbox.start with /etc/passwd as its config: says where the JSON breaks, quotes nothing', async () => {
    const a = await backend.dispatch('sandbox.start', { configFile: '/etc/passwd' });
    expect(errorOf(a).code).toBe('sandbox-start-failed');
    expect(errorOf(a).message).toMatch(/not valid JSON at line 1, column 1/);
    expect(quoted(errorText(a), passwd!)).toEqual([]);
  });

  it('captures.open on files of every shape names the problem without their content', async () => {
    const files: Record<string, Buffer | string> = {
      'text.fscap': `${canary} secret words\nmore ${canary}\n`,
      'foreign-json.fscap': `{"format":"${canary}","key":"${canary}"}\n`,
      'bad-version.fscap': `{"format":"fieldscope-capture","version":"${canary}"}\n`,
      'binary.fscap': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]), Buffer.from(canary)]),
      'no-newline.fscap': canary.repeat(200_000),
      'text.fscap.gz': zlib.gzipSync(`${canary}\n`),
    };
    const expected: Record<string, RegExp> = {
      'text.fscap': /starts with text that is not JSON/,
      'foreign-json.fscap': /starts with JSON without the capture format/,
      'bad-version.fscap': /invalid format version \(a string\)/,
      'binary.fscap': /starts with binary data/,
      'no-newline.fscap': /not a Fieldscope capture/,
      'text.fscap.gz': /starts with text that is not JSON/,
    };
    for (const [name, content] of Object.entries(files)) {
      fs.writeFileSync(path.join(captures, name), content);
      const a = await backend.dispatch('captures.open', { file: name });
      expect(errorOf(a).message, name).toMatch(expected[name]!);
      expect(errorText(a), name).not.toContain(canary);
    }
  });

  it('sandbox.start with config files of every shape: field names and rules, never values or unknown keys', async () => {
    const cases: Array<[string, RegExp]> = [
      [`${canary} is not json`, /not valid JSON at line 1, column 1/],
      [`{\n  "seed": 1,\n  ${canary}: 2\n}`, /not valid JSON at line 3, column 3/],
      [`{"seed": 1, "fleet": {"devices": 3}`, /not complete JSON/],
      [`"${canary}"`, /top level: .*expected object, received string/],
      [`{"seed": "${canary}", "host": 7}`, /seed: .*expected number, received string; host: .*expected string, received number/],
      [
        `{"${canary}": 1, "${canary}2": {"x": "${canary}"}}`,
        /top level: 2 fields this version does not know \(known fields: seed, clockOffsetMs, host, mq, amqp, huawei, iotDevice, huaweiDevice, rocketmq, fleet, control\)/,
      ],
    ];
    for (const [i, [content, want]] of cases.entries()) {
      const file = path.join(dir, `config-${i}.json`);
      fs.writeFileSync(file, content);
      const a = await backend.dispatch('sandbox.start', { configFile: file });
      expect(errorOf(a).code, content).toBe('sandbox-start-failed');
      expect(errorOf(a).message, content).toMatch(want);
      expect(errorText(a), content).not.toContain(canary);
    }
    expect((await backend.call('sandbox.status', {})).running).toBe(false);
  });
});

describe('relative capture and bundle names stay inside the captures folder', () => {
  const header = encodeHeader(makeHeader({ appVersion: 't', os: 't', createdAt: 1, connection: { connectionId: 'c', protocol: 'mqtt' } }));
  const valid = header + encodeRecord(messageRecord({ connectionId: 'c', protocol: 'mqtt', arrivedAt: 2, topic: 'a/b', payload: Buffer.from('x') }));

  it('captures.open refuses .. (relative or not) and a symlink out of the folder; a plain name inside opens', async () => {
    // A valid capture just outside the folder: reached only through an escape.
    fs.writeFileSync(path.join(dir, 'outside.fscap'), valid);
    for (const file of ['../outside.fscap', 'sub/../../outside.fscap', '..\\outside.fscap', `${captures}/../outside.fscap`, '../../../../../../etc/passwd']) {
      const a = await backend.dispatch('captures.open', { file });
      expect(errorOf(a).code, file).toBe('capture-path');
      expect(errorOf(a).message, file).toMatch(/cannot contain "\.\."/);
    }
    fs.symlinkSync(path.join(dir, 'outside.fscap'), path.join(captures, 'link.fscap'));
    const viaLink = await backend.dispatch('captures.open', { file: 'link.fscap' });
    expect(errorOf(viaLink)).toMatchObject({ code: 'capture-path', message: expect.stringMatching(/outside the captures folder/) });
    const nul = await backend.dispatch('captures.open', { file: 'a\0b.fscap' });
    expect(errorOf(nul).code).toBe('capture-path');

    fs.writeFileSync(path.join(captures, 'inside.fscap'), valid);
    const ok = await backend.call('captures.open', { file: 'inside.fscap' });
    expect(ok.file).toBe(path.join(captures, 'inside.fscap'));
    // A full path is the user's own choice (file picker) and opens where it is.
    const full = await backend.call('captures.open', { file: path.join(dir, 'outside.fscap') });
    expect(full.messages).toBe(1);

    // Bundles: a relative name with .. is refused and nothing is written outside.
    const b = await backend.dispatch('captures.createBundle', { captureId: ok.captureId, pseudonymise: true, file: '../escaped.fsbundle' });
    expect(errorOf(b).code).toBe('capture-path');
    expect(fs.existsSync(path.join(dir, 'escaped.fsbundle'))).toBe(false);
    const made = await backend.call('captures.createBundle', { captureId: ok.captureId, pseudonymise: true, file: 'kept.fsbundle' });
    expect(made.file).toBe(path.join(captures, 'kept.fsbundle'));
  });

  it('captures.startRecording refuses a .. file name', async () => {
    const saved = await backend.call('profiles.save', { profile: { kind: 'mqtt', id: '', name: 'Nowhere', host: '127.0.0.1', port: 1 } });
    const conn = await backend.call('connections.open', { profileId: saved.profile.id });
    const name = `escaped-${path.basename(dir)}.fscap`;
    const a = await backend.dispatch('captures.startRecording', { connectionId: conn.connectionId, file: `../../${name}`, gzip: false });
    expect(errorOf(a).code).toBe('capture-path');
    expect(fs.existsSync(path.join(dir, '..', name))).toBe(false);
    await backend.call('connections.close', { connectionId: conn.connectionId });
  });
});
