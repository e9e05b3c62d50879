import type { ProfileInput, SecretSlot } from '../../../shared/contract/profiles.contract';
import type { SandboxEndpoints } from '../../../shared/contract/sandbox.contract';

/**
 * The "Local sandbox" profiles, one per face (plus a current-instance MQ profile and one device per device face,
 * made ready but not opened), built from the running sandbox's endpoints. Their secrets are
 * the sandbox's demo credentials, handed to the profiles service as in-memory (ephemeral) secrets. TLS
 * verification stays on: the profiles trust the sandbox CA file instead.
 */
export interface SandboxProfile {
  profile: ProfileInput;
  secrets: Partial<Record<SecretSlot, string>>;
  /** false: made ready but left for the user to connect (a device, or a second way into a face). */
  open?: boolean;
}

export const SANDBOX_PROFILE_IDS = {
  mq: 'sandbox-mq',
  amqp: 'sandbox-amqp',
  huawei: 'sandbox-huawei',
  mqInstance: 'sandbox-mq-instance',
  iotDevice: 'sandbox-iot-device',
  huaweiDevice: 'sandbox-huawei-device',
  rocketmq: 'sandbox-rocketmq-simpush',
  rocketmqHttp: 'sandbox-rocketmq-http',
} as const;

export function sandboxProfiles(ep: SandboxEndpoints): SandboxProfile[] {
  const out: SandboxProfile[] = [];
  const tls = { caFile: ep.caFile, rejectUnauthorized: true, servername: 'localhost' };
  if (ep.mq) {
    const fleetGroup = ep.mq.groups.includes('GID_fleet') ? 'GID_fleet' : ep.mq.groups[0];
    out.push({
      profile: {
        id: SANDBOX_PROFILE_IDS.mq,
        name: 'Local sandbox — MQ for IoT',
        kind: 'aliyun-mq',
        sandbox: true,
        host: ep.host,
        port: ep.mq.tlsPort,
        transport: 'tls',
        tls,
        groupId: ep.mq.groups[0],
        deviceId: 'fieldscope-app',
        accessKey: ep.mq.accessKey,
        authMode: 'signature',
        region: 'sandbox',
        // Device telemetry and online/offline: the token-mode profile follows the business streams instead, and
        // the AMQP and Huawei profiles carry other devices (fleet.ts), so a first look shows no reading twice.
        subscriptions: [
          { filter: `${ep.mq.parentTopics[0]}/telemetry/#`, qos: 1 },
          { filter: `${fleetGroup}_MQTT`, qos: 1 },
        ],
        tokenServiceUrl: ep.mq.tokenServiceUrl,
        onlineQueryUrl: ep.mq.onlineQueryUrl,
      },
      secrets: { secretKey: ep.mq.secretKey },
    });
  }
  if (ep.amqp) {
    out.push({
      profile: {
        id: SANDBOX_PROFILE_IDS.amqp,
        name: 'Local sandbox — IoT Platform AMQP',
        kind: 'aliyun-amqp',
        sandbox: true,
        host: ep.host,
        port: ep.amqp.port,
        tls: true,
        tlsOptions: tls,
        clientId: 'fieldscope-app',
        iotInstanceId: ep.amqp.iotInstanceId,
        consumerGroupId: ep.amqp.consumerGroupIds[0],
        accessKey: ep.amqp.accessKey,
        authMode: 'aksign',
        signMethod: 'hmacsha1',
        idleTimeoutSec: 60,
      },
      secrets: { accessSecret: ep.amqp.accessSecret },
    });
  }
  if (ep.huawei) {
    out.push({
      profile: {
        id: SANDBOX_PROFILE_IDS.huawei,
        name: 'Local sandbox — Huawei IoTDA',
        kind: 'huawei-iotda',
        sandbox: true,
        host: ep.host,
        port: ep.huawei.port,
        transport: 'tls',
        tls,
        accessKey: ep.huawei.accessKey,
        instanceId: ep.huawei.instanceId,
        forwardingTopic: ep.huawei.forwardingTopic,
        subscriptions: [{ filter: ep.huawei.forwardingTopic, qos: 0 }],
      },
      secrets: { accessCode: ep.huawei.accessCode },
    });
  }
  if (ep.mq && ep.mq.instanceModes.includes('Signature')) {
    out.push({
      open: false,
      profile: {
        id: SANDBOX_PROFILE_IDS.mqInstance,
        name: 'Local sandbox — ApsaraMQ instance (Signature)',
        kind: 'aliyun-mq',
        sandbox: true,
        host: ep.host,
        port: ep.mq.tlsPort,
        transport: 'tls',
        tls,
        groupId: ep.mq.groups[0],
        deviceId: 'fieldscope-instance',
        instanceType: 'current',
        instanceId: ep.mq.instanceId,
        accessKey: ep.mq.accessKey,
        authMode: 'signature',
        region: 'sandbox',
        subscriptions: [{ filter: `${ep.mq.parentTopics[0]}/#`, qos: 1 }],
        tokenServiceUrl: ep.mq.tokenServiceUrl,
        onlineQueryUrl: ep.mq.onlineQueryUrl,
      },
      secrets: { secretKey: ep.mq.secretKey },
    });
  }
  if (ep.rocketmq) {
    const [host, port] = splitHostPort(ep.rocketmq.nameServer);
    // The IoT SIM push stream [seed 000] over RocketMQ 4.x; broadcasting in the diagnostic group, so opening
    // it takes nothing away from a production consumer (the habit this profile should teach).
    const group = ep.rocketmq.groupIds.find((g) => g.includes('diag')) ?? ep.rocketmq.groupIds[0];
    out.push({
      profile: {
        id: SANDBOX_PROFILE_IDS.rocketmq,
        name: 'Local sandbox — IoT SIM push (RocketMQ)',
        kind: 'rocketmq',
        sandbox: true,
        host,
        port,
        accessKey: ep.rocketmq.accessKey,
        consumerGroupId: group,
        topic: ep.rocketmq.topics.simPush,
        tagExpression: '*',
        messageModel: 'broadcasting',
        startPoint: 'latest',
      },
      secrets: { secretKey: ep.rocketmq.secretKey },
    });
  }
  const iotDevice = ep.iotDevice?.devices[0];
  if (ep.iotDevice && iotDevice) {
    const sys = `/sys/${iotDevice.productKey}/${iotDevice.deviceName}`;
    out.push({
      open: false,
      profile: {
        id: SANDBOX_PROFILE_IDS.iotDevice,
        name: 'Local sandbox — IoT Platform device',
        kind: 'aliyun-iot-device',
        sandbox: true,
        host: ep.host,
        port: ep.iotDevice.tlsPort,
        transport: 'tls',
        tls,
        productKey: iotDevice.productKey,
        deviceName: iotDevice.deviceName,
        signMethod: 'hmacsha256',
        subscriptions: [
          { filter: `${sys}/thing/event/property/post_reply`, qos: 0 },
          { filter: `${sys}/thing/service/property/set`, qos: 0 },
        ],
      },
      secrets: { deviceSecret: iotDevice.deviceSecret },
    });
  }
  const hwDevice = ep.huaweiDevice?.devices[0];
  if (ep.huaweiDevice && hwDevice) {
    out.push({
      open: false,
      profile: {
        id: SANDBOX_PROFILE_IDS.huaweiDevice,
        name: 'Local sandbox — IoTDA device',
        kind: 'huawei-iotda-device',
        sandbox: true,
        host: ep.host,
        port: ep.huaweiDevice.port,
        transport: 'tls',
        tls,
        deviceId: hwDevice.deviceId,
        checkTimestamp: true,
        subscriptions: [{ filter: `$oc/devices/${hwDevice.deviceId}/sys/commands/#`, qos: 0 }],
      },
      secrets: { deviceSecret: hwDevice.secret },
    });
  }
  const rmq = ep.rocketmq;
  if (rmq?.http) {
    const url = new URL(rmq.http.endpoint);
    out.push({
      // A second way into the SIM push topic (the remoting profile is the first): ready, not opened.
      open: false,
      profile: {
        id: SANDBOX_PROFILE_IDS.rocketmqHttp,
        name: 'Local sandbox — RocketMQ HTTP (IoT SIM push)',
        kind: 'rocketmq-http',
        sandbox: true,
        host: url.hostname,
        port: Number(url.port),
        tls: false,
        instanceId: rmq.http.instanceId,
        topic: rmq.topics.simPush,
        // The diagnostic group: the HTTP protocol only knows clustering, so this consumer takes nothing from the other groups.
        groupId: rmq.groupIds.find((g) => g.includes('diag')) ?? rmq.groupIds[0]!,
        accessKey: rmq.accessKey,
        ackMode: 'auto',
      },
      secrets: { accessSecret: rmq.secretKey },
    });
  }
  return out;
}

function splitHostPort(addr: string): [string, number] {
  const i = addr.lastIndexOf(':');
  return [addr.slice(0, i), Number(addr.slice(i + 1))];
}
