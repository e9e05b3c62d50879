import fs from 'node:fs';
import path from 'node:path';
import { expect, launchChromium, test } from './fixtures';

// Issue 11: the strings this work added (welcome, theme, log tools, presence legend, flap control) read in
// Simplified Chinese when the browser's language is Chinese. Screenshots in both themes at 1440x900.
const SHOTS = path.resolve(import.meta.dirname, '..', 'test-results', 'shots');

test('welcome, theme switch, log tools, presence legend and flap control in zh-CN', async ({ host }) => {
  test.setTimeout(150_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(host.url);
    const welcome = page.getByTestId('welcome');
    await expect(welcome).toContainText('欢迎使用 Fieldscope', { timeout: 30_000 });
    await expect(welcome).toContainText('下一步：');
    await expect(page.getByTestId('theme-select')).toContainText('深色');
    for (const theme of ['light', 'dark'] as const) {
      await page.getByTestId('theme-select').selectOption(theme);
      await page.screenshot({ path: path.join(SHOTS, `zh-welcome-${theme}.png`) });
    }
    await page.getByTestId('welcome-dismiss').click();
    await page.locator('[data-tab="log"]').click();
    await expect(page.getByTestId('log-pause')).toHaveText('暂停');
    await expect(page.getByTestId('log-problems').locator('xpath=..')).toContainText('仅显示问题');
    await page.locator('[data-tab="presence"]').click();
    await expect(page.getByTestId('presence-legend')).toContainText('图例');
    await page.screenshot({ path: path.join(SHOTS, 'zh-presence-dark.png') });
    await page.locator('[data-tab="sandbox"]').click();
    await expect(page.getByTestId('sandbox-flap')).toContainText('让设备频繁上下线');
    await page.getByTestId('theme-select').selectOption('light');
    await page.getByTestId('sandbox-flap').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'zh-sandbox-light.png') });
  } finally {
    await browser.close();
  }
});
