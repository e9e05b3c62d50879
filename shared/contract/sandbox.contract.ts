import { z } from 'zod';
import { ALIYUN_MQTT_INSTANCE_MODES } from '../vendors/aliyun-mqtt-instance-auth';
import { Empty, method } from './define';

/**
 * The local cloud sandbox: start/stop/reset, what it listens on (ports, demo credentials — demo secrets
 * are not user secrets), and the fault controls support uses to reproduce cloud behaviour on demand.
 */
export const SandboxFace = z.enum(['mq', 'amqp', 'huawei', 'iot-device', 'huawei-device']);

export const SandboxFault = z.discriminatedUnion('action', [
  /** Close a client's TCP connection without a DISCONNECT (MQ/Huawei: tcpclean; AMQP: connection dropped). */
  z.object({ action: z.literal('drop-client'), face: SandboxFace.default('mq'), clientId: z.string().min(1) }),
  /** Hold all traffic of a client both ways for `ms`. */
  z.object({ action: z.literal('stall-client'), face: SandboxFace.default('mq'), clientId: z.string().min(1), ms: z.number().int().min(1).max(3_600_000) }),
  /** Extra delay before every message is handled/pushed (0 turns it off). */
  z.object({ action: z.literal('latency'), ms: z.number().int().min(0).max(600_000) }),
  /** Deliver each of the next N pushed messages twice. */
  z.object({ action: z.literal('duplicate-next'), count: z.number().int().min(1).max(100_000) }),
  /** Deliver the next N pushed messages in reverse order. */
  z.object({ action: z.literal('reorder-next'), count: z.number().int().min(2).max(10_000) }),
  /** Expire a token now (by token text or token id; all tokens when neither is given). */
  z.object({ action: z.literal('expire-token'), token: z.string().optional() }),
  z.object({ action: z.literal('revoke-token'), token: z.string().optional() }),
  /** Move the sandbox clock (all time checks: token expiry, ±5 min windows). */
  z.object({ action: z.literal('shift-clock'), ms: z.number().int() }),
  z.object({ action: z.literal('set-redelivery-delay'), ms: z.number().int().min(0).max(3_600_000) }),
  /** The next N online queries answer online = -1 (unknown), as the cloud sometimes does. */
  z.object({ action: z.literal('online-unknown-next'), count: z.number().int().min(1).max(1000) }),
  /**
   * Make one fleet device flap now: `cycles` times offline (DISCONNECT + tcpclean) and back online on a new
   * channel, one step per fleet tick. `device`: its name (dev-0003) or Client ID; default the first device.
   */
  z.object({ action: z.literal('flap-device'), device: z.string().min(1).optional(), cycles: z.number().int().min(1).max(50).default(3) }),
]);
export type SandboxFault = z.infer<typeof SandboxFault>;
export type SandboxFaultInput = z.input<typeof SandboxFault>;

