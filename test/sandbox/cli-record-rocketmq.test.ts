/** `fieldscope record rocketmq://...` (built CLI) against the sandbox RocketMQ face, the capture read back. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RocketmqAttributes } from '../../shared/contract/messages.contract';
import type { CaptureHeader, MessageRecord } from '../../shared/capture/capture-format';
import { parseCaptureText } from '../../shared/capture/capture-parser';
import type { SandboxEndpoints } from '../../shared/contract/sandbox.contract';
import type { SandboxService } from '../../electron/services/sandbox/sandbox-service';
import { ons, onsProducer } from './ons-clients';
import { ROCKETMQ_ONLY, startSandbox, until } from './sandbox-helpers';

const bin = path.join(import.meta.dirname, '..', '..', 'bin', 'fieldscope.js');

function cli(args: string[], env: Record<string, string> = {}) {
  const p = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (d) => (stdout += d));
  p.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => p.on('close', (code) => resolve({ code, stdout, stderr })));
  return { p, done, out: () => stdout };
}

describe('fieldscope record with a RocketMQ source', () => {
  let sandbox: SandboxService;
  let ep: SandboxEndpoints;
  let dir: string;
  beforeAll(async () => {
    ({ sandbox, ep } = await startSandbox({
      ...ROCKETMQ_ONLY,
      fleet: { enabled: false },
    }));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-rmq-record-'));
  });
  afterAll(async () => {
    await sandbox.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const url = () => `rocketmq://${ep.rocketmq!.accessKey}@${ep.rocketmq!.nameServer}`;

  it('records tagged keyed messages with their RocketMQ section, never the SecretKey, and reads them back', async () => {
    const p = onsProducer(ep.rocketmq!.nameServer, ep.rocketmq!.accessKey, ep.rocketmq!.secretKey);
    const sent: string[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const m = new ons.Message('fieldscope_test', 'Rec', Buffer.from(i === 2 ? [0xff, 0x00, i] : [0x7b, 0x7d]));
        m.keys = [`order-${i}`];
        m.properties.orderId = `T-${i}`;
        sent.push((await p.send(m)).msgId);
      }
      await p.send(new ons.Message('fieldscope_test', 'Other', 'not this tag'));
    } finally {
      await p.close().catch(() => undefined);
    }
    const file = path.join(dir, 'rmq.fscap');
    const run = cli(
      ['record', url(), '-t', 'fieldscope_test', '-g', 'GID_fieldscope_diag', '--tags', 'Rec', '--from', 'earliest', '-P', '@env:RMQ_SK', '-o', file],
      { RMQ_SK: ep.rocketmq!.secretKey },
    );
    // Stopped like a user stops it (SIGTERM) once the file holds the three messages (flushed at least once a second).
    await until(
      'the three messages in the capture',
      () => {
        try {
          return parseCaptureText(fs.readFileSync(file, 'utf8')).summary.messages >= 3;
        } catch {
          return false; // not written yet
        }
      },
      60_000,
    );
    run.p.kill('SIGTERM');
    const r = await run.done;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [start, stop] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(start).toMatchObject({ recording: file, url: `rocketmq://${ep.rocketmq!.nameServer}`, topic: 'fieldscope_test', group: 'GID_fieldscope_diag' });
    expect(stop).toMatchObject({ stopped: 'terminated', file, messages: 3 });

    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain(ep.rocketmq!.secretKey);
    const { records, summary } = parseCaptureText(text);
    const header: CaptureHeader = summary.header;
    expect(header.connection).toMatchObject({ protocol: 'rocketmq', kind: 'url', filters: ['fieldscope_test'] });
    expect(header.profile).toMatchObject({ kind: 'rocketmq', consumerGroupId: 'GID_fieldscope_diag', tagExpression: 'Rec', accessKey: ep.rocketmq!.accessKey });
    const msgs = records.filter((x): x is MessageRecord => x.type === 'msg');
    expect(msgs.map((m) => m.rocketmq && RocketmqAttributes.parse(m.rocketmq).msgId).sort()).toEqual([...sent].sort());
    for (const m of msgs) {
      const a = RocketmqAttributes.parse(m.rocketmq);
      const i = sent.indexOf(a.msgId);
      expect(m.protocol).toBe('rocketmq');
      expect(m.topic).toBe('fieldscope_test');
      expect(a).toMatchObject({ tags: 'Rec', keys: [`order-${i}`], userProperties: { orderId: `T-${i}` }, reconsumeTimes: 0 });
      expect(Buffer.from(m.payload, 'base64')).toEqual(Buffer.from(i === 2 ? [0xff, 0x00, i] : [0x7b, 0x7d]));
    }
    // The driver's protocol log is in the capture too.
    expect(records.some((x) => x.type === 'log' && /consumer GID_fieldscope_diag \(broadcasting\)/.test(x.summary))).toBe(true);
  });

  it('documents the rocketmq:// form in --help and refuses sub-only options with usage', async () => {
    const help = await cli(['record', '--help']).done;
    expect(help.stdout + help.stderr).toContain('fieldscope record rocketmq://');
    const r = await cli(['record', url(), '-t', 'fieldscope_test', '-g', 'GID_fieldscope_diag', '-P', 'x', '-o', path.join(dir, 'n.fscap'), '-C', '3']).done;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('-C/--count and -W/--timeout are for fieldscope sub');
    const noOut = await cli(['record', url(), '-t', 'fieldscope_test', '-g', 'GID_fieldscope_diag', '-P', 'x']).done;
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('give the capture file with -o');
  });
});
