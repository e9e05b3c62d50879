/** `fieldscope sub rocketmq+http://...` (built CLI, the official @aliyunmq/mq-http-sdk inside) against the sandbox's MQ HTTP face. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxEndpoints } from '../../shared/contract/sandbox.contract';
import type { SandboxService } from '../../electron/services/sandbox/sandbox-service';
import { RocketmqAttributes } from '../../shared/contract/messages.contract';
import type { MessageRecord } from '../../shared/capture/capture-format';
import { parseCaptureText } from '../../shared/capture/capture-parser';
import { cliBin as bin, runCliToEnd } from '../captures/cli-helpers';
import { ROCKETMQ_ONLY, startSandbox, until } from './sandbox-helpers';

const cli = runCliToEnd;

// Each test starts the CLI (a Node process): generous liveness bounds for a loaded machine.
describe('fieldscope sub with a RocketMQ HTTP source', { timeout: 120_000 }, () => {
  let sandbox: SandboxService;
  let ep: SandboxEndpoints;
  beforeAll(async () => {
    ({ sandbox, ep } = await startSandbox({
      ...ROCKETMQ_ONLY,
      fleet: { enabled: true, devices: 1, telemetryIntervalMs: 1000, simPushIntervalMs: 50, taobaoIntervalMs: 1000, statusIntervalMs: 1000 },
      // A quiet topic of our own; an un-acked message comes back after 2 s instead of the cloud's 5 min.
      rocketmq: { topics: { other: ['cli_http'] }, http: { invisibleMs: 2000 } },
    }));
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  const url = () => {
    const http = new URL(ep.rocketmq!.http!.endpoint);
    return `rocketmq+http://${ep.rocketmq!.accessKey}@${http.host}?instance=${ep.rocketmq!.http!.instanceId}`;
  };

  it('prints SIM pushes as NDJSON with their RocketMQ attributes (secret from the environment)', async () => {
    const r = await cli(['sub', url(), '-t', ep.rocketmq!.topics.simPush, '-g', 'GID_fieldscope_diag', '-P', '@env:RMQ_HTTP_SK', '-C', '3', '-W', '60'], {
      RMQ_HTTP_SK: ep.rocketmq!.secretKey,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBe(3);
    for (const l of lines) {
      expect(l.topic).toBe(ep.rocketmq!.topics.simPush);
      expect(l.msgId).toMatch(/^[0-9A-F]{32}$/);
      const payload = JSON.parse(l.payload as string) as { messageType: string };
      expect(payload.messageType).toBe(l.tags);
      // The same keys as a rocketmq:// line; what the HTTP protocol does not carry is null.
      expect(l).toMatchObject({ queueId: null, queueOffset: null, bornHost: null, storeTimestamp: null, reconsumeTimes: 0, consumedTimes: 1 });
      expect(Array.isArray(l.keys)).toBe(true);
      expect(typeof l.properties).toBe('object');
      expect(typeof l.publishTime).toBe('number');
      expect(Date.parse(l.arrivedAt as string)).toBeGreaterThan(Date.now() - 120_000);
    }
    expect(new Set(lines.map((l) => l.msgId)).size).toBe(3);
  });

  it('filters by tag', async () => {
    const r = await cli(
      [
        'sub',
        url(),
        '-t',
        ep.rocketmq!.topics.simPush,
        '-g',
        'GID_fieldscope_diag',
        '--tags',
        'CARD_STATUS_CHANGE',
        '-P',
        '@env:RMQ_HTTP_SK',
        '-C',
        '2',
        '-W',
        '60',
      ],
      { RMQ_HTTP_SK: ep.rocketmq!.secretKey },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const tags = r.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { tags: string }).tags);
    expect(tags).toEqual(['CARD_STATUS_CHANGE', 'CARD_STATUS_CHANGE']);
  });

  it('two --count runs print every published message exactly once (none acked unprinted)', async () => {
    const publish = (i: number) => sandbox.rocketmq!.publish('cli_http', { tags: 'T', keys: [`k${i}`], body: Buffer.from(`m${i}`, 'utf8') }).msgId;
    const sent = [publish(1)];
    const run = (n: number) =>
      cli(['sub', url(), '-t', 'cli_http', '-g', 'GID_fieldscope_diag', '-P', '@env:RMQ_HTTP_SK', '-C', String(n), '-W', '60'], {
        RMQ_HTTP_SK: ep.rocketmq!.secretKey,
      });
    const first = run(2);
    // Published while the first run may be polling: a batch can hold more than it still needs.
    sent.push(publish(2), publish(3), publish(4));
    const a = await first;
    const b = await run(2);
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', '']);
    const got = [a, b].flatMap((r) =>
      r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { msgId: string; keys: string[]; payload: string }),
    );
    expect(got.map((l) => l.msgId).sort()).toEqual([...sent].sort());
    for (const l of got) expect(l.payload).toBe(`m${l.keys[0]!.slice(1)}`);
  });

  it('exits 1 with the vendor words for a wrong secret or an unknown group', async () => {
    const wrong = await cli(['sub', url(), '-t', ep.rocketmq!.topics.simPush, '-g', 'GID_fieldscope_diag', '-P', '@env:RMQ_HTTP_SK', '-W', '60'], {
      RMQ_HTTP_SK: 'wrong-secret',
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toMatch(/SignatureDoesNotMatch/);
    expect(wrong.stderr).toMatch(/the signature does not match/);
    const group = await cli(['sub', url(), '-t', ep.rocketmq!.topics.simPush, '-g', 'GID_nobody', '-P', '@env:RMQ_HTTP_SK', '-W', '60'], {
      RMQ_HTTP_SK: ep.rocketmq!.secretKey,
    });
    expect(group.code).toBe(1);
    expect(group.stderr).toMatch(/Group ID GID_nobody does not exist/);
  });

  it('exits 2 with what to fix for usage errors, the secret never taken from the command line', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['-t', 'x', '-P', '@env:RMQ_HTTP_SK'], /Group ID with -g/],
      [['-t', 'x', '-g', 'GID_a', '-P', 'literal-secret'], /-P takes @env:VAR/],
      [['-t', 'x', '-g', 'GID_a'], /AccessKey secret with -P @env:VAR/],
      [['-t', 'x', '-g', 'GID_a', '-P', '@env:RMQ_HTTP_SK', '--from', 'earliest'], /--from is for rocketmq:\/\/ sources/],
    ];
    for (const [extra, words] of cases) {
      const r = await cli(['sub', url(), ...extra], { RMQ_HTTP_SK: 'x' });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(words);
    }
    const noKey = await cli(['sub', `rocketmq+http://${new URL(ep.rocketmq!.http!.endpoint).host}`, '-t', 'x', '-g', 'GID_a', '-P', '@env:RMQ_HTTP_SK'], {
      RMQ_HTTP_SK: 'x',
    });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/put the AccessKey in the URL/);
  });

  it('fieldscope record takes the same rocketmq+http:// source: a capture with the RocketMQ section and no secret', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-rmq-http-record-'));
    const file = path.join(dir, 'http.fscap');
    const p = spawn(
      process.execPath,
      [bin, 'record', url(), '-t', ep.rocketmq!.topics.simPush, '-g', 'GID_fieldscope_diag', '-P', '@env:RMQ_HTTP_SK', '-o', file],
      {
        env: { ...process.env, RMQ_HTTP_SK: ep.rocketmq!.secretKey },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => p.on('close', resolve));
    try {
      // Stopped as a user stops it (SIGTERM) once the file holds two messages (flushed at least once a second).
      await until(
        'two SIM pushes in the capture',
        () => {
          try {
            return parseCaptureText(fs.readFileSync(file, 'utf8')).summary.messages >= 2;
          } catch {
            return false; // not written yet
          }
        },
        60_000,
      );
      p.kill('SIGTERM');
      expect(await closed).toBe(0);
      expect(stderr).toBe('');
      const start = JSON.parse(stdout.trim().split('\n')[0]) as Record<string, unknown>;
      expect(start).toMatchObject({ recording: file, url: `rocketmq+http://${new URL(ep.rocketmq!.http!.endpoint).host}`, group: 'GID_fieldscope_diag' });
      const text = fs.readFileSync(file, 'utf8');
      expect(text).not.toContain(ep.rocketmq!.secretKey);
      const { records, summary } = parseCaptureText(text);
      expect(summary.header.profile).toMatchObject({ kind: 'rocketmq-http', groupId: 'GID_fieldscope_diag' });
      const msgs = records.filter((x): x is MessageRecord => x.type === 'msg');
      expect(msgs.length).toBeGreaterThanOrEqual(2);
      for (const m of msgs) {
        expect(m.protocol).toBe('rocketmq');
        expect(m.topic).toBe(ep.rocketmq!.topics.simPush);
        expect(RocketmqAttributes.parse(m.rocketmq).msgId).toMatch(/^[0-9A-F]{32}$/);
      }
    } finally {
      p.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
