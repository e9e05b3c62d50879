import type { Profile } from '../../../shared/contract/profiles.contract';
import { protocolOf } from '../../../shared/vendors/kinds';
import { createAmqpDriver } from './amqp-driver';
import type { DriverFactory } from './driver';
import { createMqttDriver } from './mqtt-driver';
import { createRocketmqDriver } from './rocketmq-driver';
import { createRocketmqHttpDriver } from './rocketmq-http-driver';

const DRIVERS = { mqtt: createMqttDriver, amqp: createAmqpDriver, rocketmq: createRocketmqDriver } as const;

/** Which driver serves which profile kind: the kind's descriptor names its protocol. */
export function driverFor(profile: Profile): DriverFactory {
  // Two ways into a RocketMQ instance: the remoting protocol (ali-ons) and the MQ HTTP protocol (official SDK).
  if (profile.kind === 'rocketmq-http') return createRocketmqHttpDriver;
  return DRIVERS[protocolOf(profile.kind)];
}
