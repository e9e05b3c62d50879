/**
 * The CLI's RocketMQ source over Alibaba's MQ HTTP protocol:
 * `rocketmq+http://<AccessKey>@<host>[:port]?instance=<instance ID>` (or rocketmq+https://), read into the same
 * `rocketmq-http` profile the app uses. Pure parsing: errors are usage errors with what to fix.
 */
import { Profile, type RocketmqHttpProfile } from '../../../shared/contract/profiles.contract';
import { parseTagExpression } from '../../../shared/rocketmq/tag-expression';
import { parseArgs } from '../command';
import type { OuterOptions } from './rocketmq-sub';

export const ROCKETMQ_HTTP_SUB_USAGE = `RocketMQ 4.x over the MQ HTTP protocol (@aliyunmq/mq-http-sdk; the instance's HTTP endpoint):
  fieldscope sub rocketmq+http[s]://<AccessKey>@<host>[:<port>][?instance=<instance ID>] -t <topic> -g <Group ID> -P @env:<VAR> [options]
    -t, --topic <topic>        the topic (one)
    -g, --group <Group ID>     consumer Group ID created for the HTTP protocol; consuming over HTTP always shares the
                               group's messages (acked ones are gone for its other consumers): use a dedicated Group ID
    --tags <expr>              * (default) or TagA || TagB
    --namespace <instance ID>  the instance ID (MQ_INST_...), instead of ?instance= in the URL
    -P, --secret-key @env:<VAR>  the AccessKey's secret, read from that environment variable (never from the command line)
    -C, --count <N>  -W, --timeout <s>   as for MQTT
  Each line has the rocketmq:// shape; the HTTP protocol carries no queue, offsets or hosts, so queueId, queueOffset,
  bornTimestamp, storeTimestamp and bornHost are null; it adds "publishTime" and "consumedTimes".
  Printed messages are acked; with --count, the ones fetched beyond N are not acked and come back to the group.`;

export class RocketmqUsageError extends Error {}

const ALIASES = { t: 'topic', g: 'group', P: 'secret-key', C: 'count', W: 'timeout' };
const KNOWN = new Set(['topic', 'group', 'tags', 'namespace', 'secret-key', 'count', 'timeout']);
/** Options of the rocketmq:// form that the HTTP protocol has no equivalent for: say why instead of "unknown". */
const TCP_ONLY: Readonly<Record<string, string>> = {
  clustering: 'the MQ HTTP protocol always consumes in clustering mode (the group shares its messages)',
  from: 'the MQ HTTP protocol has no start point: a group gets the messages it has not acked yet',
};

export const isRocketmqHttpUrl = (arg: string): boolean => /^rocketmq\+https?:\/\//i.test(arg);

/** One value of a flag given at most once (shared by every RocketMQ source form). */
export function one(v: unknown, name: string): string | undefined {
  if (Array.isArray(v)) throw new RocketmqUsageError(`--${name} was given more than once`);
  return typeof v === 'string' ? v : undefined;
}

export function int(v: string | undefined, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new RocketmqUsageError(`--${name} must be a whole number from ${min} to ${max}, got '${v}'`);
  return n;
}

/** The secret only from the environment: a command line is visible to every user of the machine (ps). */
function secretFromEnv(v: string | undefined, env: NodeJS.ProcessEnv): string {
  if (v === undefined) throw new RocketmqUsageError('give the AccessKey secret with -P @env:VAR (the name of an environment variable holding it)');
  const m = /^@env:(\w+)$/.exec(v);
  if (!m) throw new RocketmqUsageError('-P takes @env:VAR for a rocketmq+http source: put the secret in an environment variable, not on the command line');
  const value = env[m[1]!];
  if (value === undefined || value === '') throw new RocketmqUsageError(`the environment variable ${m[1]} (from -P @env:${m[1]}) is not set`);
  return value;
}

