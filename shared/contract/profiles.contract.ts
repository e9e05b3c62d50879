import { z } from 'zod';
import { Empty, Ok, method } from './define';

/**
 * Connection profiles. A profile never holds a secret: each secret field is a slot in the OS keychain,
 * and what crosses to the renderer is only whether the slot is set.
 */
export const SecretState = z.enum(['set', 'unset']);
export type SecretState = z.infer<typeof SecretState>;

/** Names of the keychain slots a profile may use. */
export const SecretSlot = z.enum([
  'password',
  'secretKey',
  'accessSecret',
  'securityToken',
  'accessCode',
  'clientKey',
  'tokenR',
  'tokenW',
  'tokenRW',
  /** ApsaraMQ device credential mode: the DeviceAccessKeySecret. */
  'deviceAccessKeySecret',
  /** IoT Platform device secret / IoTDA device secret. */
  'deviceSecret',
]);
export type SecretSlot = z.infer<typeof SecretSlot>;

export const TlsOptions = z.object({
  caFile: z.string().optional(),
  certFile: z.string().optional(),
  /** The private key's PEM text is a secret (slot clientKey); this is only its original file name. */
  keyFileName: z.string().optional(),
  rejectUnauthorized: z.boolean().default(true),
  servername: z.string().optional(),
});

export const ReconnectPolicy = z.object({
  enabled: z.boolean().default(true),
  initialDelayMs: z.number().int().min(100).max(600_000).default(1000),
  maxDelayMs: z.number().int().min(100).max(3_600_000).default(30_000),
  maxAttempts: z.number().int().min(0).default(0), // 0 = unlimited
});

export const LastWill = z.object({
  topic: z.string().min(1),
  payload: z.string().default(''),
  qos: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0),
  retain: z.boolean().default(false),
});

const base = {
  id: z.string().min(1),
  name: z.string().min(1).max(200),
  color: z.string().optional(),
  /** Profiles made by the app for its local sandbox: credentials come from the running sandbox. */
  sandbox: z.boolean().optional(),
  createdAt: z.number().optional(),
  updatedAt: z.number().optional(),
};

export const MqttTransport = z.enum(['tcp', 'tls', 'ws', 'wss']);

const mqttCommon = {
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  transport: MqttTransport.default('tcp'),
  wsPath: z.string().default('/mqtt'),
  clientId: z.string().default(''),
  protocolVersion: z.union([z.literal(4), z.literal(5)]).default(4),
  clean: z.boolean().default(true),
  keepaliveSec: z.number().int().min(0).max(65535).default(60),
  connectTimeoutMs: z.number().int().min(1000).max(600_000).default(10_000),
  tls: TlsOptions.default({ rejectUnauthorized: true }),
  reconnect: ReconnectPolicy.default({ enabled: true, initialDelayMs: 1000, maxDelayMs: 30_000, maxAttempts: 0 }),
  /** Subscriptions made automatically after each connect. */
  subscriptions: z.array(z.object({ filter: z.string().min(1), qos: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0) })).default([]),
};

export const MqttProfile = z.object({
  ...base,
  kind: z.literal('mqtt'),
  ...mqttCommon,
  username: z.string().default(''),
  will: LastWill.optional(),
});

