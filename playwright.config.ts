import { defineConfig } from '@playwright/test';

// Browser tests run in Debian's Chromium (no Playwright browser download); the Electron-shell tests in
// e2e/electron/ skip with a printed reason where the Electron binary is missing.
export default defineConfig({
  testDir: 'e2e',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  outputDir: 'test-results/e2e',
});