export function buildRocketmqHttpSub(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  outer: OuterOptions = { booleans: [], aliases: {}, known: [] },
): { profile: RocketmqHttpProfile; secret: string; count?: number; timeoutSec?: number; flags: ReturnType<typeof parseArgs>['flags'] } {
  let parsedArgs: ReturnType<typeof parseArgs>;
  try {
    parsedArgs = parseArgs(args, ['clustering', ...outer.booleans], { ...ALIASES, ...outer.aliases });
  } catch (err) {
    throw new RocketmqUsageError((err as Error).message);
  }
  const { flags, positional } = parsedArgs;
  for (const f of Object.keys(flags)) {
    if (TCP_ONLY[f]) throw new RocketmqUsageError(`--${f} is for rocketmq:// sources: ${TCP_ONLY[f]}`);
    if (!KNOWN.has(f) && !outer.known.includes(f)) throw new RocketmqUsageError(`unknown option --${f} for a rocketmq+http source`);
  }
  if (positional.length !== 1) throw new RocketmqUsageError('expected one rocketmq+http:// URL');
  const m = /^rocketmq\+(https?):\/\/(?:([^@/?#]+)@)?([^/?#]+)\/?(?:\?([^#]*))?$/i.exec(positional[0]!);
  if (!m) throw new RocketmqUsageError(`'${positional[0]}' is not a rocketmq+http URL; write rocketmq+http://<AccessKey>@<host>:<port>?instance=<instance ID>`);
  const tls = m[1]!.toLowerCase() === 'https';
  if (!m[2])
    throw new RocketmqUsageError(
      'the MQ HTTP protocol signs every request: put the AccessKey in the URL (rocketmq+http://<AccessKey>@host) and its secret in -P @env:VAR',
    );
  const accessKey = decodeURIComponent(m[2]);
  const server = m[3]!;
  const colon = server.lastIndexOf(':');
  const port = colon > 0 ? Number(server.slice(colon + 1)) : tls ? 443 : 80;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RocketmqUsageError(`endpoint '${server}' has no valid port`);
  const host = colon > 0 ? server.slice(0, colon) : server;
  const query = new URLSearchParams(m[4] ?? '');
  for (const k of query.keys()) if (k !== 'instance') throw new RocketmqUsageError(`unknown URL parameter '${k}'; the only one is ?instance=<instance ID>`);
  const fromUrl = query.get('instance') ?? undefined;
  const fromFlag = one(flags.namespace, 'namespace');
  if (fromUrl !== undefined && fromFlag !== undefined && fromUrl !== fromFlag)
    throw new RocketmqUsageError(`the instance ID is given twice and differs ('${fromUrl}' in the URL, '${fromFlag}' with --namespace)`);
  const topic = one(flags.topic, 'topic');
  if (!topic) throw new RocketmqUsageError('give the topic with -t (one topic)');
  const group = one(flags.group, 'group');
  if (!group) throw new RocketmqUsageError('give the consumer Group ID with -g (e.g. a dedicated diagnostic group)');
  const tags = one(flags.tags, 'tags') ?? '*';
  let tagFilter: ReturnType<typeof parseTagExpression>;
  try {
    tagFilter = parseTagExpression(tags);
  } catch (err) {
    throw new RocketmqUsageError((err as Error).message);
  }
  const secret = secretFromEnv(one(flags['secret-key'], 'secret-key'), env);
  const count = int(one(flags.count, 'count'), 'count', 1, Number.MAX_SAFE_INTEGER);
  const parsed = Profile.safeParse({
    id: 'cli',
    name: 'fieldscope sub',
    kind: 'rocketmq-http',
    host,
    port,
    tls,
    instanceId: fromFlag ?? fromUrl ?? '',
    topic,
    groupId: group,
    // The service takes the tags joined by || without spaces; empty takes every message.
    tag: tagFilter.all ? '' : [...tagFilter.tags].join('||'),
    accessKey,
    ackMode: 'auto',
    // Never fetch (and ack) more than --count asks for in one request.
    batchSize: Math.min(16, count ?? 16),
    // The CLI is a diagnostic: a refusal or a lost endpoint ends it (exit 1) rather than retrying silently.
    reconnect: { enabled: false },
  });
  if (!parsed.success) throw new RocketmqUsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return {
    profile: parsed.data as RocketmqHttpProfile,
    secret,
    count,
    timeoutSec: int(one(flags.timeout, 'timeout'), 'timeout', 1, 86_400),
    flags,
  };
}
