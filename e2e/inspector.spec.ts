import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { mosquittoAvailable, startMosquitto, type MosquittoBroker } from '../test/support/mosquitto';
// The sandbox would add its own traffic to the inspector: these tests run the host without it.
import { expect, keychainMissingReason, startHost, testWithoutSandbox, testWithoutSandbox as test } from './fixtures';

const USER = 'e2e-user';
const PASS = 'e2e-right-password';
let broker: MosquittoBroker | undefined;
const skipReason = !mosquittoAvailable() ? 'mosquitto is not installed' : keychainMissingReason();
if (skipReason) console.log(`skipping inspector e2e: ${skipReason}`);

/** What the detail editor shows, line by line in screen order, with monaco's non-breaking spaces undone. */
async function editorText(page: Page): Promise<string> {
  // Runs in the page (the Node-side tsconfig has no DOM types).
  type Line = { style: { top: string }; textContent: string | null };
  return page.getByTestId('detail-editor').evaluate((host) => {
    const lines = Array.from((host as unknown as { querySelectorAll(s: string): ArrayLike<Line> }).querySelectorAll('.view-lines .view-line'));
    lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
    return lines.map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n');
  });
}

test.describe('live inspector against a real mosquitto', () => {
  test.skip(skipReason !== null, skipReason ?? '');
  test.beforeAll(async () => {
    broker = await startMosquitto({ passwordFile: [{ user: USER, pass: PASS }] });
  });
  test.afterAll(async () => {
    await broker?.stop();
  });

  async function createProfile(page: Page, name: string, password: string) {
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'New profile' });
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await dialog.getByLabel('Port', { exact: true }).fill(String(broker!.port));
    await dialog.getByLabel('Username', { exact: true }).fill(USER);
    await dialog.locator('[data-slot="password"]').getByRole('button', { name: 'Set' }).click();
    await dialog.locator('#secret-password').fill(password);
    await dialog.getByRole('button', { name: 'Generate' }).click();
    await expect(dialog.getByLabel('Client ID', { exact: true })).not.toHaveValue('');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    // Saved: the editor closes; reopened, the slot is in the keychain and the form holds no typed value.
    await expect(dialog).toHaveCount(0);
    const item = page.locator('[data-testid="profile-item"]', { hasText: name });
    await item.getByRole('button', { name: 'Edit' }).click();
    await expect(page.getByRole('dialog', { name: 'Edit profile' }).getByTestId('secret-status-password')).toHaveText('Set (in the keychain)');
    await expect(page.locator('#secret-password')).toHaveCount(0);
    await page.getByRole('dialog', { name: 'Edit profile' }).getByRole('button', { name: 'Close' }).last().click();
    return item;
  }

  test('a message published by mosquitto_pub shows in the list and the monaco detail view', async ({ page }) => {
    const item = await createProfile(page, 'Local mosquitto', PASS);
    await item.getByRole('button', { name: 'Connect' }).click();
    await expect(item.locator('[data-status="connected"]')).toBeVisible();

    const header = page.getByTestId('connection-header');
    await header.getByLabel('Topic filter to subscribe').fill('e2e/#');
    await header.getByLabel('QoS').selectOption('1');
    await header.getByRole('button', { name: 'Subscribe', exact: true }).click();
    await expect(header.getByTestId('subscription')).toContainText('granted QoS 1');

    const topic = 'e2e/dev-7/telemetry';
    const payload = '{"temperature":21.5,"marker":"from-mosquitto-pub"}';
    execFileSync('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker!.port), '-u', USER, '-P', PASS, '-q', '1', '-t', topic, '-m', payload]);

    const row = page.getByTestId('message-row').filter({ hasText: topic });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('"marker":"from-mosquitto-pub"');
    await row.click();
    await expect(page.getByTestId('detail-topic')).toHaveText(topic);
    // Pretty JSON in monaco: the key and value appear in the editor's rendered lines.
    const lines = page.getByTestId('detail-editor').locator('.view-lines');
    await expect(lines).toContainText('"marker": "from-mosquitto-pub"');
    await expect(lines).toContainText('"temperature": 21.5');

    // Raw bytes in the hex view: '{"' is 7b 22.
    await page.getByRole('tab', { name: 'Hex' }).click();
    await expect(lines).toContainText('7b 22 74 65');

    // Copy as mosquitto_pub: the profile's host and port, the payload as -m, never the credentials.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
    await page.getByRole('button', { name: 'Copy as mosquitto_pub' }).click();
    await expect(page.getByText('Copied to the clipboard.').first()).toBeVisible();
    // Runs in the page (the Node-side tsconfig has no DOM types).
    const command = await page.evaluate(() =>
      (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText(),
    );
    expect(command).toMatch(/^mosquitto_pub /);
    expect(command).toContain(`-h 127.0.0.1 -p ${broker!.port}`);
    expect(command).toContain(`-t ${topic} -q 1`);
    expect(command).toContain(`-m '${payload}'`);
    expect(command).not.toContain(PASS);
    expect(command).not.toContain(' -P ');

    // Space pauses the list: the store keeps receiving and the counter says how many arrived meanwhile.
    await page.getByTestId('message-list').focus();
    await page.keyboard.press('Space');
    await expect(page.getByTestId('pause-button')).toHaveText('Resume (0 new)');
    const later = 'e2e/dev-8/telemetry';
    execFileSync('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker!.port), '-u', USER, '-P', PASS, '-t', later, '-m', 'second message']);
    await expect(page.getByTestId('paused-counter')).toHaveText('Paused: 1 arrived');
    await expect(page.getByTestId('message-row').filter({ hasText: later })).toHaveCount(0);
    await page.keyboard.press('Space');
    await expect(page.getByTestId('message-row').filter({ hasText: later })).toHaveCount(1);
    await expect(page.getByTestId('paused-counter')).toBeHidden();

    // Keyboard navigation: End selects the newest, k moves up one.
    await page.keyboard.press('End');
    await expect(page.getByTestId('detail-topic')).toHaveText(later);
    await page.getByRole('tab', { name: 'Raw' }).click();
    await expect(lines).toContainText('second message');
    await page.keyboard.press('k');
    await expect(page.getByTestId('detail-topic')).toHaveText(topic);

    // Publish from the app (monaco editor, JSON validated) and see our own message come back.
    await page.locator('[data-tab="publish"]').click();
    await page.getByLabel('Topic', { exact: true }).fill('e2e/from-ui');
    const editor = page.getByTestId('publish-editor');
    await editor.locator('.view-lines').click();
    await expect(editor.locator('.monaco-editor.focused')).toHaveCount(1);
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    await page.keyboard.type('{"from":"ui"');
    await expect(page.getByText(/Not valid JSON/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Publish', exact: true })).toBeDisabled();
    await page.keyboard.press('End');
    await page.keyboard.type('}');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.locator('[data-tab="inspector"]').click();
    await expect(page.getByTestId('message-row').filter({ hasText: 'e2e/from-ui' })).toHaveCount(1);

    // Filters: Ctrl+K focuses the topic filter (+ and #), then text and regex search the payloads in main.
    const count = page.getByTestId('inspector-count');
    await expect(count).toHaveText('3 messages');
    await page.keyboard.press('ControlOrMeta+k');
    await expect(page.locator('#inspector-filter-topic')).toBeFocused();
    await page.keyboard.type('e2e/+/telemetry');
    await expect(count).toHaveText('2 messages');
    await page.locator('#inspector-filter-text').fill('sec.nd');
    await expect(count).toHaveText('0 messages');
    await page.getByTitle('Treat the search as a regular expression').locator('input').check();
    await expect(count).toHaveText('1 message');
    await expect(page.getByTestId('message-row')).toContainText([later]);
    await page.locator('#inspector-filter-text').fill('');
    await page.locator('#inspector-filter-topic').fill('');
    await expect(count).toHaveText('3 messages');

    // The protocol log shows the packets, CONNACK included.
    await page.locator('[data-tab="log"]').click();
    await expect(page.getByTestId('log-row').filter({ hasText: 'CONNACK' }).first()).toBeVisible();
  });

  test('the JSON view shows a 20-digit integer, 1.50, 0.0 and a duplicate key byte-for-byte', async ({ page }) => {
    const item = await createProfile(page, 'Lossless', PASS);
    await item.getByRole('button', { name: 'Connect' }).click();
    await expect(item.locator('[data-status="connected"]')).toBeVisible();
    const header = page.getByTestId('connection-header');
    await header.getByLabel('Topic filter to subscribe').fill('lossless/#');
    await header.getByRole('button', { name: 'Subscribe', exact: true }).click();
    await expect(header.getByTestId('subscription')).toContainText('granted QoS');

    const payload = '{"id":12345678901234567890,"price":1.50,"zero":0.0,"k":"first","k":"second"}';
    execFileSync('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker!.port), '-u', USER, '-P', PASS, '-t', 'lossless/dev-1', '-m', payload]);
    await page.getByTestId('message-row').filter({ hasText: 'lossless/dev-1' }).click();

    const formatted = ['{', '  "id": 12345678901234567890,', '  "price": 1.50,', '  "zero": 0.0,', '  "k": "first",', '  "k": "second"', '}'].join('\n');
    await expect.poll(() => editorText(page)).toBe(formatted);
    const notes = page.getByTestId('detail-notes');
    await expect(notes).toContainText('12345678901234567890 (line 2) would read as 12345678901234567000 in JavaScript');
    await expect(notes).toContainText('Key "k" appears again at line 6');
    // The number JavaScript would round is underlined in the editor, and says why on hover.
    await page.getByTestId('detail-editor').locator('.view-line span', { hasText: '12345678901234567890' }).last().hover();
    await expect(page.locator('.monaco-hover').filter({ hasText: 'JavaScript would read this number as 12345678901234567000' })).toBeVisible();

    // Raw is one click away and is the payload exactly as sent.
    await page.getByRole('tab', { name: 'Raw' }).click();
    await expect.poll(() => editorText(page)).toBe(payload);
    await page.getByRole('tab', { name: 'Base64' }).click();
    await expect.poll(() => editorText(page)).toBe(Buffer.from(payload).toString('base64'));
  });

  test('a wrong password is refused and explained', async ({ page }) => {
    const item = await createProfile(page, 'Wrong password', 'not-the-password');
    await item.getByRole('button', { name: 'Connect' }).click();
    await expect(item.locator('[data-status="refused"]')).toBeVisible();
    const explanation = item.getByTestId('connection-explanation');
    await expect(explanation).toBeVisible();
    await expect(explanation).toContainText(/not authori[sz]ed|password/i);
  });
});

testWithoutSandbox.describe('inspector columns', () => {
  testWithoutSandbox('hidden, moved, resized and sorted columns survive a restart of the app', async ({ page, host }) => {
    const header = page.getByTestId('column-header');
    const names = () => header.getByRole('columnheader').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { col: string } }).dataset.col));
    // Only MQTT (nothing AMQP in view): no AMQP columns.
    await expect.poll(names).toEqual(['time', 'connection', 'topic', 'qos', 'flags', 'size', 'preview']);

    await page.getByRole('button', { name: 'Columns' }).click();
    const menu = page.getByTestId('columns-menu');
    await menu.getByRole('checkbox', { name: 'QoS', exact: true }).uncheck();
    await menu.getByRole('button', { name: 'Move Topic left' }).click();
    await menu.getByRole('button', { name: 'Done' }).click();
    await expect.poll(names).toEqual(['time', 'topic', 'connection', 'flags', 'size', 'preview']);
    const topicResize = page.getByRole('separator', { name: 'Resize Topic' });
    const before = Number(await topicResize.getAttribute('aria-valuenow'));
    await topicResize.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(topicResize).toHaveAttribute('aria-valuenow', String(before + 32));
    await header.locator('[data-col="topic"] .col-label').click();
    await expect(header.locator('[data-col="topic"]')).toHaveAttribute('aria-sort', 'ascending');

    // Restart: a new host process on the same data folder, a new page (the Chromium host's origin changes, so
    // nothing can come from the browser's storage).
    // The old page would keep trying the old host's socket: leave it first.
    await page.goto('about:blank');
    await host.stop();
    const again = await startHost({ dataDir: host.dataDir, env: { FIELDSCOPE_NO_SANDBOX: '1' } });
    try {
      const page2 = await page.context().browser()!.newPage();
      await page2.goto(again.url);
      const header2 = page2.getByTestId('column-header');
      await expect
        .poll(() => header2.getByRole('columnheader').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { col: string } }).dataset.col)))
        .toEqual(['time', 'topic', 'connection', 'flags', 'size', 'preview']);
      await expect(page2.getByRole('separator', { name: 'Resize Topic' })).toHaveAttribute('aria-valuenow', String(before + 32));
      await expect(header2.locator('[data-col="topic"]')).toHaveAttribute('aria-sort', 'ascending');
      await page2.close();
    } finally {
      await again.stop();
    }
  });
});