export const AliyunMqProfile = z.object({
  ...base,
  kind: z.literal('aliyun-mq'),
  ...mqttCommon,
  region: z.string().default(''),
  groupId: z.string().min(1),
  deviceId: z.string().min(1),
  /**
   * legacy: the scheme of seed 004 (UserName = AccessKey, password signs the Group ID, tokens only uploaded);
   * current: ApsaraMQ for MQTT instances, UserName `<Mode>|<AccessKeyId>|<InstanceId>`.
   */
  instanceType: z.enum(['legacy', 'current']).default('legacy'),
  /** Current instances: the instance ID (e.g. post-cn-0pp12345678 / mqtt-cn-...). */
  instanceId: z.string().default(''),
  /** AccessKey ID (signature and token modes); a pre-connect check says when it is missing. */
  accessKey: z.string().default(''),
  /** deviceCredential exists only on current instances. */
  authMode: z.enum(['signature', 'token', 'deviceCredential']).default('signature'),
  /** Device credential mode: the DeviceAccessKeyId (its secret is the deviceAccessKeySecret slot). */
  deviceAccessKeyId: z.string().default(''),
  tokenRenewal: z.enum(['auto', 'ask', 'off']).default('auto'),
  /** Token service endpoint (https://mqauth.aliyuncs.com or the sandbox's). */
  tokenServiceUrl: z.string().default('https://mqauth.aliyuncs.com'),
  /** Instance endpoint for the online query (/route/clientId/get), usually https://<instance endpoint>. */
  onlineQueryUrl: z.string().default(''),
  /** Ordered sending: publish $SYS/enableOrderMsg once after each connect. */
  orderedSending: z.boolean().default(false),
});

export const AmqpAckMode = z.enum(['auto', 'manual', 'hold']);

const amqpCommon = {
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(5671),
  tls: z.boolean().default(true),
  tlsOptions: TlsOptions.default({ rejectUnauthorized: true }),
  idleTimeoutSec: z.number().int().min(0).max(3600).default(60),
  credit: z.number().int().min(1).max(100_000).default(100),
  ackMode: AmqpAckMode.default('auto'),
  /** Receiver source address; empty for the IoT Platform (it needs none), e.g. /amq/queue/iot for RabbitMQ. */
  sourceAddress: z.string().default(''),
  reconnect: ReconnectPolicy.default({ enabled: true, initialDelayMs: 1000, maxDelayMs: 30_000, maxAttempts: 0 }),
};

export const AliyunAmqpProfile = z.object({
  ...base,
  kind: z.literal('aliyun-amqp'),
  ...amqpCommon,
  clientId: z.string().min(1).max(64),
  iotInstanceId: z.string().default(''),
  consumerGroupId: z.string().default(''),
  accessKey: z.string().min(1),
  authMode: z.enum(['aksign', 'ststoken']).default('aksign'),
  signMethod: z.enum(['hmacmd5', 'hmacsha1', 'hmacsha256']).default('hmacsha1'),
  /** For ststoken: when the STS token expires (ms epoch), entered or parsed. */
  stsExpiresAt: z.number().optional(),
});

export const AmqpProfile = z.object({
  ...base,
  kind: z.literal('amqp'),
  ...amqpCommon,
  sasl: z.enum(['plain', 'anonymous']).default('plain'),
  username: z.string().default(''),
});

export const HuaweiIotdaProfile = z.object({
  ...base,
  kind: z.literal('huawei-iotda'),
  ...mqttCommon,
  accessKey: z.string().min(1),
  instanceId: z.string().default(''),
  forwardingTopic: z.string().default(''),
});

/** Alibaba Cloud IoT Platform device (one secret per device), connecting as the device. */
export const AliyunIotDeviceProfile = z.object({
  ...base,
  kind: z.literal('aliyun-iot-device'),
  ...mqttCommon,
  productKey: z.string().min(1),
  deviceName: z.string().min(1),
  /** Region of a public instance (endpoint <productKey>.iot-as-mqtt.<region>.aliyuncs.com). */
  region: z.string().default('cn-shanghai'),
  /** Enterprise / new public instances: endpoint <iotInstanceId>.mqtt.iothub.aliyuncs.com. */
  iotInstanceId: z.string().default(''),
  signMethod: z.enum(['hmacmd5', 'hmacsha1', 'hmacsha256']).default('hmacsha256'),
});

/** Huawei Cloud IoTDA device, connecting as the device. */
export const HuaweiIotdaDeviceProfile = z.object({
  ...base,
  kind: z.literal('huawei-iotda-device'),
  ...mqttCommon,
  deviceId: z.string().min(1),
  /** ClientId `_1_`: the platform checks the signed hour is current. */
  checkTimestamp: z.boolean().default(true),
});

