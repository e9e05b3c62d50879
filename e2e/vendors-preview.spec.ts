// Credential preview in the Chromium host: the profile editor shows what will be sent (string-to-sign,
// user name, algorithm, masked password); a derived signature shows only while "reveal" is held; the
// secret itself never reaches the page.
import { createHmac } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, rpc, skipWithoutKeychain, test } from './fixtures';

// Test-only values.
const MQ_SECRET = 'e2e-only-SecretKey-7f3a';
const AMQP_SECRET = 'e2e-only-AccessSecret-91c2';

async function saveOrSkip(page: Page, profile: Record<string, unknown>, secrets: Record<string, string>) {
  const r = await rpc<{ profile: { id: string } }>(page, 'profiles.save', { profile, secrets });
  skipWithoutKeychain(r);
  expect(r.ok, JSON.stringify(r.error)).toBe(true);
  return r.value!.profile.id;
}

async function openEditor(page: Page, id: string) {
  const item = page.locator(`[data-testid=profile-item][data-profile-id="${id}"]`);
  await expect(item).toBeVisible();
  await item.getByRole('button', { name: 'Edit' }).click();
  const preview = page.getByTestId('credential-preview');
  await expect(preview).toBeVisible();
  return preview;
}

test('MQ for IoT: string-to-sign and masked signature shown, secret never in the page, signature only while held', async ({ page }) => {
  await expect(page.locator('.app')).toBeVisible();
  const id = await saveOrSkip(
    page,
    { id: '', name: 'E2E MQ', kind: 'aliyun-mq', host: 'e2e.mqtt.example', port: 1883, groupId: 'GID_e2e01', deviceId: 'dev1', accessKey: 'LTAIe2e' },
    { secretKey: MQ_SECRET },
  );
  const preview = await openEditor(page, id);
  await expect(preview.getByTestId('vendors-string-to-sign')).toHaveText('GID_e2e01');
  await expect(preview.getByTestId('vendors-client-id')).toHaveText('GID_e2e01@@@dev1');
  await expect(preview.getByTestId('vendors-username')).toHaveText('LTAIe2e');
  await expect(preview.getByTestId('vendors-algorithm')).toHaveText('HmacSHA1');
  const signature = createHmac('sha1', MQ_SECRET).update('GID_e2e01').digest('base64');
  const password = preview.getByTestId('vendors-password');
  await expect(password).toHaveText(`${signature.slice(0, 4)}•••`);

  const reveal = preview.getByTestId('vendors-reveal');
  await reveal.hover();
  await page.mouse.down();
  await expect(password).toHaveText(signature);
  await page.mouse.up();
  await expect(password).toHaveText(`${signature.slice(0, 4)}•••`);

  const html = await page.content();
  expect(html).not.toContain(MQ_SECRET);
  expect(html).not.toContain(signature);
});

test('IoT Platform AMQP: user name parameters and string-to-sign with a fresh timestamp; secret never in the page', async ({ page }) => {
  await expect(page.locator('.app')).toBeVisible();
  const id = await saveOrSkip(
    page,
    {
      id: '',
      name: 'E2E AMQP',
      kind: 'aliyun-amqp',
      host: 'e2e.amqp.example',
      clientId: 'e2e-host',
      consumerGroupId: 'cg-e2e',
      accessKey: 'LTAIamqp',
      iotInstanceId: 'iot-e2e',
      signMethod: 'hmacsha256',
    },
    { accessSecret: AMQP_SECRET },
  );
  const preview = await openEditor(page, id);
  const sts = preview.getByTestId('vendors-string-to-sign');
  await expect(sts).toHaveText(/^authId=LTAIamqp&timestamp=\d{13}$/);
  await expect(preview.getByTestId('vendors-username')).toHaveText(
    /^e2e-host\|iotInstanceId=iot-e2e,authMode=aksign,signMethod=hmacsha256,consumerGroupId=cg-e2e,authId=LTAIamqp,timestamp=\d{13}\|$/,
  );
  await expect(preview.getByTestId('vendors-algorithm')).toHaveText('HmacSHA256');
  const stringToSign = (await sts.textContent())!;
  const signature = createHmac('sha256', AMQP_SECRET).update(stringToSign).digest('base64');
  await expect(preview.getByTestId('vendors-password')).toHaveText(`${signature.slice(0, 4)}•••`);
  expect(await page.content()).not.toContain(AMQP_SECRET);
});
