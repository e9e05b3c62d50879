// The sandbox's IoT SIM push stream over the MQ HTTP protocol, as a support engineer opens it: the ready-made
// "Local sandbox — RocketMQ HTTP" profile (made ready, not opened) connects from the UI, the SIM pushes show in
// the inspector, and the detail pane shows their RocketMQ attributes (msgId, tag, keys, consumed times); the TCP sandbox profile's
// messages show theirs in the same pane.
import { expect, test } from './fixtures';

const PROFILE = { id: 'sandbox-rocketmq-http', name: 'Local sandbox — RocketMQ HTTP (IoT SIM push)' };
const SIM_TYPES = /CARD_STATUS_CHANGE|FLOW_USAGE_PER_MONTH|INTERFACE_INVOKE|POOL_REST|SAME_FLOW_USAGE_PERCENT/;

test('the ready-made RocketMQ HTTP sandbox profile connects from the UI and the SIM push stream shows in the inspector with its RocketMQ attributes', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const item = page.locator(`[data-profile-id="${PROFILE.id}"]`);
  await expect(item).toContainText(PROFILE.name, { timeout: 30_000 });
  // Made ready but left closed on first start: this one is opened by the user.
  await expect(item.locator('[data-status="connected"]')).toHaveCount(0);
  await item.getByRole('button', { name: 'Connect' }).click();
  await expect(item.locator('[data-status="connected"]')).toBeVisible({ timeout: 30_000 });
  await expect(item.getByRole('button', { name: 'Disconnect' })).toBeVisible();

  // Only this connection's rows: the TCP sandbox profile streams the same topic.
  await page.locator('[data-tab="inspector"]').click();
  await page.getByRole('toolbar', { name: 'Message filters' }).getByRole('combobox', { name: 'Connection' }).selectOption({ label: PROFILE.name });
  // The HTTP consumer starts at the oldest message the face keeps, and the fleet pushes a SIM message every 15 s.
  const row = page.getByTestId('message-row').filter({ hasText: 'iotsim_mq_push' }).first();
  await expect(row).toBeVisible({ timeout: 45_000 });
  await row.click();
  const attrs = page.getByTestId('rocketmq-attributes');
  await expect(attrs).toBeVisible();
  await expect(attrs).toContainText('Message ID');
  await expect(page.getByTestId('rocketmq-attr-msgId')).toHaveText(/^[0-9A-F]{32}$/);
  await expect(page.getByTestId('rocketmq-attr-tags')).toHaveText(SIM_TYPES);
  await expect(page.getByTestId('rocketmq-attr-keys')).toHaveText(/\S+/);
  await expect(page.getByTestId('rocketmq-attr-consumedTimes')).toHaveText('1');
  await expect(page.getByTestId('rocketmq-attr-reconsumeTimes')).toHaveText('0');
  await expect(page.getByTestId('rocketmq-attr-group')).toHaveText('GID_fieldscope_diag');
  await expect(page.getByTestId('rocketmq-attr-business')).toContainText(SIM_TYPES);
  // The tag is the push type the body names.
  const tag = await page.getByTestId('rocketmq-attr-tags').textContent();
  await expect(page.getByTestId('rocketmq-attr-business')).toContainText(tag!);

  // The same pane for the TCP (remoting) driver's messages: queue, hosts and store time instead of consume times.
  await page
    .getByRole('toolbar', { name: 'Message filters' })
    .getByRole('combobox', { name: 'Connection' })
    .selectOption({ label: 'Local sandbox — IoT SIM push (RocketMQ)' });
  const tcpRow = page.getByTestId('message-row').filter({ hasText: 'iotsim_mq_push' }).first();
  await expect(tcpRow).toBeVisible({ timeout: 45_000 });
  await tcpRow.click();
  await expect(page.getByTestId('rocketmq-attr-queue')).toHaveText(/\d+/);
  await expect(page.getByTestId('rocketmq-attr-bornHost')).toHaveText(/:\d+$/);
  await expect(page.getByTestId('rocketmq-attr-storeTimestamp')).toBeVisible();
  await expect(page.getByTestId('rocketmq-attr-tags')).toHaveText(SIM_TYPES);
  await expect(page.getByTestId('rocketmq-attr-consumedTimes')).toHaveCount(0);
});
