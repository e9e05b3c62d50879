/**
 * `fieldscope sub rocketmq://[AccessKey@]host:port[,host:port] -t <topic> --group <GID>`: a RocketMQ 4.x
 * source for the CLI, through the same driver as the app (ali-ons), one NDJSON line per message with its
 * RocketMQ attributes. Refusals exit 1 with the vendor's words.
 */
import { isUtf8 } from 'node:buffer';
import { Profile, type RocketmqHttpProfile, type RocketmqProfile } from '../../../shared/contract/profiles.contract';
import { parseTagExpression } from '../../../shared/rocketmq/tag-expression';
import { DisposableStore } from '../../services/core/disposables';
import { driverFor } from '../../services/connections/driver-registry';
import type { IncomingMessage } from '../../services/messages/incoming-message';
import { asList, parseArgs } from '../command';
import { buildRocketmqHttpSub, int, isRocketmqHttpUrl, one, ROCKETMQ_HTTP_SUB_USAGE, RocketmqUsageError as UsageError } from './rocketmq-http-source';

export const ROCKETMQ_SUB_USAGE = `RocketMQ 4.x source (TCP remoting, e.g. IoT SIM MQ push, Taobao message sync):
  fieldscope sub rocketmq://[<AccessKey>@]<name server host>:<port>[,<host>:<port>] -t <topic> -g <Group ID> [options]
    -t, --topic <topic>        the topic (one)
    -g, --group <Group ID>     consumer Group ID (must exist on the instance)
    --tags <expr>              tag expression: * (default) or TagA || TagB
    --clustering               join the group's queue sharing (takes messages away from its other consumers);
                               default is broadcasting, which takes nothing away
    --from <latest|earliest|ms>  start point for a group without a committed offset (default latest)
    --namespace <instance ID>  for instances with a namespace (MQ_INST_...)
    -P, --secret-key <key>     the AccessKey's SecretKey, or @env:VAR (needed when an AccessKey is given)
    -C, --count <N>  -W, --timeout <s>   as for MQTT
  Each line: {"topic","msgId","tags","keys","queueId","queueOffset","bornTimestamp","storeTimestamp","bornHost",
  "reconsumeTimes","properties","payload"[,"encoding":"base64"],"arrivedAt"}.

${ROCKETMQ_HTTP_SUB_USAGE}`;

// One usage error for every RocketMQ source form (record catches it by this name too).
export { UsageError };

/** True for an argument naming a RocketMQ source of any protocol (rocketmq://, rocketmq+http://, rocketmq+https://). */
export const isRocketmqSource = (arg: string): boolean => arg.startsWith('rocketmq://') || isRocketmqHttpUrl(arg);

export interface RocketmqSource {
  profile: RocketmqProfile | RocketmqHttpProfile;
  /** The secret of the profile's secret slot (secretKey over TCP, accessSecret over HTTP). */
  secret?: string;
  count?: number;
  timeoutSec?: number;
  /** Every parsed option, the outer command's included. */
  flags: ReturnType<typeof parseArgs>['flags'];
}

/** Any RocketMQ source's arguments, by the URL's scheme; throws RocketmqUsageError with what to fix. */
export function buildRocketmqSource(args: string[], outer?: OuterOptions): RocketmqSource {
  if (args.some(isRocketmqHttpUrl)) return buildRocketmqHttpSub(args, process.env, outer);
  const { secretKey, ...rest } = buildRocketmqSub(args, outer);
  return { ...rest, secret: secretKey };
}

const ALIASES = { t: 'topic', g: 'group', P: 'secret-key', C: 'count', W: 'timeout' };
const KNOWN = new Set(['topic', 'group', 'tags', 'clustering', 'from', 'namespace', 'secret-key', 'count', 'timeout']);

/** Options of the command around the source (record's -o, --duration, --gzip), parsed with the source's. */
export interface OuterOptions {
  booleans: string[];
  aliases: Record<string, string>;
  known: string[];
}

