import path from 'node:path';
import { expect, keychainMissingReason, testWithoutSandbox as test } from './fixtures';

const skipReason = keychainMissingReason();
if (skipReason) console.log(`skipping foreign import e2e: ${skipReason}`);
const fixtures = path.resolve(import.meta.dirname, '..', 'test', 'fixtures', 'foreign');

test.describe('import from MQTTX and MQTT Explorer', () => {
  test.skip(skipReason !== null, skipReason ?? '');

  test('an MQTTX export (top-level array) becomes profiles; the found password is offered for the keychain', async ({ page }) => {
    await page.getByTestId('import-file').setInputFiles(path.join(fixtures, 'mqttx-export.json'));
    const dialog = page.getByRole('dialog', { name: 'Imported from MQTTX' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('2 connections became profiles.');
    await expect(dialog.getByTestId('import-unmapped')).toContainText('Plant broker: MQTT 5 connect properties');
    await expect(dialog.getByRole('checkbox', { name: 'Plant broker' })).toBeChecked();
    await dialog.getByRole('button', { name: 'Store in keychain' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByText('Passwords stored in the keychain.')).toBeVisible();
    await expect(page.getByTestId('profile-item').filter({ hasText: 'Plant broker' })).toHaveCount(1);
    await expect(page.getByTestId('profile-item').filter({ hasText: 'Lab over WebSocket' })).toHaveCount(1);
    // The password went to the keychain, not into the page.
    expect(await page.content()).not.toContain('mqttx-password-Zq81');
  });

  test('MQTT Explorer settings: declining keeps no password', async ({ page }) => {
    await page.getByTestId('import-file').setInputFiles(path.join(fixtures, 'mqtt-explorer-settings.json'));
    const dialog = page.getByRole('dialog', { name: 'Imported from MQTT Explorer' });
    await expect(dialog).toContainText('Secure WS: server CA certificate');
    await dialog.getByRole('button', { name: "Don't store" }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('profile-item').filter({ hasText: 'Secure WS' })).toHaveCount(1);
  });
});
