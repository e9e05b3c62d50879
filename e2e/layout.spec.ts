import fs from 'node:fs';
import path from 'node:path';
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';

// Issue 11, layout: the "⋯" menu closes on an outside click and on Escape, the "out of order" badge fits its
// cell, the replay form keeps "replace … with …" on one row, an empty list says how many messages filters hide.
// Screenshots in both themes at 1440x900.
const SHOTS = path.resolve(import.meta.dirname, '..', 'test-results', 'shots');

/** How far a child sticks out of its clipping cell on the right (0 or less: fully inside). */
async function overflowRight(child: Locator, cell: Locator): Promise<number> {
  const [c, p] = await Promise.all([child.boundingBox(), cell.boundingBox()]);
  return c!.x + c!.width - (p!.x + p!.width);
}

test('menu closes outside, badges fit, replay form on one row, hidden-by-filter count', async ({ page }) => {
  test.setTimeout(150_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await expect(page.locator('[data-profile-id="sandbox-amqp"] [data-status="connected"]')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('welcome-dismiss').click();

  // "⋯": opens on its summary, closes on a click elsewhere and on Escape.
  const menu = page.locator('[data-profile-id="sandbox-mq"]').getByTestId('more-menu');
  await menu.locator('summary').click();
  await expect(menu).toHaveAttribute('open', '');
  await page.locator('.tab-body').click({ position: { x: 400, y: 300 } });
  await expect(menu).not.toHaveAttribute('open', '');
  await menu.locator('summary').click();
  await expect(menu).toHaveAttribute('open', '');
  await page.keyboard.press('Escape');
  await expect(menu).not.toHaveAttribute('open', '');

  // The sandbox's IoT Platform stream has out-of-order messages: the badge is whole inside its cell.
  const badge = page.locator('.message-row .badge.ooo').first();
  await expect(badge).toBeVisible({ timeout: 60_000 });
  const cell = badge.locator('xpath=..');
  expect(await overflowRight(badge, cell)).toBeLessThanOrEqual(0);
  expect(await cell.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

  // Filters that hide everything: the list says how many are hidden, not "No messages yet".
  await page.locator('#inspector-filter-topic').fill('no/such/topic/#');
  await expect(page.getByTestId('empty-list')).toContainText(/^[\d,]+ messages hidden by filters\./);
  for (const theme of ['light', 'dark'] as const) {
    await page.getByTestId('theme-select').selectOption(theme);
    await page.screenshot({ path: path.join(SHOTS, `inspector-hidden-${theme}.png`) });
  }
  await page.locator('#inspector-filter-topic').fill('');

  // Replay form: record a little, open it; "with" sits between the two rewrite inputs on one row.
  await page.locator('[data-tab="captures"]').click();
  const panel = page.locator('[data-panel="captures"]');
  const row = panel.locator('[data-connection]', { hasText: 'IoT Platform AMQP' });
  await row.getByTestId('record-start').click();
  const status = row.getByTestId('recording-status');
  await expect(status).not.toContainText(/^● 0 messages/, { timeout: 30_000 });
  await row.getByTestId('record-stop').click();
  await expect(status).not.toContainText('●');
  await panel.getByText(/^In /).click();
  await panel.getByRole('button', { name: 'Open', exact: true }).last().click();
  const regex = panel.getByTestId('replay-regex');
  const replacement = panel.getByTestId('replay-replacement');
  const withWord = panel.locator('.cap-with');
  await expect(regex).toBeVisible();
  const [a, w, b] = await Promise.all([regex.boundingBox(), withWord.boundingBox(), replacement.boundingBox()]);
  const mid = (r: { y: number; height: number }) => r.y + r.height / 2;
  expect(Math.abs(mid(w!) - mid(a!))).toBeLessThan(a!.height / 2);
  expect(Math.abs(mid(b!) - mid(a!))).toBeLessThan(a!.height / 2);
  expect(a!.x < w!.x && w!.x < b!.x).toBe(true);
  await regex.scrollIntoViewIfNeeded();
  for (const theme of ['light', 'dark'] as const) {
    await page.getByTestId('theme-select').selectOption(theme);
    await page.screenshot({ path: path.join(SHOTS, `captures-replay-${theme}.png`) });
  }
});

// Issue 11, shortcuts: Alt+P / Alt+L / Alt+N work in the browser host (Ctrl+P/L/N are the browser's).
test('Alt+P opens Publish, Alt+L clears, Alt+N starts a new profile; Help says why not Ctrl', async ({ page }) => {
  await expect(page.getByTestId('message-row').first()).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('message-list').focus();
  await page.keyboard.press('Alt+p');
  await expect(page.locator('[data-tab="publish"]')).toHaveAttribute('aria-selected', 'true');
  await page.locator('[data-tab="inspector"]').click();
  const count = async () => Number(((await page.getByTestId('inspector-count').textContent()) ?? '').replace(/[^\d]/g, '') || '0');
  await expect.poll(count, { timeout: 30_000 }).toBeGreaterThan(30);
  const before = await count();
  await page.getByTestId('message-list').focus();
  await page.keyboard.press('Alt+l');
  // Cleared: the count restarts from zero (the fleet keeps sending, so it may already be a few again).
  await expect.poll(count, { timeout: 10_000 }).toBeLessThan(Math.min(before, 30));
  await page.keyboard.press('Alt+n');
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+?');
  await expect(page.getByTestId('help-browser-keys')).toContainText('Ctrl+L, Ctrl+P and Ctrl+N stay with the browser');
  await expect(page.getByRole('dialog')).toContainText('Alt+P');
});
