import type { DriverFactory } from './driver';

export const createMqttDriver: DriverFactory = () => {
  throw new Error('the mqtt driver is not built yet');
};
