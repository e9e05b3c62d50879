import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, launchChromium, test } from './fixtures';

// Issue 11: WCAG 2 AA (contrast 4.5:1 included) in both themes, checked by axe-core on every main panel of a
// first start (live sandbox traffic, so the panels show real rows, badges and states).
const PANELS = ['inspector', 'log', 'publish', 'presence', 'captures', 'sandbox', 'tokens'] as const;

async function scan(page: Page, what: string, into: string[]) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    // Monaco's own editor DOM (a third-party widget we do not style) is left to its maintainers.
    .exclude('.monaco-editor')
    .analyze();
  const found = result.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} :: ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`),
  }));
  for (const f of found) into.push(`${what}: ${f.rule} (${f.impact})\n    ${f.nodes.join('\n    ')}`);
}

for (const theme of ['light', 'dark'] as const) {
  test(`every main panel passes an axe WCAG 2 AA scan in the ${theme} theme`, async ({ host }) => {
    test.setTimeout(180_000);
    // axe needs a page from an explicit context; the OS preference picks the theme ("system" is the default).
    const browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: theme });
    const page = await context.newPage();
    await page.goto(host.url);
    try {
      await expect(page.getByTestId('profile-item').first()).toBeVisible({ timeout: 30_000 });
      await expect(page.locator('[data-profile-id="sandbox-mq"] [data-status="connected"]')).toBeVisible({ timeout: 60_000 });
      await expect(page.getByTestId('message-row').first()).toBeVisible({ timeout: 30_000 });
      // The welcome is part of the first screen: scanned once, then closed.
      const violations: string[] = [];
      await scan(page, `${theme} first screen with the welcome`, violations);
      await page.getByTestId('welcome-dismiss').click();
      for (const panel of PANELS) {
        await page.locator(`[data-tab="${panel}"]`).click();
        await page.waitForTimeout(300);
        await scan(page, `${theme} ${panel}`, violations);
      }
      // All panels first, then one assertion: the report lists everything to fix at once.
      expect(violations.join('\n')).toBe('');
    } finally {
      await browser.close();
    }
  });
}