export function buildRocketmqSub(
  args: string[],
  outer: OuterOptions = { booleans: [], aliases: {}, known: [] },
): { profile: RocketmqProfile; secretKey?: string; count?: number; timeoutSec?: number; flags: ReturnType<typeof parseArgs>['flags'] } {
  const { flags, positional } = parseArgs(args, ['clustering', ...outer.booleans], { ...ALIASES, ...outer.aliases });
  for (const f of Object.keys(flags)) if (!KNOWN.has(f) && !outer.known.includes(f)) throw new UsageError(`unknown option --${f} for a rocketmq:// source`);
  if (positional.length !== 1) throw new UsageError('expected one rocketmq:// URL');
  const m = /^rocketmq:\/\/(?:([^@/]+)@)?([^/?#]+)\/?$/.exec(positional[0]!);
  if (!m) throw new UsageError(`'${positional[0]}' is not a rocketmq:// URL; write rocketmq://[AccessKey@]host:9876`);
  const accessKey = m[1] ? decodeURIComponent(m[1]) : '';
  const servers = m[2]!.split(/[,;]/).filter(Boolean);
  const hostPort = servers.map((s) => {
    const i = s.lastIndexOf(':');
    const port = i > 0 ? Number(s.slice(i + 1)) : 9876;
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`name server '${s}' has no valid port`);
    return { host: i > 0 ? s.slice(0, i) : s, port };
  });
  const topic = one(flags.topic, 'topic');
  if (!topic || asList(flags.topic).length !== 1) throw new UsageError('give the topic with -t (one topic)');
  const group = one(flags.group, 'group');
  if (!group) throw new UsageError('give the consumer Group ID with -g (e.g. a dedicated diagnostic group)');
  const tags = one(flags.tags, 'tags') ?? '*';
  try {
    parseTagExpression(tags);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const from = one(flags.from, 'from') ?? 'latest';
  let startPoint: 'latest' | 'earliest' | 'timestamp';
  let startTimestamp: number | undefined;
  if (from === 'latest' || from === 'earliest') startPoint = from;
  else {
    startTimestamp = int(from, 'from', 0, 8.64e15);
    startPoint = 'timestamp';
  }
  let secretKey = one(flags['secret-key'], 'secret-key');
  const env = secretKey && /^@env:(\w+)$/.exec(secretKey);
  if (env) {
    secretKey = process.env[env[1]!];
    if (secretKey === undefined) throw new UsageError(`the environment variable ${env[1]} (from -P @env:${env[1]}) is not set`);
  }
  if (accessKey && !secretKey) throw new UsageError('an AccessKey was given in the URL: give its SecretKey with -P (or -P @env:VAR)');
  const parsed = Profile.safeParse({
    id: 'cli',
    name: 'fieldscope sub',
    kind: 'rocketmq',
    host: hostPort[0]!.host,
    port: hostPort[0]!.port,
    moreNameServers: servers.slice(1),
    accessKey,
    namespace: one(flags.namespace, 'namespace') ?? '',
    consumerGroupId: group,
    topic,
    tagExpression: tags,
    messageModel: flags.clustering ? 'clustering' : 'broadcasting',
    startPoint,
    startTimestamp,
  });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return {
    profile: parsed.data as RocketmqProfile,
    secretKey,
    count: int(one(flags.count, 'count'), 'count', 1, Number.MAX_SAFE_INTEGER),
    timeoutSec: int(one(flags.timeout, 'timeout'), 'timeout', 1, 86_400),
    flags,
  };
}

export function rocketmqLine(msg: IncomingMessage): string {
  const r = msg.rocketmq!;
  const text = isUtf8(msg.payload);
  const head = {
    topic: msg.topic,
    msgId: r.msgId,
    tags: r.tags ?? null,
    keys: r.keys,
    // Fields a protocol does not carry (MQ HTTP: queue, offsets, hosts) are null, so every line has the same keys.
    queueId: r.queueId ?? null,
    queueOffset: r.queueOffset ?? null,
    bornTimestamp: r.bornTimestamp ?? null,
    storeTimestamp: r.storeTimestamp ?? null,
    bornHost: r.bornHost ?? null,
    reconsumeTimes: r.reconsumeTimes,
    properties: r.userProperties,
    // MQ HTTP only: when the message was published and how often it was handed out.
    publishTime: r.publishTime,
    consumedTimes: r.consumedTimes,
  };
  const json = JSON.stringify(head);
  return `${json.slice(0, -1)}${text ? '' : ',"encoding":"base64"'},"payload":${text ? JSON.stringify(msg.payload.toString('utf8')) : `"${msg.payload.toString('base64')}"`},"arrivedAt":"${new Date(msg.arrivedAt).toISOString()}"}\n`;
}

export async function runRocketmqSub(args: string[], usage: string): Promise<number> {
  let cfg: RocketmqSource;
  try {
    cfg = buildRocketmqSource(args);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`fieldscope sub: ${err.message}\n\n${usage}\n`);
      return 2;
    }
    throw err;
  }
  const { profile, secret, count, timeoutSec } = cfg;
  const secretSlot = profile.kind === 'rocketmq-http' ? 'accessSecret' : 'secretKey';
  let received = 0;
  const disposables = new DisposableStore();
  return await new Promise<number>((resolve) => {
    let done = false;
    const driver = driverFor(profile)({
      connectionId: 'cli',
      profile,
      getSecret: async (slot) => (slot === secretSlot ? (secret ?? null) : null),
      sink: {
        ingest(msg) {
          // Over HTTP a message the sink refuses is not acked: fetched beyond --count, it goes back to the group.
          if (done && profile.kind === 'rocketmq-http') throw new Error('not printed');
          if (done) return 0;
          process.stdout.write(rocketmqLine(msg));
          received++;
          if (count && received >= count) void finish(0);
          return received;
        },
      },
      log(e) {
        if (e.type === 'error' && !done) process.stderr.write(`fieldscope sub: ${e.summary}${e.explanation ? `\n  ${e.explanation}` : ''}\n`);
      },
      setState(s) {
        // closed before we closed it: the HTTP driver gave up (its reconnect is off for the CLI).
        if (s.status === 'refused' || (s.status === 'closed' && !done)) void finish(1);
      },
      disposables,
      now: () => Date.now(),
    });
    const timer = timeoutSec
      ? setTimeout(
          () => void finish(count ? 3 : 0, count ? `timed out after ${timeoutSec} s with ${received} of ${count} messages` : undefined),
          timeoutSec * 1000,
        )
      : null;
    const onSignal = () => void finish(0);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    async function finish(code: number, message?: string) {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (message) process.stderr.write(`fieldscope sub: ${message}\n`);
      await driver.close().catch(() => undefined);
      await disposables.dispose();
      resolve(code);
      // ali-ons' scheduled tasks sleep up to 30 s before they see the close: do not wait for them
      // (unref'd, so a process with nothing else left exits at once anyway; stdout to a pipe or file is synchronous).
      setTimeout(() => process.exit(), 200).unref();
    }
    driver.connect().catch(() => void finish(1));
  });
}
