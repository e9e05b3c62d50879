import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';

// Issue 11, presence: the legend is in view, a sandbox fault makes a device flap on demand, and the flagged lane
// says why. Screenshots in both themes at 1440x900.
const SHOTS = path.resolve(import.meta.dirname, '..', 'test-results', 'shots');

test('flap a sandbox device from the Sandbox panel; Presence flags it and says why, legend in view', async ({ page }) => {
  test.setTimeout(150_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await expect(page.locator('[data-profile-id="sandbox-mq"] [data-status="connected"]')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('welcome-dismiss').click();

  await page.locator('[data-tab="sandbox"]').click();
  await page.getByTestId('flap-device').fill('dev-0002');
  await page.getByTestId('flap-apply').click();
  await expect(page.getByRole('status').filter({ hasText: 'Fault applied: flap-device' })).toBeVisible();
  for (const theme of ['light', 'dark'] as const) {
    await page.getByTestId('theme-select').selectOption(theme);
    await page.screenshot({ path: path.join(SHOTS, `sandbox-panel-${theme}.png`) });
  }
  // An unknown device is refused with a reason, nothing flaps.
  await page.getByTestId('flap-device').fill('dev-9999');
  await page.getByTestId('flap-apply').click();
  await expect(page.getByRole('alert').filter({ hasText: 'no fleet device "dev-9999"' })).toBeVisible();

  await page.locator('[data-tab="presence"]').click();
  const legend = page.getByTestId('presence-legend');
  await expect(legend).toBeVisible();
  await expect(legend).toContainText('tcpclean');
  await expect(legend).toContainText('flapping');
  const lane = page.getByTestId('presence-flagged').locator('li').filter({ hasText: 'GID_fleet@@@dev-0002' });
  await expect(lane).toBeVisible({ timeout: 30_000 });
  await expect(lane.getByTestId('presence-why')).toContainText(
    /^Flapping: \d+ online\/offline changes and \d+ reconnects seen; the rule flags 4 within 60 s\.$/,
  );
  for (const theme of ['light', 'dark'] as const) {
    await page.getByTestId('theme-select').selectOption(theme);
    await page.screenshot({ path: path.join(SHOTS, `presence-flagged-${theme}.png`) });
  }
});