/**
 * Message Queue for Apache RocketMQ 4.x over its TCP remoting protocol (IoT SIM MQ push [seed 000], Taobao
 * message sync [seed 003]): a consumer in a Group ID. Clustering shares the group's queues with the
 * production consumers (it takes messages away from them); broadcasting and a diagnostic group do not.
 */
export const RocketmqProfile = z.object({
  ...base,
  kind: z.literal('rocketmq'),
  /** The first name server (or the instance's TCP endpoint); further ones in moreNameServers (`host:port`). */
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(9876),
  moreNameServers: z.array(z.string().min(1)).default([]),
  /** AccessKey ID; empty = an ACL-less broker (the SecretKey is the secretKey slot). */
  accessKey: z.string().default(''),
  /** Instance ID of a namespaced instance (MQ_INST_...): topics and groups are prefixed `<namespace>%`. */
  namespace: z.string().default(''),
  consumerGroupId: z.string().min(1),
  topic: z.string().min(1),
  /** `*` or `TagA || TagB`. */
  tagExpression: z.string().default('*'),
  messageModel: z.enum(['clustering', 'broadcasting']).default('broadcasting'),
  startPoint: z.enum(['latest', 'earliest', 'timestamp']).default('latest'),
  /** startPoint timestamp: ms epoch. */
  startTimestamp: z.number().int().optional(),
  /**
   * auto: each message is acknowledged once stored. hold: each waits for the user (accept = consumed;
   * reject/release = consumption failed, so it comes back through %RETRY%<group> with reconsumeTimes + 1).
   * The library consumes one message at a time, so a held message holds the ones behind it.
   */
  ackMode: z.enum(['auto', 'hold']).default('auto'),
  reconnect: ReconnectPolicy.default({ enabled: true, initialDelayMs: 1000, maxDelayMs: 30_000, maxAttempts: 0 }),
});

/**
 * The same RocketMQ 4.x instances over Alibaba's MQ HTTP protocol (official SDK @aliyunmq/mq-http-sdk): the
 * HTTP endpoint as host/port (https when tls), instance ID (`ns`), one topic, Group ID and tag; the AccessKey
 * secret is the accessSecret slot. auto acks each batch by receipt handle; manual/hold keep the handle until the
 * user acks (an un-acked message comes back after NextConsumeTime with ConsumedTimes + 1).
 */
export const RocketmqHttpProfile = z.object({
  ...base,
  kind: z.literal('rocketmq-http'),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(80),
  tls: z.boolean().default(false),
  instanceId: z.string().default(''),
  topic: z.string().min(1),
  groupId: z.string().min(1),
  /** One tag or `A||B`; empty = every message. */
  tag: z.string().default(''),
  accessKey: z.string().min(1),
  ackMode: AmqpAckMode.default('auto'),
  /** Messages per consume request (the service allows 1-16). */
  batchSize: z.number().int().min(1).max(16).default(16),
  /** Long-poll wait per request (the service allows 1-30 s). */
  waitSeconds: z.number().int().min(1).max(30).default(30),
  reconnect: ReconnectPolicy.default({ enabled: true, initialDelayMs: 1000, maxDelayMs: 30_000, maxAttempts: 0 }),
});

