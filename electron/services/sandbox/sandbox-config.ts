import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { describeIssues, jsonSyntaxProblem } from '../../../shared/files/quiet-file-errors';
import { ALIYUN_MQTT_INSTANCE_MODES } from '../../../shared/vendors/aliyun-mqtt-instance-auth';
import { TAOBAO_SYNC_TOPICS } from '../../../shared/rocketmq/taobao-messages';

/**
 * Sandbox configuration. Every field has a default so `{}` (or no --config) starts a working sandbox;
 * demo credentials are generated per start unless given, so no fixed credential lives in the source.
 */
const MqAccount = z.object({ accessKey: z.string().min(1), secretKey: z.string().min(1) });
const MqGroup = z.object({ groupId: z.string().min(1), accessKey: z.string().optional() });
/** An ApsaraMQ device credential, bound to one Client ID (as RegisterDeviceCredential issues it). */
const MqDeviceCredential = z.object({
  clientId: z.string().min(1),
  deviceAccessKeyId: z.string().min(1).optional(),
  deviceAccessKeySecret: z.string().min(1).optional(),
});
/** IoT Platform devices (one secret per device); productKey defaults to amqp.productKey. */
const IotDevice = z.object({ productKey: z.string().min(1).optional(), deviceName: z.string().min(1), deviceSecret: z.string().min(1).optional() });
/** IoTDA devices: device ID `<productId>_<nodeId>` and its secret. */
const HuaweiDevice = z.object({ deviceId: z.string().min(1), secret: z.string().min(1).optional() });

