import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'renderer/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
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