export const Profile = z.discriminatedUnion('kind', [
  MqttProfile,
  AliyunMqProfile,
  AliyunAmqpProfile,
  AmqpProfile,
  HuaweiIotdaProfile,
  AliyunIotDeviceProfile,
  HuaweiIotdaDeviceProfile,
  RocketmqProfile,
  RocketmqHttpProfile,
]);
export type Profile = z.infer<typeof Profile>;
export type ProfileInput = z.input<typeof Profile>;
export type ProfileKind = Profile['kind'];
export type MqttProfile = z.infer<typeof MqttProfile>;
export type AliyunMqProfile = z.infer<typeof AliyunMqProfile>;
export type AliyunAmqpProfile = z.infer<typeof AliyunAmqpProfile>;
export type AmqpProfile = z.infer<typeof AmqpProfile>;
export type HuaweiIotdaProfile = z.infer<typeof HuaweiIotdaProfile>;
export type AliyunIotDeviceProfile = z.infer<typeof AliyunIotDeviceProfile>;
export type HuaweiIotdaDeviceProfile = z.infer<typeof HuaweiIotdaDeviceProfile>;
export type RocketmqProfile = z.infer<typeof RocketmqProfile>;
export type RocketmqHttpProfile = z.infer<typeof RocketmqHttpProfile>;
/** Every profile kind, for schemas that name one (e.g. vendors.explain). */
export const ProfileKindName = z.enum([
  'mqtt',
  'aliyun-mq',
  'aliyun-amqp',
  'amqp',
  'huawei-iotda',
  'aliyun-iot-device',
  'huawei-iotda-device',
  'rocketmq',
  'rocketmq-http',
]);

/**
 * A profile as the editor sends it to `profiles.save`: the id may be empty (or unknown) for a new profile,
 * and the service assigns one.
 */
export const ProfileDraft = z.discriminatedUnion('kind', [
  MqttProfile.extend({ id: z.string().default('') }),
  AliyunMqProfile.extend({ id: z.string().default('') }),
  AliyunAmqpProfile.extend({ id: z.string().default('') }),
  AmqpProfile.extend({ id: z.string().default('') }),
  HuaweiIotdaProfile.extend({ id: z.string().default('') }),
  AliyunIotDeviceProfile.extend({ id: z.string().default('') }),
  HuaweiIotdaDeviceProfile.extend({ id: z.string().default('') }),
  RocketmqProfile.extend({ id: z.string().default('') }),
  RocketmqHttpProfile.extend({ id: z.string().default('') }),
]);
export type ProfileDraft = z.input<typeof ProfileDraft>;

/** What the renderer sees: the profile plus which secret slots are set. */
export const ProfileView = z.object({
  profile: Profile,
  secrets: z.record(z.string(), SecretState),
});
export type ProfileView = z.infer<typeof ProfileView>;

/** Export file: no secret values, each omitted slot named so import can ask for it. */
export const ProfileExportFile = z.object({
  format: z.literal('fieldscope-profiles'),
  version: z.literal(1),
  exportedAt: z.number(),
  profiles: z.array(z.object({ profile: Profile, omittedSecrets: z.array(SecretSlot) })),
});
export type ProfileExportFile = z.infer<typeof ProfileExportFile>;

export const profilesMethods = {
  'profiles.list': method(Empty, z.array(ProfileView)),
  /** Create (no id or unknown id) or update; secrets given here go straight to the keychain. */
  'profiles.save': method(z.object({ profile: ProfileDraft, secrets: z.partialRecord(SecretSlot, z.string().nullable()).optional() }), ProfileView),
  'profiles.duplicate': method(z.object({ id: z.string() }), ProfileView),
  'profiles.delete': method(z.object({ id: z.string() }), Ok),
  /** Returns the export JSON text (no secrets). */
  'profiles.export': method(z.object({ ids: z.array(z.string()).optional() }), z.object({ json: z.string(), omitted: z.number() })),
  /** Imports an export file's text; returns the new profiles and the secrets each still needs. */
  'profiles.import': method(
    z.object({ json: z.string() }),
    z.object({ imported: z.array(ProfileView), needSecrets: z.array(z.object({ id: z.string(), slots: z.array(SecretSlot) })) }),
  ),
  'profiles.setSecret': method(z.object({ id: z.string(), slot: SecretSlot, value: z.string().nullable() }), ProfileView),
  'profiles.generateClientId': method(z.object({ kind: z.string().optional() }), z.object({ clientId: z.string() })),
};

export const profilesEvents = {
  'profiles.changed': z.object({ ids: z.array(z.string()) }),
};
