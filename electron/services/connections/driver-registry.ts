import type { Profile } from '../../../shared/contract/profiles.contract';
import { createAmqpDriver } from './amqp-driver';
import type { DriverFactory } from './driver';
import { createMqttDriver } from './mqtt-driver';

/** Which driver serves which profile kind. */
export function driverFor(profile: Profile): DriverFactory {
  switch (profile.kind) {
    case 'mqtt':
    case 'aliyun-mq':
    case 'huawei-iotda':
      return createMqttDriver;
    case 'amqp':
    case 'aliyun-amqp':
      return createAmqpDriver;
  }
}
