import fs from 'node:fs';
import path from 'node:path';
import { expect, launchChromium, startHost, test } from './fixtures';

// Issue 11, first start: a short welcome names what is on screen and the next step; closed once it stays closed
// across a restart (same data folder). The theme switch (system / light / dark) is kept the same way.
const SHOTS = path.resolve(import.meta.dirname, '..', 'test-results', 'shots');

test('the welcome explains the first screen, and closing it and the theme choice survive a restart', async () => {
  test.setTimeout(150_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  const host = await startHost();
  const browser = await launchChromium();
  const errors: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(host.url);
    const welcome = page.getByTestId('welcome');
    await expect(welcome).toBeVisible({ timeout: 30_000 });
    await expect(welcome).toContainText('local sandbox');
    await expect(welcome).toContainText('Captures');
    await expect(welcome).toContainText('New');
    await expect(welcome).toContainText('Next step:');
    // The count follows the sandbox profiles actually listed.
    const demo = await page.locator('[data-profile-id^="sandbox-"]').count();
    await expect(welcome).toContainText(`${demo} demo connections`);
    await expect(page.getByTestId('message-row').first()).toBeVisible({ timeout: 30_000 });
    for (const theme of ['light', 'dark'] as const) {
      await page.getByTestId('theme-select').selectOption(theme);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await page.screenshot({ path: path.join(SHOTS, `welcome-${theme}.png`) });
    }
    await page.getByTestId('welcome-dismiss').click();
    await expect(welcome).toHaveCount(0);
    await page.screenshot({ path: path.join(SHOTS, 'first-screen-dark.png') });
    await expect
      .poll(() => JSON.parse(fs.readFileSync(path.join(host.dataDir, 'ui-prefs.json'), 'utf8')) as object)
      .toMatchObject({ theme: 'dark', welcomeDismissed: true });

    // Restart on the same data folder: no welcome, dark theme applied.
    await host.stop();
    const again = await startHost({ dataDir: host.dataDir });
    try {
      const page2 = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      page2.on('pageerror', (e) => errors.push(e.message));
      await page2.goto(again.url);
      await expect(page2.getByTestId('profile-item').first()).toBeVisible({ timeout: 30_000 });
      await expect(page2.locator('html')).toHaveAttribute('data-theme', 'dark');
      await expect(page2.getByTestId('theme-select')).toHaveValue('dark');
      await expect(page2.getByTestId('welcome')).toHaveCount(0);
      // System again: the attribute goes, the OS decides.
      await page2.getByTestId('theme-select').selectOption('system');
      await expect(page2.locator('html')).not.toHaveAttribute('data-theme', /.+/);
    } finally {
      await again.stop();
    }
  } finally {
    await browser.close();
    await host.stop();
    fs.rmSync(host.dataDir, { recursive: true, force: true });
  }
  expect(errors).toEqual([]);
});
