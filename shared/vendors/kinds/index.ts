/** Every profile kind's descriptor, and the few questions the rest of the app asks about kinds. */
import type { Profile, ProfileKind, SecretSlot } from '../../contract/profiles.contract';
import type { KindDescriptor, Protocol } from './kind-descriptor';
import { mqttDescriptor } from './mqtt.descriptor';
import { aliyunMqDescriptor } from './aliyun-mq.descriptor';
import { aliyunAmqpDescriptor } from './aliyun-amqp.descriptor';
import { amqpDescriptor } from './amqp.descriptor';
import { huaweiIotdaDescriptor } from './huawei-iotda.descriptor';
import { aliyunIotDeviceDescriptor } from './aliyun-iot-device.descriptor';
import { huaweiIotdaDeviceDescriptor } from './huawei-iotda-device.descriptor';
import { rocketmqDescriptor } from './rocketmq.descriptor';
import { rocketmqHttpDescriptor } from './rocketmq-http.descriptor';

export type {
  KindDescriptor,
  Protocol,
  EditorField,
  SelectOption,
  SecretValues,
  TopicHelper,
  MqttConnectCredentials,
  AmqpConnectCredentials,
  RocketmqConnectCredentials,
  RocketmqHttpConnectCredentials,
  CredentialContext,
} from './kind-descriptor';

type Descriptors = { [K in ProfileKind]: KindDescriptor<Extract<Profile, { kind: K }>> };

export const KIND_DESCRIPTORS: Descriptors = {
  mqtt: mqttDescriptor,
  'aliyun-mq': aliyunMqDescriptor,
  'aliyun-amqp': aliyunAmqpDescriptor,
  'huawei-iotda': huaweiIotdaDescriptor,
  'aliyun-iot-device': aliyunIotDeviceDescriptor,
  'huawei-iotda-device': huaweiIotdaDeviceDescriptor,
  amqp: amqpDescriptor,
  rocketmq: rocketmqDescriptor,
  'rocketmq-http': rocketmqHttpDescriptor,
};

/** The order the UI offers the kinds in. */
export const PROFILE_KINDS = Object.keys(KIND_DESCRIPTORS) as ProfileKind[];

export function kindDescriptor(kind: ProfileKind): KindDescriptor {
  const d = KIND_DESCRIPTORS[kind];
  if (!d) throw new Error(`unknown profile kind ${String(kind)}`);
  return d as unknown as KindDescriptor;
}

export function protocolOf(kind: ProfileKind): Protocol {
  return kindDescriptor(kind).protocol;
}

export const isMqttKind = (kind: ProfileKind): boolean => protocolOf(kind) === 'mqtt';

/** Narrows a profile to the MQTT kinds (they share the MQTT connection fields). */
export function isMqttProfile(p: Profile): p is Extract<Profile, { transport: unknown }> {
  return isMqttKind(p.kind);
}

/** The one table of keychain slots per kind (profile views list each as set/unset). */
export function secretSlotsForKind(kind: ProfileKind): readonly SecretSlot[] {
  return kindDescriptor(kind).secretSlots;
}
