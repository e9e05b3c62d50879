import mqtt from 'mqtt';
import { mosquittoAvailable, startMosquitto, type MosquittoBroker } from '../test/support/mosquitto';
import { expect, keychainMissingReason, rpc, testWithoutSandbox as test } from './fixtures';

let broker: MosquittoBroker | undefined;
const skipReason = !mosquittoAvailable() ? 'mosquitto is not installed' : keychainMissingReason();
if (skipReason) console.log(`skipping topic tree e2e: ${skipReason}`);

test.describe('topic tree', () => {
  test.skip(skipReason !== null, skipReason ?? '');
  test.beforeAll(async () => {
    broker = await startMosquitto();
  });
  test.afterAll(async () => {
    await broker?.stop();
  });

  test('10,000 subtopics browse by keyboard; Enter filters the inspector to the subtree', async ({ page }) => {
    // Retained before the connection subscribes: the broker then delivers it with the retain flag.
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker!.port}`);
    await client.publishAsync('bulk/last', 'done', { qos: 1, retain: true });
    const saved = await rpc<{ profile: { id: string } }>(page, 'profiles.save', {
      profile: { kind: 'mqtt', id: '', name: 'Tree broker', host: '127.0.0.1', port: broker!.port, subscriptions: [{ filter: 'bulk/#', qos: 1 }] },
    });
    expect(saved.ok).toBe(true);
    const opened = await rpc<{ connectionId: string }>(page, 'connections.open', { profileId: saved.value!.profile.id });
    expect(opened.ok).toBe(true);
    const item = page.locator('[data-testid="profile-item"]', { hasText: 'Tree broker' });
    await expect(item.locator('[data-status="connected"]')).toBeVisible();

    for (let i = 0; i < 10_000; i++) client.publish(`bulk/dev-${String(i).padStart(5, '0')}/t`, `{"v":${i}}`, { qos: 0 });
    await client.publishAsync('bulk/end', 'sent', { qos: 1 });
    await client.endAsync();

    await page.locator('[data-tab="topics"]').click();
    const tree = page.getByRole('tree', { name: 'Topic tree' });
    await expect(page.getByTestId('tree-summary')).toContainText('10,002 topics');
    const bulk = tree.locator('[data-path="bulk"]');
    await expect(bulk).toBeVisible();
    await bulk.click();
    await tree.press('ArrowRight');
    await expect(tree.locator('[data-path="bulk/dev-00000"]')).toBeVisible();
    // Jump to the end of 10,000 children: the last page is fetched when it comes into view.
    await tree.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(tree.locator('[data-path="bulk/last"]')).toBeVisible();
    await expect(tree.locator('[data-path="bulk/last"]')).toContainText('retained');
    await expect(tree.locator('[data-path="bulk/dev-09999"]')).toBeVisible();

    await tree.locator('[data-path="bulk/dev-09999"]').click();
    await tree.press('Enter');
    await expect(page.locator('[data-tab="inspector"]')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByLabel('Topic filter', { exact: true })).toHaveValue('bulk/dev-09999/#');
    await expect(page.getByTestId('message-row')).toHaveCount(1);
  });
});
