import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/services/backend';
import { MemorySecretStore } from '../../electron/services/core/secret-store';
import { backendAt, mqttDraft, tempDataDir } from './profile-helpers';

const open: Backend[] = [];
afterEach(async () => {
  for (const b of open.splice(0)) await b.dispose();
});

/** Starts a backend on dataDir, recording the app.notice events it emits while starting. */
async function startWatching(dataDir: string) {
  const b = new Backend({ host: 'test', dataDir, secrets: new MemorySecretStore(), sandbox: false });
  const notices: string[] = [];
  b.events.on('app.notice', (n) => notices.push(n.message));
  open.push(b);
  await b.start();
  return { b, notices };
}

function asideFiles(dataDir: string) {
  return fs.readdirSync(dataDir).filter((f) => f.startsWith('profiles.json.corrupt-'));
}

describe('a corrupt or unreadable profile store', () => {
  const cases: Array<{ name: string; make: (file: string) => void; why: RegExp; original?: string }> = [
    {
      name: 'garbage bytes',
      make: (f) => fs.writeFileSync(f, '\u0000\u0001{{{ not json at all'),
      why: /not valid JSON/,
      original: '\u0000\u0001{{{ not json at all',
    },
    {
      name: 'valid JSON of the wrong shape (array)',
      make: (f) => fs.writeFileSync(f, '[1,2,3]'),
      why: /does not look like a Fieldscope profile store/,
      original: '[1,2,3]',
    },
    {
      name: 'valid JSON of the wrong shape (profiles not a list)',
      make: (f) => fs.writeFileSync(f, '{"profiles":"nope"}'),
      why: /does not look like a Fieldscope profile store/,
      original: '{"profiles":"nope"}',
    },
    { name: 'unreadable (a folder where the file should be)', make: (f) => fs.mkdirSync(f), why: /could not be read/ },
  ];
  for (const c of cases) {
    it(`${c.name}: is moved aside, the user is told, and the app starts empty and works`, async () => {
      const dataDir = tempDataDir();
      const file = path.join(dataDir, 'profiles.json');
      c.make(file);
      const { b, notices } = await startWatching(dataDir);
      const aside = asideFiles(dataDir);
      expect(aside).toHaveLength(1);
      if (c.original !== undefined) expect(fs.readFileSync(path.join(dataDir, aside[0]), 'utf8')).toBe(c.original); // nothing lost
      const info = await b.call('app.info', {});
      expect(info.startupWarnings).toHaveLength(1);
      expect(info.startupWarnings[0]).toMatch(c.why);
      expect(info.startupWarnings[0]).toContain(aside[0]);
      expect(notices).toEqual(info.startupWarnings);
      expect(await b.call('profiles.list', {})).toEqual([]);
      // And the app can save again into a fresh file.
      await b.call('profiles.save', { profile: mqttDraft('After recovery') });
      expect(JSON.parse(fs.readFileSync(file, 'utf8')).profiles).toHaveLength(1);
    });
  }

  it('one invalid profile is not loaded, the others are, and the bad one stays in the file', async () => {
    const dataDir = tempDataDir();
    const file = path.join(dataDir, 'profiles.json');
    const good = { kind: 'mqtt', id: 'good-1', name: 'Good', host: 'h', port: 1883 };
    const bad = { kind: 'mqtt', id: 'bad-1', name: 'Bad port', host: 'h', port: 99999 };
    fs.writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        profiles: [
          { profile: good, secrets: [] },
          { profile: bad, secrets: [] },
        ],
      }),
    );
    const { b, notices } = await startWatching(dataDir);
    expect(asideFiles(dataDir)).toEqual([]);
    const list = await b.call('profiles.list', {});
    expect(list.map((v) => v.profile.id)).toEqual(['good-1']);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/"Bad port".*port/);
    await b.call('profiles.save', { profile: mqttDraft('New') });
    const ids = JSON.parse(fs.readFileSync(file, 'utf8')).profiles.map((p: { profile: { id: string } }) => p.profile.id);
    expect(ids).toContain('bad-1');
    expect(ids).toContain('good-1');
  });

  it('writes are atomic: another process reading the file while we save never sees a torn file', async () => {
    const dataDir = tempDataDir();
    const b = await backendAt(dataDir);
    open.push(b);
    const file = path.join(dataDir, 'profiles.json');
    await b.call('profiles.save', { profile: mqttDraft('seed', { subscriptions: Array.from({ length: 200 }, (_, i) => ({ filter: `t/${i}/#`, qos: 0 })) }) });
    // An independent reader (its own process) parses the file as fast as it can until told to stop.
    const reader = spawn(
      process.execPath,
      [
        '-e',
        `const fs=require('fs');let ok=0,bad=0,stop=false;process.stdin.on('data',()=>{stop=true});
         (function loop(){for(let i=0;i<200;i++){try{JSON.parse(fs.readFileSync(${JSON.stringify(file)},'utf8'));ok++}catch(e){if(e.code!=='ENOENT')bad++}}
         if(stop){process.stdout.write(JSON.stringify({ok,bad}));process.exit(0)}setImmediate(loop)})();`,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    let out = '';
    reader.stdout.on('data', (d) => (out += d));
    const base = (await b.call('profiles.list', {}))[0].profile;
    for (let i = 0; i < 150; i++) await b.call('profiles.save', { profile: { ...base, name: `seed ${i}` } });
    reader.stdin.write('stop');
    await new Promise((r) => reader.on('exit', r));
    const { ok, bad } = JSON.parse(out) as { ok: number; bad: number };
    console.log(`atomic-write check: ${ok} concurrent reads parsed, ${bad} torn`);
    expect(ok).toBeGreaterThan(0);
    expect(bad).toBe(0);
    expect(fs.readdirSync(dataDir).filter((f) => f !== 'profiles.json')).toEqual([]); // no temp files left
  });
});

describe('invalid profile input is refused at the boundary', () => {
  it('says which field is wrong and saves nothing', async () => {
    const b = await backendAt(tempDataDir());
    open.push(b);
    const badPort = await b.dispatch('profiles.save', { profile: mqttDraft('x', { port: 70000 }) });
    expect(badPort.ok).toBe(false);
    if (!badPort.ok) {
      expect(badPort.error.code).toBe('invalid-input');
      expect(badPort.error.message).toMatch(/profile\.port/);
    }
    const noHost = await b.dispatch('profiles.save', { profile: { kind: 'mqtt', name: 'x', port: 1 } });
    expect(noHost.ok).toBe(false);
    if (!noHost.ok) expect(noHost.error.message).toMatch(/profile\.host/);
    const badKind = await b.dispatch('profiles.save', { profile: { kind: 'telnet', name: 'x', host: 'h', port: 1 } });
    expect(badKind.ok).toBe(false);
    if (!badKind.ok) expect(badKind.error.message).toMatch(/profile\.kind/);
    const badSlot = await b.dispatch('profiles.save', { profile: mqttDraft(), secrets: { pin: '1234' } });
    expect(badSlot.ok).toBe(false);
    if (!badSlot.ok) expect(badSlot.error.message).toMatch(/secrets/);
    const mqMissing = await b.dispatch('profiles.save', {
      profile: { kind: 'aliyun-mq', name: 'x', host: 'h', port: 1883, groupId: 'GID_a', accessKey: 'ak' },
    });
    expect(mqMissing.ok).toBe(false);
    if (!mqMissing.ok) expect(mqMissing.error.message).toMatch(/profile\.deviceId/);
    expect(await b.call('profiles.list', {})).toEqual([]);
  });
});
