// Runs in its own process (see runTsInChild): a regex engine that backtracks would never return from these calls,
// and the parent kills this process after a generous limit instead of hanging the suite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBackend } from '../../electron/services/backend';
import { MemorySecretStore } from '../../electron/services/core/secret-store';
import { encodeHeader, encodeRecord, makeHeader, messageRecord } from '../../shared/capture/capture-encoder';

type Job = { mode: 'messages' | 'replay'; hostile: string; pattern: string; invalid: string[] };
const job = JSON.parse(process.argv[2] ?? '{}') as Job;

function captureText(records: Array<{ topic: string; payload: string }>): string {
  const at = Date.now() - 10_000;
  let text = encodeHeader(makeHeader({ appVersion: 'test', os: 'test', createdAt: at, connection: { connectionId: 'x', protocol: 'mqtt' } }));
  records.forEach(
    (r, i) =>
      (text += encodeRecord(
        messageRecord({ connectionId: 'x', protocol: 'mqtt', arrivedAt: at + i, topic: r.topic, payload: Buffer.from(r.payload), qos: 0 }),
      )),
  );
  return text;
}

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-hostile-regex-'));
const backend = await startBackend({ host: 'test', dataDir, secrets: new MemorySecretStore(), sandbox: false });
const out: Record<string, unknown> = {};
try {
  fs.mkdirSync(path.join(dataDir, 'captures'), { recursive: true });
  if (job.mode === 'messages') {
    // The hostile payload reaches the store the way a customer's file does: through captures.open.
    fs.writeFileSync(
      path.join(dataDir, 'captures', 'hostile.fscap'),
      captureText([
        { topic: 'dev/1', payload: job.hostile },
        { topic: 'dev/2', payload: 'aaaa' },
        { topic: 'dev/3', payload: 'nothing to see' },
      ]),
    );
    const opened = await backend.dispatch('captures.open', { file: 'hostile.fscap' });
    if (!opened.ok) throw new Error(opened.error.message);
    const cid = (opened.value as { connectionId: string }).connectionId;
    const page = await backend.dispatch('messages.page', { filter: { connectionIds: [cid], text: job.pattern, regex: true }, offset: 0, limit: 10 });
    out.page = page.ok ? { ok: true, topics: (page.value as { rows: Array<{ topic: string }> }).rows.map((r) => r.topic) } : page;
    out.invalid = await Promise.all(
      job.invalid.map((p) => backend.dispatch('messages.page', { filter: { connectionIds: [cid], text: p, regex: true }, offset: 0, limit: 10 })),
    );
  } else {
    const started = await backend.dispatch('sandbox.start', { config: { fleet: { enabled: false }, amqp: { enabled: false }, huawei: { enabled: false } } });
    if (!started.ok) throw new Error(started.error.message);
    // Under telemetry/: the sandbox MQ profile follows `<parent>/telemetry/#` (and presence), not the whole parent topic.
    const under = `${(started.value as { endpoints: { mq: { parentTopics: string[] } } }).endpoints.mq.parentTopics[0]!}/telemetry`;
    const mq = await until('the sandbox MQ connection', async () => {
      const conns = await backend.call('connections.list', {});
      const c = conns.find((x) => x.profileId === 'sandbox-mq');
      return c?.state.status === 'connected' ? c : undefined;
    });
    fs.writeFileSync(
      path.join(dataDir, 'captures', 'hostile-topics.fscap'),
      captureText([
        { topic: `${under}/${job.hostile}`, payload: 'one' },
        { topic: `${under}/dev/aaaa`, payload: 'two' },
      ]),
    );
    const info = await backend.call('captures.open', { file: 'hostile-topics.fscap' });
    const st = await backend.dispatch('captures.replay', {
      captureId: info.captureId,
      target: { sandbox: true },
      speed: 0,
      rewrite: { regex: job.pattern, replacement: 'x' },
    });
    if (!st.ok) throw new Error(st.error.message);
    const replayId = (st.value as { replayId: string }).replayId;
    out.replay = await until('the replay to end', async () => {
      const r = (await backend.call('captures.replays', {})).find((x) => x.replayId === replayId);
      return r && r.state !== 'running' ? { state: r.state, sent: r.sent, errors: r.errors } : undefined;
    });
    out.topics = await until('the replayed rows', async () => {
      const p = await backend.call('messages.page', { filter: { connectionIds: [mq.connectionId], topicFilter: `${under}/#` }, offset: 0, limit: 10 });
      return p.total >= 2 ? p.rows.map((r) => r.topic.slice(under.length + 1)) : undefined;
    });
    out.invalid = await Promise.all(
      job.invalid.map((p) =>
        backend.dispatch('captures.replay', { captureId: info.captureId, target: { sandbox: true }, speed: 0, rewrite: { regex: p, replacement: 'x' } }),
      ),
    );
  }
} finally {
  await backend.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.stdout.write(`\n${JSON.stringify(out)}\n`);
process.exit(0);
