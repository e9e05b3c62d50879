import AxeBuilder from '@axe-core/playwright';
import { expect, launchChromium, test as base, useHostToken } from './fixtures';

// As the default page, but from an explicit context: axe needs one.
const test = base.extend({
  page: async ({ host, consoleErrors }, use) => {
    const browser = await launchChromium();
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    useHostToken(page, host);
    await page.goto(host.url);
    await use(page);
    await browser.close();
    if (consoleErrors.length) throw new Error(`console errors in the page:\n${consoleErrors.join('\n')}`);
  },
});

// Issue 12, the RocketMQ views on a first start: the sandbox's IoT SIM push profile (RocketMQ 4.x, broadcasting in
// the diagnostic group) fills the list with its own columns, and its consumer diagnostics panel shows the queues
// assigned to it with offsets and lag, and the consumers in the group, as read from the sandbox broker.
const SIM = 'Local sandbox — IoT SIM push (RocketMQ)';
const SIM_TAGS = /^(CARD_STATUS_CHANGE|FLOW_USAGE_PER_MONTH|INTERFACE_INVOKE|POOL_REST|SAME_FLOW_USAGE_PERCENT)$/;

test('the SIM push stream shows its tags column, and the diagnostics panel its queues, offsets, lag and consumers', async ({ page }) => {
  test.setTimeout(120_000);
  // Only the RocketMQ source in view: its columns appear, the AMQP-only one does not.
  const filterConn = page.getByRole('toolbar').getByLabel('Connection', { exact: true });
  await expect(filterConn.locator('option', { hasText: SIM })).toHaveCount(1, { timeout: 30_000 });
  await filterConn.selectOption({ label: SIM });
  const list = page.getByRole('grid');
  await expect(list.getByRole('columnheader', { name: 'Tags' })).toBeVisible();
  await expect(list.getByRole('columnheader', { name: 'Keys' })).toBeVisible();
  await expect(list.getByRole('columnheader', { name: 'generateTime' })).toHaveCount(0);
  const tags = page.getByTestId('cell-tags');
  await expect(tags.first()).toHaveText(SIM_TAGS, { timeout: 30_000 });
  await expect.poll(async () => (await tags.allTextContents()).every((x) => SIM_TAGS.test(x))).toBe(true);
  // The text filter's hint says it matches tags and keys too (the matching itself: rocketmq-columns.test.ts).
  await expect(page.getByLabel('Search payloads')).toHaveAttribute('title', 'Also matches the tags and keys of RocketMQ messages.');
  // An MQTT source alone in view: the RocketMQ columns go away again.
  await filterConn.selectOption({ label: 'Local sandbox — MQ for IoT' });
  await expect(list.getByRole('columnheader', { name: 'Tags' })).toHaveCount(0);
  await filterConn.selectOption({ label: SIM });
  await expect(list.getByRole('columnheader', { name: 'Tags' })).toBeVisible();

  // The diagnostics panel of that connection, opened from the connection header.
  const header = page.getByTestId('connection-header');
  await header.locator('select').first().selectOption({ label: SIM });
  await header.getByRole('button', { name: 'Consumer diagnostics' }).click();
  const panel = page.getByTestId('rocketmq-diagnostics');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('rocketmq-queue').first()).toBeVisible({ timeout: 30_000 });
  await expect(panel.getByTestId('rocketmq-queue').filter({ hasText: 'iotsim_mq_push' })).not.toHaveCount(0);
  await expect(panel.getByTestId('rocketmq-consumer-count')).toHaveText(/^[1-9]\d*$/);
  // The broker's max offsets grow with the stream, and every queue this client consumed from has a numeric lag.
  await expect.poll(async () => (await panel.getByTestId('rocketmq-max').allTextContents()).some((x) => /^[1-9]\d*$/.test(x)), { timeout: 30_000 }).toBe(true);
  await expect.poll(async () => (await panel.getByTestId('rocketmq-lag').allTextContents()).some((x) => /^\d+$/.test(x)), { timeout: 30_000 }).toBe(true);
  await expect(panel.getByRole('alert')).toHaveCount(0);
  // WCAG 2 AA for the panel, as the accessibility spec checks the main panels.
  const axe = await new AxeBuilder({ page }).include('[data-testid="rocketmq-diagnostics"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  // On demand too: the refresh answers without an error.
  await panel.getByRole('button', { name: 'Refresh' }).click();
  await expect(panel.getByTestId('rocketmq-queue').first()).toBeVisible();
  await header.getByRole('button', { name: 'Hide consumer diagnostics' }).click();
  await expect(panel).toHaveCount(0);
});