export const SandboxConfigSchema = z
  .object({
    /** PRNG seed: same seed, same fleet traffic. */
    seed: z.number().int().default(1),
    /** Initial sandbox clock offset (ms) applied to every time check. */
    clockOffsetMs: z.number().int().default(0),
    host: z.string().default('127.0.0.1'),
    mq: z
      .object({
        enabled: z.boolean().default(true),
        instanceId: z.string().min(1).default('mqtt-cn-sandbox01'),
        /** Current-instance auth modes accepted (UserName `<Mode>|<AccessKeyId>|<InstanceId>`). */
        instanceModes: z.array(z.enum(ALIYUN_MQTT_INSTANCE_MODES)).default([...ALIYUN_MQTT_INSTANCE_MODES]),
        /** The legacy scheme of seed 004 (UserName = bare AccessKey); false makes the sandbox a current-only instance. */
        legacyAuth: z.boolean().default(true),
        deviceCredentials: z.array(MqDeviceCredential).default([{ clientId: 'GID_fieldscope@@@fieldscope-device' }]),
        accounts: z.array(MqAccount).default([]),
        /** Group IDs that "exist in the console"; accessKey = owning account (default: the first). */
        groups: z.array(MqGroup).default([{ groupId: 'GID_fieldscope' }, { groupId: 'GID_fleet' }]),
        /** Parent (first-level) topics that "exist in the console". `<GroupID>_MQTT` are added automatically. */
        parentTopics: z.array(z.string().min(1)).default(['fieldscope']),
        maxClientIdLength: z.number().int().default(64),
        maxTopicLength: z.number().int().default(64),
        maxPayloadBytes: z
          .number()
          .int()
          .default(64 * 1024),
        maxSubscriptions: z.number().int().default(30),
        /** Legacy token mode (no password in CONNECT, `$SYS/uploadToken`). */
        tokenMode: z.boolean().default(true),
        /** The auth server's verification takes this long; a client that does not wait for the PUBACK is caught. */
        tokenVerifyDelayMs: z.number().int().min(0).default(30),
        tokenExpireNoticeMs: z
          .number()
          .int()
          .default(5 * 60_000),
        offline: z
          .object({
            /** Default: the client's keep-alive period (pulling must start within it); capped by maxAutoPushDelayMs. */
            autoPushDelayMs: z.number().int().min(0).optional(),
            maxAutoPushDelayMs: z.number().int().min(0).default(60_000),
            autoPushIntervalMs: z.number().int().min(10).default(1000),
            autoPushBatch: z.number().int().min(1).default(1),
            pullsPerSecond: z.number().int().min(1).default(5),
            retentionMs: z
              .number()
              .int()
              .default(3 * 24 * 3600_000),
          })
          .prefault({}),
        onlineQueryWindowMs: z
          .number()
          .int()
          .default(5 * 60_000),
      })
      .prefault({}),
    amqp: z
      .object({
        enabled: z.boolean().default(true),
        accessKey: z.string().optional(),
        accessSecret: z.string().optional(),
        /** STS credentials accepted with authMode=ststoken: authId → {secret, securityToken}. */
        sts: z.array(z.object({ accessKey: z.string(), accessSecret: z.string(), securityToken: z.string() })).default([]),
        iotInstanceId: z.string().default('iot-sandbox'),
        consumerGroupIds: z.array(z.string()).default(['DEFAULT_GROUP']),
        timestampWindowMs: z
          .number()
          .int()
          .default(5 * 60_000),
        attachTimeoutMs: z.number().int().min(10).default(15_000),
        minIdleTimeoutMs: z.number().int().default(30_000),
        maxIdleTimeoutMs: z.number().int().default(300_000),
        redeliveryDelayMs: z.number().int().min(0).default(60_000),
        duplicateRate: z.number().min(0).max(1).default(0.02),
        outOfOrderRate: z.number().min(0).max(1).default(0.1),
        backlogLimit: z.number().int().min(1).default(10_000),
        productKey: z.string().default('a1Sandbox'),
      })
      .prefault({}),
    huawei: z
      .object({
        enabled: z.boolean().default(true),
        accessKey: z.string().optional(),
        accessCode: z.string().optional(),
        instanceId: z.string().default(''),
        timestampWindowMs: z
          .number()
          .int()
          .default(5 * 60_000),
        maxConnectionsPerAccessKey: z.number().int().default(10),
        forwardingTopic: z.string().default('fieldscope/forwarding'),
      })
      .prefault({}),
    /** IoT Platform device-side MQTT [§6]: securemode 3 on the TCP port, 2 on the TLS port. */
    iotDevice: z
      .object({
        enabled: z.boolean().default(true),
        devices: z.array(IotDevice).default([{ deviceName: 'fieldscope-device' }]),
        /** How far the ClientId's timestamp may be from the sandbox clock. */
        timestampWindowMs: z
          .number()
          .int()
          .min(0)
          .default(15 * 60_000),
      })
      .prefault({}),
    /** Huawei IoTDA device-side MQTT over TLS [§6]. */
    huaweiDevice: z
      .object({
        enabled: z.boolean().default(true),
        devices: z.array(HuaweiDevice).default([{ deviceId: 'sandboxproduct_fieldscope-device' }]),
        /** With `_1_`, how many hours the stamped UTC hour may be from the sandbox clock's (1 absorbs an hour turning mid-connect). */
        timestampToleranceHours: z.number().int().min(0).default(1),
        /** What the forwarding header calls the application. */
        appId: z.string().default('sandbox-app'),
      })
      .prefault({}),
    /** Message Queue for Apache RocketMQ 4.x (TCP remoting): IoT SIM MQ push [seed 000], Taobao message sync [seed 003]. */
    rocketmq: z
      .object({
        enabled: z.boolean().default(true),
        accessKey: z.string().min(1).optional(),
        secretKey: z.string().min(1).optional(),
        /** Alibaba's request signature on every broker request; false makes an open (self-hosted, ACL-less) broker. */
        acl: z.boolean().default(true),
        groupIds: z.array(z.string().min(1)).default(['GID_iotsim_app', 'CID_jushita_sync', 'GID_fieldscope_diag']),
        topics: z
          .object({
            simPush: z.string().min(1).default('iotsim_mq_push'),
            taobao: z.array(z.string().min(1)).default([...TAOBAO_SYNC_TOPICS]),
            /** Further topics that exist (for your own producers). */
            other: z.array(z.string().min(1)).default(['fieldscope_test']),
          })
          .prefault({}),
        brokerName: z.string().min(1).default('sandbox-broker-a'),
        queuesPerTopic: z.number().int().min(1).max(64).default(4),
        /** Delay before a sent-back message is redelivered from %RETRY%<group> (the cloud starts at 10 s). */
        retryDelayMs: z.number().int().min(0).default(1000),
        retainPerQueue: z.number().int().min(10).default(10_000),
        /** The MQ HTTP protocol endpoint (official SDK @aliyunmq/mq-http-sdk) on the same topics. */
        http: z
          .object({
            enabled: z.boolean().default(true),
            instanceId: z.string().min(1).default('MQ_INST_sandbox_http'),
            /** A consumed message not acked within this is delivered again (the cloud: 5 min). */
            invisibleMs: z.number().int().min(100).default(300_000),
          })
          .prefault({}),
      })
      .prefault({}),
    fleet: z
      .object({
        enabled: z.boolean().default(true),
        devices: z.number().int().min(0).max(10_000).default(50),
        /** Each device sends telemetry about this often. */
        telemetryIntervalMs: z.number().int().min(10).default(5000),
        binaryRatio: z.number().min(0).max(1).default(0.2),
        /** Probability per device per tick that it goes offline / comes back / flaps. */
        offlineRate: z.number().min(0).max(1).default(0.01),
        flapRate: z.number().min(0).max(1).default(0.005),
        /** Share of offline transitions that skip DISCONNECT (crash: tcpclean only). */
        dropWithoutDisconnectRate: z.number().min(0).max(1).default(0.3),
        simPushIntervalMs: z.number().int().min(10).default(15_000),
        taobaoIntervalMs: z.number().int().min(10).default(10_000),
        statusIntervalMs: z.number().int().min(10).default(20_000),
      })
      .prefault({}),
    control: z.object({ token: z.string().optional() }).prefault({}),
  })
  .strict();

export type SandboxConfigInput = z.input<typeof SandboxConfigSchema>;
export type ParsedConfig = z.output<typeof SandboxConfigSchema>;

