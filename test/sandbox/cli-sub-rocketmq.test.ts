/** `fieldscope sub rocketmq://...` (built CLI) against the sandbox RocketMQ face. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxEndpoints } from '../../shared/contract/sandbox.contract';
import type { SandboxService } from '../../electron/services/sandbox/sandbox-service';
import { runCliToEnd } from '../captures/cli-helpers';
import { ROCKETMQ_ONLY, startSandbox } from './sandbox-helpers';

const cli = runCliToEnd;

describe('fieldscope sub with a RocketMQ source', () => {
  let sandbox: SandboxService;
  let ep: SandboxEndpoints;
  beforeAll(async () => {
    ({ sandbox, ep } = await startSandbox({
      ...ROCKETMQ_ONLY,
      fleet: { enabled: true, devices: 1, telemetryIntervalMs: 1000, simPushIntervalMs: 50, taobaoIntervalMs: 50, statusIntervalMs: 1000 },
    }));
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  const url = () => `rocketmq://${ep.rocketmq!.accessKey}@${ep.rocketmq!.nameServer}`;

  it('prints SIM pushes as NDJSON with their RocketMQ attributes (secret from the environment)', async () => {
    const r = await cli(
      ['sub', url(), '-t', ep.rocketmq!.topics.simPush, '-g', 'GID_fieldscope_diag', '--from', 'earliest', '-P', '@env:RMQ_SK', '-C', '3', '-W', '60'],
      { RMQ_SK: ep.rocketmq!.secretKey },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBe(3);
    for (const l of lines) {
      expect(l.topic).toBe('iotsim_mq_push');
      expect(l.msgId).toMatch(/^[0-9A-F]{32}$/);
      expect((JSON.parse(l.payload as string) as { messageType: string }).messageType).toBe(l.tags);
      expect(l).toMatchObject({ bornHost: '100.100.36.17:10911', reconsumeTimes: 0 });
    }
  });

  it('exits 1 with the vendor words for a wrong secret, 2 for a missing group', async () => {
    const wrong = await cli(['sub', url(), '-t', ep.rocketmq!.topics.simPush, '-g', 'GID_fieldscope_diag', '-P', 'wrong', '-W', '60']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/signature does not match/);
    const usage = await cli(['sub', url(), '-t', 'x', '-P', 'y']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/Group ID with -g/);
  });
});
