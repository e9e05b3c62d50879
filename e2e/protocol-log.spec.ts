import fs from 'node:fs';
import path from 'node:path';
import { expect, rpc, test } from './fixtures';

// Issue 11, protocol log: a refused CONNACK (return code 5) shows with its explanation, the refused profile offers
// Connect (not Disconnect), and the log view filters, pauses and exports. Screenshots in both themes at 1440x900.
const SHOTS = path.resolve(import.meta.dirname, '..', 'test-results', 'shots');

interface MqEndpoints {
  tcpPort: number;
  accessKey: string;
  secretKey: string;
  tokenServiceUrl: string;
}

test('refused CONNACK in the log; filter, pause and export', async ({ page }) => {
  test.setTimeout(150_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await expect(page.getByTestId('profile-item').first()).toBeVisible({ timeout: 30_000 });
  let mq: (MqEndpoints & { host: string }) | undefined;
  await expect
    .poll(
      async () => {
        const s = await rpc<{ endpoints?: { host: string; mq?: MqEndpoints } }>(page, 'sandbox.status', {});
        if (s.value?.endpoints?.mq) mq = { ...s.value.endpoints.mq, host: s.value.endpoints.host };
        return !!mq;
      },
      { timeout: 30_000 },
    )
    .toBe(true);

  // Token mode needs no secret to CONNECT, so this runs without a keychain; the Group ID does not exist: rc 5.
  const saved = await rpc<{ profile: { id: string } }>(page, 'profiles.save', {
    profile: {
      id: '',
      name: 'E2E unknown group',
      kind: 'aliyun-mq',
      host: mq!.host,
      port: mq!.tcpPort,
      transport: 'tcp',
      groupId: 'GID_nothere',
      deviceId: 'e2e-refused',
      accessKey: mq!.accessKey,
      authMode: 'token',
      tokenServiceUrl: mq!.tokenServiceUrl,
    },
  });
  expect(saved.ok, saved.error?.message).toBe(true);
  const item = page.locator(`[data-profile-id="${saved.value!.profile.id}"]`);
  await item.getByRole('button', { name: 'Connect' }).click();
  await expect(item.locator('[data-status="refused"]')).toBeVisible({ timeout: 20_000 });
  // Refused is over: Connect again, never Disconnect.
  await expect(item.getByRole('button', { name: 'Connect' })).toBeVisible();
  await expect(item.getByRole('button', { name: 'Disconnect' })).toHaveCount(0);

  await item.locator('.profile-main').click();
  await page.locator('[data-tab="log"]').click();
  const rows = page.getByTestId('log-row');
  await expect(rows.filter({ hasText: 'CONNACK refused, return code 5' })).toHaveCount(1, { timeout: 10_000 });
  await expect(rows.filter({ hasText: 'CONNACK refused, return code 5' })).toContainText('Group ID');
  await page.getByTestId('log-problems').check();
  await expect(page.getByTestId('log-count')).toContainText(/^\d+ of \d+ lines$/);
  await expect(rows.filter({ hasNotText: /refused|Refused/ })).toHaveCount(0);
  for (const theme of ['light', 'dark'] as const) {
    await page.getByTestId('theme-select').selectOption(theme);
    await page.screenshot({ path: path.join(SHOTS, `protocol-log-refused-${theme}.png`) });
  }
  await page.getByTestId('log-problems').uncheck();

  // Live sandbox connection: pause freezes the view while lines keep arriving; resume catches up.
  await page.locator('[data-profile-id="sandbox-mq"] .profile-main').click();
  await expect(rows.first()).toBeVisible({ timeout: 10_000 });
  await page.getByTestId('log-filter').fill('PUBLISH');
  await expect(rows.first()).toContainText('PUBLISH', { timeout: 10_000 });
  await page.getByTestId('log-filter').fill('');
  await page.getByTestId('log-pause').click();
  const frozen = await page.getByTestId('log-count').textContent();
  await expect
    .poll(async () => Number(((await page.getByTestId('log-paused').textContent()) ?? '').replace(/[^\d]/g, '')), { timeout: 30_000 })
    .toBeGreaterThan(0);
  await expect(page.getByTestId('log-count')).toHaveText(frozen!);
  await page.screenshot({ path: path.join(SHOTS, 'protocol-log-paused-dark.png') });
  await page.getByTestId('log-pause').click();
  await expect(page.getByTestId('log-paused')).toHaveCount(0);
  await expect(page.getByTestId('log-count')).not.toHaveText(frozen!, { timeout: 10_000 });

  // Export: a text file with a header and one line per entry, the CONNECT among them.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('log-export').click()]);
  const file = await download.path();
  const text = fs.readFileSync(file!, 'utf8');
  expect(text.split('\n')[0]).toMatch(/^# Fieldscope protocol log: Local sandbox — MQ for IoT, exported /);
  expect(text).toMatch(/\n\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\t->\tCONNECT\tCONNECT MQTT 3\.1\.1 clientId="GID_fieldscope@@@fieldscope-app"/);
  // Secrets never reach the file: the sandbox SecretKey is nowhere, the CONNECT password is masked.
  expect(text).not.toContain(mq!.secretKey);
  expect(text).toContain('password=(masked)');
});
