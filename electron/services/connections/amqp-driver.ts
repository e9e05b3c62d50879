import type { DriverFactory } from './driver';

export const createAmqpDriver: DriverFactory = () => {
  throw new Error('the amqp driver is not built yet');
};
