import type { Profile } from '../../../shared/contract/profiles.contract';
import { protocolOf } from '../../../shared/vendors/kinds';
import { createAmqpDriver } from './amqp-driver';
import type { DriverFactory } from './driver';
import { createMqttDriver } from './mqtt-driver';

/** Which driver serves which profile kind: the kind's descriptor names its protocol. */
export function driverFor(profile: Profile): DriverFactory {
  return protocolOf(profile.kind) === 'mqtt' ? createMqttDriver : createAmqpDriver;
}