export const SandboxEndpoints = z.object({
  host: z.string(),
  caFile: z.string().optional(),
  caPem: z.string(),
  mq: z
    .object({
      tcpPort: z.number(),
      tlsPort: z.number(),
      wsPort: z.number(),
      wssPort: z.number(),
      wsPath: z.string(),
      instanceId: z.string(),
      /** Current-instance modes accepted (`<Mode>|<AccessKeyId>|<InstanceId>`); legacyAuth: seed 004's bare AccessKey. */
      instanceModes: z.array(z.enum(ALIYUN_MQTT_INSTANCE_MODES)),
      legacyAuth: z.boolean(),
      accessKey: z.string(),
      secretKey: z.string(),
      /** Device credentials, each bound to one Client ID. */
      deviceCredentials: z.array(z.object({ clientId: z.string(), deviceAccessKeyId: z.string(), deviceAccessKeySecret: z.string() })),
      groups: z.array(z.string()),
      parentTopics: z.array(z.string()),
      tokenServiceUrl: z.string(),
      onlineQueryUrl: z.string(),
    })
    .optional(),
  amqp: z
    .object({
      port: z.number(),
      accessKey: z.string(),
      accessSecret: z.string(),
      iotInstanceId: z.string(),
      consumerGroupIds: z.array(z.string()),
      productKey: z.string(),
    })
    .optional(),
  huawei: z.object({ port: z.number(), accessKey: z.string(), accessCode: z.string(), instanceId: z.string(), forwardingTopic: z.string() }).optional(),
  /** IoT Platform device-side MQTT: securemode=3 on tcpPort, securemode=2 on tlsPort. */
  iotDevice: z
    .object({
      tcpPort: z.number(),
      tlsPort: z.number(),
      devices: z.array(z.object({ productKey: z.string(), deviceName: z.string(), deviceSecret: z.string() })),
    })
    .optional(),
  /** Huawei IoTDA device-side MQTT over TLS. */
  huaweiDevice: z.object({ port: z.number(), devices: z.array(z.object({ deviceId: z.string(), secret: z.string() })) }).optional(),
  /** Message Queue for Apache RocketMQ 4.x: name server `host:port`; the broker's address comes from its routes. */
  rocketmq: z
    .object({
      nameServer: z.string(),
      accessKey: z.string(),
      secretKey: z.string(),
      acl: z.boolean(),
      groupIds: z.array(z.string()),
      topics: z.object({ simPush: z.string(), taobao: z.array(z.string()), other: z.array(z.string()) }),
      /** The MQ HTTP protocol endpoint (@aliyunmq/mq-http-sdk) on the same topics. */
      http: z.object({ endpoint: z.string(), instanceId: z.string() }).optional(),
    })
    .optional(),
  control: z.object({ url: z.string(), token: z.string() }),
});
export type SandboxEndpoints = z.infer<typeof SandboxEndpoints>;

export const SandboxStatus = z.object({
  running: z.boolean(),
  startedAt: z.number().optional(),
  clockOffsetMs: z.number(),
  endpoints: SandboxEndpoints.optional(),
  fleet: z.object({ devices: z.number(), online: z.number() }).optional(),
  faults: z.object({ latencyMs: z.number(), duplicateNext: z.number(), reorderNext: z.number(), redeliveryDelayMs: z.number(), onlineUnknownNext: z.number() }),
  counts: z.object({
    mqClients: z.number(),
    amqpConnections: z.number(),
    huaweiClients: z.number(),
    amqpBacklog: z.number(),
    iotDeviceClients: z.number().optional(),
    huaweiDeviceClients: z.number().optional(),
    rocketmqClients: z.number().optional(),
  }),
  error: z.string().optional(),
});
export type SandboxStatus = z.infer<typeof SandboxStatus>;

export const SandboxStartInput = z.object({
  /** Path of a JSON config file, or the config itself. */
  configFile: z.string().optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  devices: z.number().int().min(0).max(10_000).optional(),
});

/** Cloud-to-device traffic from the sandbox, so a device profile sees what the platform sends it. */
export const SandboxDeviceMessage = z.discriminatedUnion('face', [
  /** IoT Platform: an Alink property set on `/sys/<pk>/<dn>/thing/service/property/set`. */
  z.object({ face: z.literal('iot-device'), productKey: z.string().min(1), deviceName: z.string().min(1), params: z.record(z.string(), z.unknown()) }),
  /** IoTDA: a command on `$oc/devices/<id>/sys/commands/request_id=<id>`. */
  z.object({
    face: z.literal('huawei-device'),
    deviceId: z.string().min(1),
    serviceId: z.string().default(''),
    commandName: z.string().min(1),
    paras: z.record(z.string(), z.unknown()).default({}),
  }),
]);
export type SandboxDeviceMessage = z.infer<typeof SandboxDeviceMessage>;

export const sandboxMethods = {
  'sandbox.status': method(Empty, SandboxStatus),
  'sandbox.start': method(SandboxStartInput, SandboxStatus),
  'sandbox.stop': method(Empty, SandboxStatus),
  /** Forget sessions, offline messages, tokens, backlog and the record; keep ports and credentials. */
  'sandbox.reset': method(Empty, SandboxStatus),
  'sandbox.fault': method(SandboxFault, SandboxStatus),
  'sandbox.sendToDevice': method(SandboxDeviceMessage, z.object({ topic: z.string(), requestId: z.string() })),
};

export const sandboxEvents = {
  'sandbox.changed': SandboxStatus,
};
