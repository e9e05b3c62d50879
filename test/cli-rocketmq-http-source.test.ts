/** How `fieldscope sub` reads a rocketmq+http[s]:// source into the app's rocketmq-http profile (pure parsing). */
import { describe, expect, it } from 'vitest';
import { buildRocketmqHttpSub, isRocketmqHttpUrl } from '../electron/cli/commands/rocketmq-http-source';
import { buildRocketmqSource, isRocketmqSource, UsageError } from '../electron/cli/commands/rocketmq-sub';

const env = { SK: 'the-secret' };
const base = ['-t', 'iotsim_mq_push', '-g', 'GID_diag', '-P', '@env:SK'];

describe('rocketmq+http source', () => {
  it('reads endpoint, instance, topic, group, tags and the secret from the environment', () => {
    const r = buildRocketmqHttpSub(['rocketmq+http://AK%2Fx@127.0.0.1:8080?instance=MQ_INST_1', ...base, '--tags', ' TagA ||TagB ', '-C', '3', '-W', '9'], env);
    expect(r.profile).toMatchObject({
      kind: 'rocketmq-http',
      host: '127.0.0.1',
      port: 8080,
      tls: false,
      instanceId: 'MQ_INST_1',
      topic: 'iotsim_mq_push',
      groupId: 'GID_diag',
      tag: 'TagA||TagB',
      accessKey: 'AK/x',
      ackMode: 'auto',
      batchSize: 3,
    });
    expect(r).toMatchObject({ secret: 'the-secret', count: 3, timeoutSec: 9 });
  });

  it('takes https with its default port, the instance ID from --namespace, every tag by default', () => {
    const r = buildRocketmqHttpSub(['rocketmq+https://AK@1234.mqrest.cn-hangzhou.aliyuncs.com', ...base, '--namespace', 'MQ_INST_2'], env);
    expect(r.profile).toMatchObject({ host: '1234.mqrest.cn-hangzhou.aliyuncs.com', port: 443, tls: true, instanceId: 'MQ_INST_2', tag: '', batchSize: 16 });
  });

  it('refuses what it cannot honour, with what to fix', () => {
    const bad =
      (args: string[], e: NodeJS.ProcessEnv = env) =>
      () =>
        buildRocketmqHttpSub(args, e);
    expect(bad(['rocketmq+http://AK@h:1?instance=a', ...base, '--namespace', 'b'])).toThrow(/instance ID is given twice/);
    expect(bad(['rocketmq+http://AK@h:1?inst=a', ...base])).toThrow(/unknown URL parameter 'inst'/);
    expect(bad(['rocketmq+http://AK@h:99999', ...base])).toThrow(/no valid port/);
    expect(bad(['rocketmq+http://AK@h', ...base, '--clustering'])).toThrow(/--clustering is for rocketmq:\/\/ sources/);
    expect(bad(['rocketmq+http://AK@h', ...base, '--tags', 'A||*'])).toThrow(/is not a tag/);
    expect(bad(['rocketmq+http://AK@h', ...base], {})).toThrow(/SK .* is not set/);
    expect(bad(['rocketmq+http://AK@h', ...base, '-P'])).toThrow(/needs a value/);
  });

  it('is dispatched by scheme next to rocketmq://, each with its own secret slot value', () => {
    expect(['rocketmq://h:9876', 'rocketmq+http://a@h', 'ROCKETMQ+HTTPS://a@h'].map(isRocketmqSource)).toEqual([true, true, true]);
    expect(isRocketmqHttpUrl('mqtt://h')).toBe(false);
    process.env.FS_TEST_RMQ_SK = 'sk';
    try {
      expect(buildRocketmqSource(['rocketmq+http://AK@h', '-t', 't', '-g', 'GID_a', '-P', '@env:FS_TEST_RMQ_SK']).profile.kind).toBe('rocketmq-http');
      const tcp = buildRocketmqSource(['rocketmq://AK@h:9876', '-t', 't', '-g', 'GID_a', '-P', '@env:FS_TEST_RMQ_SK']);
      expect(tcp).toMatchObject({ profile: { kind: 'rocketmq' }, secret: 'sk' });
    } finally {
      delete process.env.FS_TEST_RMQ_SK;
    }
  });
});

describe('rocketmq+http source inside another command', () => {
  it("takes the outer command's options next to its own (as record passes -o, --duration, --gzip)", () => {
    process.env.FS_TEST_RMQ_SK = 'sk';
    try {
      const r = buildRocketmqSource(['rocketmq+http://AK@h', '-t', 't', '-g', 'GID_a', '-P', '@env:FS_TEST_RMQ_SK', '-o', 'x.fscap', '--gzip'], {
        booleans: ['gzip'],
        aliases: { o: 'output' },
        known: ['output', 'gzip'],
      });
      expect(r.flags).toMatchObject({ output: 'x.fscap', gzip: true });
      expect(() => buildRocketmqSource(['rocketmq+http://AK@h', '-t', 't', '-g', 'GID_a', '-P', '@env:FS_TEST_RMQ_SK', '-o', 'x'])).toThrow(UsageError);
    } finally {
      delete process.env.FS_TEST_RMQ_SK;
    }
  });
});
