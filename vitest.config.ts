import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // Unit tests first (fast feedback), then the broker-backed ones with their own worker limit.
          sequence: { groupOrder: 0 },
          include: ['shared/**/*.test.ts', 'renderer/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['electron/**/*.test.ts', 'test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 90_000,
          pool: 'forks',
          // Broker-backed files each start their own broker on free ports; two at a time fits 2 cores.
          maxWorkers: 2,
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
