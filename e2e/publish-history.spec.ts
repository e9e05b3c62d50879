import { spawn } from 'node:child_process';
import { mosquittoAvailable, startMosquitto, type MosquittoBroker } from '../test/support/mosquitto';
import { expect, keychainMissingReason, rpc, testWithoutSandbox as test } from './fixtures';

let broker: MosquittoBroker | undefined;
const skipReason = !mosquittoAvailable() ? 'mosquitto is not installed' : keychainMissingReason();
if (skipReason) console.log(`skipping publish history e2e: ${skipReason}`);

test.describe('publish history and templates', () => {
  test.skip(skipReason !== null, skipReason ?? '');
  test.beforeAll(async () => {
    broker = await startMosquitto();
  });
  test.afterAll(async () => {
    await broker?.stop();
  });

  test('a publish lands in the history; Enter on it sends it again; a template is kept in main', async ({ page }) => {
    const saved = await rpc<{ profile: { id: string } }>(page, 'profiles.save', {
      profile: { kind: 'mqtt', id: '', name: 'History broker', host: '127.0.0.1', port: broker!.port },
    });
    await rpc(page, 'connections.open', { profileId: saved.value!.profile.id });
    await expect(page.locator('[data-testid="profile-item"]', { hasText: 'History broker' }).locator('[data-status="connected"]')).toBeVisible();
    // A subscriber we did not write counts what arrives.
    const sub = spawn('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(broker!.port), '-t', 'hist/#', '-F', '%t']);
    const got: string[] = [];
    sub.stdout.on('data', (d: Buffer) => got.push(...d.toString().split('\n').filter(Boolean)));
    try {
      await page.locator('[data-tab="publish"]').click();
      await page.getByLabel('Topic', { exact: true }).fill('hist/a');
      await page.getByLabel('Topic', { exact: true }).press('Control+Enter');
      const item = page.getByTestId('publish-history-item').filter({ hasText: 'hist/a' });
      await expect(item).toHaveCount(1);
      await expect.poll(() => got.length).toBe(1);
      await item.focus();
      await item.press('Enter');
      await expect.poll(() => got.length).toBe(2);
      expect(got).toEqual(['hist/a', 'hist/a']);

      page.once('dialog', (d) => void d.accept('Hello template'));
      await page.getByRole('button', { name: 'Save as template' }).click();
      await expect(page.getByTestId('publish-templates')).toContainText('Hello template');
      // Leaving the tab unmounts the panel: what it shows again comes from main (a file kept across restarts,
      // see publish-history.test.ts; a reload here would end the page's session).
      await page.locator('[data-tab="inspector"]').click();
      await page.locator('[data-tab="publish"]').click();
      await expect(page.getByTestId('publish-templates')).toContainText('Hello template');
      await expect(page.getByTestId('publish-history-item')).toHaveCount(1);
    } finally {
      sub.kill();
    }
  });
});
