import fs from 'node:fs';
import { expect, keychainMissingReason, testWithoutSandbox as test } from './fixtures';

const skipReason = keychainMissingReason();
if (skipReason) console.log(`skipping profiles e2e: ${skipReason}`);

test.describe('profile export and import', () => {
  test.skip(skipReason !== null, skipReason ?? '');

  test('export holds no secret, and import asks for the omitted ones', async ({ page }, info) => {
    const secret = `sekrit-${Date.now().toString(36)}-e2e`;
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'New profile' });
    await dialog.getByLabel('Name', { exact: true }).fill('Exported broker');
    await dialog.getByLabel('Host', { exact: true }).fill('broker.example.test');
    await dialog.getByLabel('Port', { exact: true }).fill('8883');
    await dialog.getByLabel('Transport').selectOption('tls');
    await dialog.getByLabel('Username', { exact: true }).fill('someone');
    await dialog.locator('[data-slot="password"]').getByRole('button', { name: 'Set' }).click();
    await dialog.locator('#secret-password').fill(secret);
    // Skipping verification shows its warning before saving.
    await dialog.getByLabel('Skip server certificate verification').check();
    await expect(dialog.getByTestId('skip-verify-warning')).toBeVisible();
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    // Save closes the editor; Edit opens the saved profile again.
    await expect(dialog).toHaveCount(0);
    await page.getByTestId('profile-item').filter({ hasText: 'Exported broker' }).getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit profile' });
    await expect(edit.getByTestId('secret-status-password')).toHaveText('Set (in the keychain)');
    await edit.getByRole('button', { name: 'Close' }).last().click();
    // The renderer never holds the secret after saving.
    expect(await page.content()).not.toContain(secret);

    const downloadWait = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export all' }).click();
    const download = await downloadWait;
    const file = info.outputPath('profiles-export.json');
    await download.saveAs(file);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain(secret);
    const parsed = JSON.parse(text) as { format: string; profiles: { profile: { name: string }; omittedSecrets: string[] }[] };
    expect(parsed.format).toBe('fieldscope-profiles');
    const entry = parsed.profiles.find((p) => p.profile.name === 'Exported broker');
    expect(entry?.omittedSecrets).toContain('password');

    await page.getByTestId('import-file').setInputFiles(file);
    const ask = page.getByRole('dialog', { name: 'Secrets for the imported profiles' });
    await expect(ask).toBeVisible();
    await expect(ask.getByLabel('Password')).toHaveCount(1);
    await ask.getByLabel('Password').fill('typed-after-import');
    await ask.getByRole('button', { name: 'Store in the keychain' }).click();
    await expect(ask).toHaveCount(0);
    await expect(page.getByText('Secrets stored in the keychain.')).toBeVisible();
    // Both the original and the imported copy are listed.
    await expect(page.getByTestId('profile-item').filter({ hasText: 'Exported broker' })).toHaveCount(2);
  });
});

test('keyboard: ? lists the shortcuts, Escape closes, Alt+N opens a new profile, Alt+2 the protocol log', async ({ page }) => {
  await expect(page.locator('.app')).toBeVisible();
  await page.locator('body').press('Shift+?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('Pause / resume the list');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  await page.keyboard.press('Alt+n');
  await expect(page.getByRole('dialog', { name: 'New profile' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'New profile' })).toHaveCount(0);
  await page.keyboard.press('Alt+2');
  await expect(page.locator('[data-tab="log"]')).toHaveAttribute('aria-selected', 'true');
});
