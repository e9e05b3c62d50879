import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { protonMissingReason, rabbitMqMissingReason, startRabbitMq, type RabbitMq } from '../test/support/rabbitmq';
import { expect, keychainMissingReason, testWithoutSandbox as test } from './fixtures';

const PROTON_SEND = path.resolve(import.meta.dirname, '..', 'test', 'amqp', 'clients', 'proton-send.py');
const skipReason = rabbitMqMissingReason() ?? protonMissingReason() ?? keychainMissingReason();
if (skipReason) console.log(`skipping AMQP e2e: ${skipReason}`);

test.describe('AMQP 1.0 inspection against a real RabbitMQ', () => {
  test.skip(skipReason !== null, skipReason ?? '');
  test.setTimeout(150_000);
  let mq: RabbitMq | undefined;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    mq = await startRabbitMq({ queues: ['iot'] });
  });
  test.afterAll(async () => {
    await mq?.stop();
  });

  test('IoT-style pushes show messageId, generateTime, duplicates, order and manual settlement', async ({ page }) => {
    // 60 messages from an independent client (qpid-proton): #49 repeats #48's messageId, every 7th is older.
    execFileSync('/usr/bin/python3', [PROTON_SEND, `amqp://${mq!.user}:${mq!.pass}@127.0.0.1:${mq!.amqpPort}`, '/amq/queue/iot', '60', '--timeout', '60'], {
      stdio: 'pipe',
    });

    await page.getByRole('combobox', { name: 'Kind' }).first().selectOption('amqp');
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'New profile' });
    await dialog.getByLabel('Name', { exact: true }).fill('Rabbit queue');
    await dialog.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await dialog.getByLabel('Port', { exact: true }).fill(String(mq!.amqpPort));
    await dialog.getByLabel('Username', { exact: true }).fill(mq!.user);
    await dialog.locator('[data-slot="password"]').getByRole('button', { name: 'Set' }).click();
    await dialog.locator('#secret-password').fill(mq!.pass);
    await dialog.getByLabel('Source address').fill('/amq/queue/iot');
    await dialog.getByLabel('Acknowledgement').selectOption('manual');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    // Save closes the editor; Edit shows the saved slot.
    await expect(dialog).toHaveCount(0);
    const item = page.getByTestId('profile-item').filter({ hasText: 'Rabbit queue' });
    await item.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit profile' });
    await expect(edit.getByTestId('secret-status-password')).toHaveText('Set (in the keychain)');
    await edit.getByRole('button', { name: 'Close' }).last().click();

    await item.getByRole('button', { name: 'Connect' }).click();
    await expect(item.locator('[data-status="connected"]')).toBeVisible();
    await expect(page.getByTestId('inspector-count')).toHaveText('60 messages');
    // Manual acknowledgement: every delivery is held until settled from the UI.
    await expect(page.getByTestId('unsettled-count')).toHaveText('60 unsettled');
    await expect(page.getByRole('columnheader', { name: 'messageId' })).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'generateTime' })).toBeVisible();
    // The repeated messageId (#49 of 60) is flagged where it is: scrolled a few rows up from the tail, then back.
    const list = page.getByTestId('message-list');
    await list.evaluate((el) => (el.scrollTop = el.scrollHeight - el.clientHeight - 10 * 26));
    await expect(page.getByTestId('message-row').filter({ hasText: 'dup ×1' })).toHaveCount(1);
    await expect(page.getByTestId('message-row').filter({ hasText: 'out of order' }).first()).toBeVisible();
    await list.evaluate((el) => (el.scrollTop = el.scrollHeight));

    // Hide duplicates: one fewer.
    await page.getByLabel('Hide duplicates').check();
    await expect(page.getByTestId('inspector-count')).toHaveText('59 messages');
    await page.getByLabel('Hide duplicates').uncheck();
    await expect(page.getByTestId('inspector-count')).toHaveText('60 messages');

    // Ordered by generateTime the oldest generateTime comes first: one that arrived out of order.
    await page.getByTestId('message-list').focus();
    await page.keyboard.press('Home');
    await expect(page.getByTestId('message-row').first()).not.toContainText('out of order');
    await page.getByLabel('Order by generateTime').check();
    await page.getByTestId('message-list').focus();
    await page.keyboard.press('Home');
    await expect(page.getByTestId('message-row').first()).toContainText('out of order');
    await page.getByLabel('Order by generateTime').uncheck();

    // Every AMQP section in the detail view.
    await page.getByTestId('message-list').focus();
    await page.keyboard.press('Home');
    await expect(page.getByTestId('detail-pane')).toBeVisible();
    await page.getByRole('tab', { name: 'AMQP sections' }).click();
    const lines = page.getByTestId('detail-editor').locator('.view-lines');
    // Monaco renders only the lines in view: the first sections are there; the rest follow below them.
    await expect(lines).toContainText('"header"');
    await expect(lines).toContainText('"deliveryAnnotations"');
    await expect(lines).toContainText('"messageAnnotations"');

    // Manual settlement from the keyboard: a accepts the selected message, e releases a range.
    const first = page.getByTestId('message-row').first();
    await expect(first).toContainText('unsettled');
    await page.keyboard.press('a');
    await expect(first).toContainText('accepted');
    await page.keyboard.press('j');
    await page.keyboard.press('Shift+J');
    await page.keyboard.press('Shift+J');
    await page.keyboard.press('e');
    const rows = page.getByTestId('message-row');
    for (const i of [1, 2, 3]) await expect(rows.nth(i)).toContainText('released');
    await expect(rows.nth(4)).toContainText('unsettled');
    // Released deliveries come back (redelivered) and are held again: 60 - 1 accepted.
    await expect(page.getByTestId('unsettled-count')).toHaveText('59 unsettled');
  });
});