/** The config with every generated credential filled in. */
export interface SandboxConfig extends ParsedConfig {
  mq: ParsedConfig['mq'] & {
    accounts: { accessKey: string; secretKey: string }[];
    groups: { groupId: string; accessKey: string }[];
    deviceCredentials: { clientId: string; deviceAccessKeyId: string; deviceAccessKeySecret: string }[];
  };
  amqp: ParsedConfig['amqp'] & { accessKey: string; accessSecret: string };
  huawei: ParsedConfig['huawei'] & { accessKey: string; accessCode: string };
  iotDevice: ParsedConfig['iotDevice'] & { devices: { productKey: string; deviceName: string; deviceSecret: string }[] };
  huaweiDevice: ParsedConfig['huaweiDevice'] & { devices: { deviceId: string; secret: string }[] };
  rocketmq: ParsedConfig['rocketmq'] & { accessKey: string; secretKey: string };
  control: { token: string };
}

const gen = (prefix: string, bytes: number) => `${prefix}${randomBytes(bytes).toString('hex')}`;

export function resolveConfig(input: SandboxConfigInput | undefined): SandboxConfig {
  const parsed = SandboxConfigSchema.safeParse(input ?? {});
  if (!parsed.success) {
    // The config may come from any file the caller names: the words name fields and rules, never values.
    throw new Error(`sandbox config is invalid: ${describeIssues(parsed.error.issues, (p) => knownKeys(SandboxConfigSchema, p), 10)}`);
  }
  const c = parsed.data;
  const accounts = c.mq.accounts.length > 0 ? c.mq.accounts : [{ accessKey: gen('SANDBOXAK', 6), secretKey: gen('sandbox-secret-', 12) }];
  const groups = c.mq.groups.map((g) => ({ groupId: g.groupId, accessKey: g.accessKey ?? accounts[0].accessKey }));
  return {
    ...c,
    mq: {
      ...c.mq,
      accounts,
      groups,
      deviceCredentials: c.mq.deviceCredentials.map((d) => ({
        clientId: d.clientId,
        deviceAccessKeyId: d.deviceAccessKeyId ?? gen('SANDBOXDEVAK', 6),
        deviceAccessKeySecret: d.deviceAccessKeySecret ?? gen('dev-secret-', 12),
      })),
    },
    iotDevice: {
      ...c.iotDevice,
      devices: c.iotDevice.devices.map((d) => ({
        productKey: d.productKey ?? c.amqp.productKey,
        deviceName: d.deviceName,
        deviceSecret: d.deviceSecret ?? randomBytes(16).toString('hex'),
      })),
    },
    huaweiDevice: { ...c.huaweiDevice, devices: c.huaweiDevice.devices.map((d) => ({ deviceId: d.deviceId, secret: d.secret ?? gen('hw-dev-', 10) })) },
    amqp: { ...c.amqp, accessKey: c.amqp.accessKey ?? gen('SANDBOXAMQP', 5), accessSecret: c.amqp.accessSecret ?? gen('amqp-secret-', 12) },
    huawei: { ...c.huawei, accessKey: c.huawei.accessKey ?? gen('SANDBOXHW', 5), accessCode: c.huawei.accessCode ?? gen('hw-code-', 12) },
    rocketmq: { ...c.rocketmq, accessKey: c.rocketmq.accessKey ?? gen('SANDBOXRMQ', 5), secretKey: c.rocketmq.secretKey ?? gen('rmq-secret-', 12) },
    control: { token: c.control.token ?? randomBytes(18).toString('base64url') },
  };
}

/** The field names the schema knows at a path (for "unknown field" errors that list them instead of quoting the file). */
function knownKeys(schema: z.ZodType, at: PropertyKey[]): string[] | undefined {
  const unwrap = (s: unknown): unknown => {
    let cur = s as { def?: { innerType?: unknown } } | undefined;
    while (cur?.def?.innerType) cur = cur.def.innerType as typeof cur;
    return cur;
  };
  let cur = unwrap(schema);
  for (const seg of at) {
    if (cur instanceof z.ZodObject) cur = unwrap(cur.shape[String(seg)]);
    else if (cur instanceof z.ZodArray) cur = unwrap(cur.element);
    else return undefined;
  }
  return cur instanceof z.ZodObject ? Object.keys(cur.shape) : undefined;
}

/** Limit on a config file: a few KB in practice; a huge file named by mistake is refused before it is read. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export function loadConfigFile(file: string): SandboxConfigInput {
  let text: string;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) throw new Error('it is not a file');
    if (st.size > MAX_CONFIG_BYTES)
      throw new Error(`it is ${st.size.toLocaleString('en')} bytes; a sandbox config is at most ${MAX_CONFIG_BYTES.toLocaleString('en')}`);
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new Error(`cannot read sandbox config ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : e.message}`, {
      cause: err,
    });
  }
  try {
    return JSON.parse(text) as SandboxConfigInput;
  } catch (err) {
    // The engine's message quotes the text ("Unexpected token 'r', "root:x:0:0"…"): say where, not what, and
    // keep it out of the cause too.
    // eslint-disable-next-line preserve-caught-error -- the cause would carry the file's text
    throw new Error(`sandbox config ${file} is ${jsonSyntaxProblem(text, err)}. It should be a JSON object such as {"fleet":{"devices":10}}.`);
  }
}
