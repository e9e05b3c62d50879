// The profile editor driven by the kind descriptors: the MQ instance type and auth modes, device kinds with
// their derived MQTT Client ID and endpoint, reconnect defaults, names instead of ids, Save closes the dialog
// and "Save and connect" connects.
import type { Locator } from '@playwright/test';
import { expect, testWithoutSandbox as test } from './fixtures';

/** Every option's text fits its select (less the arrow and padding): no clipped labels. */
async function expectOptionsFit(select: Locator, what: string) {
  // Runs in the page; the e2e project has no DOM types.
  const fit = await select.evaluate((el: any) => {
    const w = globalThis as any;
    const style = w.getComputedStyle(el);
    const probe = w.document.createElement('span');
    probe.style.font = style.font;
    probe.style.whiteSpace = 'pre';
    probe.style.position = 'absolute';
    w.document.body.appendChild(probe);
    let widest = 0;
    for (const o of Array.from(el.options) as Array<{ text: string }>) {
      probe.textContent = o.text;
      widest = Math.max(widest, probe.getBoundingClientRect().width);
    }
    probe.remove();
    const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20; // 20 px: the arrow
    return { widest, room };
  });
  expect(fit.widest, `${what}: ${JSON.stringify(fit)}`).toBeLessThanOrEqual(fit.room);
}

test('MQ for IoT: current instance fields and modes, legacy hides the device credential mode', async ({ page }) => {
  await page.getByRole('button', { name: 'New', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'New profile' });
  // Names, never internal ids, in the kind select.
  await expect(dialog.getByTestId('field-kind').locator('option')).toContainText([
    'MQTT (generic)',
    'Alibaba MQ for IoT',
    'Alibaba IoT Platform device',
    'Huawei IoTDA device',
  ]);
  await dialog.getByTestId('field-kind').selectOption('aliyun-mq');
  await expect(dialog.getByTestId('field-instanceType')).toHaveValue('current');
  await expect(dialog.getByTestId('field-instanceId')).toBeVisible();
  await expect(dialog.getByTestId('field-authMode').locator('option')).toHaveText([
    'Signature (AccessKey + SecretKey)',
    'Token',
    'Device credential (DeviceAccessKeyId + secret)',
  ]);
  await dialog.getByTestId('field-authMode').selectOption('deviceCredential');
  await expect(dialog.getByTestId('field-deviceAccessKeyId')).toBeVisible();
  await expect(dialog.getByTestId('field-accessKey')).toHaveCount(0);
  await expect(dialog.locator('[data-slot="deviceAccessKeySecret"]')).toBeVisible();
  await dialog.getByTestId('field-authMode').selectOption('signature');
  await dialog.getByTestId('field-instanceType').selectOption('legacy');
  await expect(dialog.getByTestId('field-instanceId')).toHaveCount(0);
  await expect(dialog.getByTestId('field-authMode').locator('option')).toHaveCount(2);
  await dialog.getByTestId('field-groupId').fill('GID_demo');
  await dialog.getByTestId('field-deviceId').fill('dev001');
  await expect(dialog.getByTestId('aliyun-client-id')).toHaveText('GID_demo@@@dev001');
  // Reconnect fields start at their defaults; the hint does not read "0 retries forever".
  await expect(dialog.getByTestId('field-reconnect.initialDelayMs')).toHaveValue('1000');
  await expect(dialog.getByTestId('field-reconnect.maxDelayMs')).toHaveValue('30000');
  await expect(dialog.getByTestId('field-reconnect.maxAttempts')).toHaveValue('0');
  await expect(dialog).not.toContainText('0 retries forever');
  await expect(dialog).toContainText('0 = no limit');
  // Long select labels are not clipped, in the editor and in the sidebar's kind select.
  for (const id of ['field-authMode', 'field-instanceType', 'field-kind']) await expectOptionsFit(dialog.getByTestId(id), id);
  await page.keyboard.press('Escape');
  await expectOptionsFit(page.getByRole('combobox', { name: 'Kind' }).first(), 'sidebar kind');
});

test('device kinds: derived MQTT Client ID, endpoint from the identifiers; Save closes, Save and connect connects', async ({ page }) => {
  await page.getByRole('button', { name: 'New', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'New profile' });
  await dialog.getByLabel('Name', { exact: true }).fill('E2E light');
  await dialog.getByTestId('field-kind').selectOption('aliyun-iot-device');
  await dialog.getByTestId('field-productKey').fill('a1FxISeKbq9');
  await dialog.getByTestId('field-deviceName').fill('light001');
  await expect(dialog.getByTestId('iot-device-mqtt-client-id')).toHaveText('a1FxISeKbq9.light001|securemode=2,signmethod=hmacsha256,timestamp=<ms>|');
  await dialog.getByTestId('field-transport').selectOption('tcp');
  await expect(dialog.getByTestId('iot-device-mqtt-client-id')).toContainText('securemode=3');
  await dialog.getByTestId('use-endpoint').click();
  await expect(dialog.getByTestId('field-host')).toHaveValue('a1FxISeKbq9.iot-as-mqtt.cn-shanghai.aliyuncs.com');
  await expect(dialog.getByTestId('device-topics')).toContainText('/sys/a1FxISeKbq9/light001/thing/event/property/post');
  await dialog.getByTestId('profile-save').click();
  await expect(dialog).toHaveCount(0);
  const item = page.getByTestId('profile-item').filter({ hasText: 'E2E light' });
  await expect(item).toContainText('Alibaba IoT Platform device');

  await page.getByRole('button', { name: 'New', exact: true }).click();
  const hw = page.getByRole('dialog', { name: 'New profile' });
  await hw.getByLabel('Name', { exact: true }).fill('E2E meter');
  await hw.getByTestId('field-kind').selectOption('huawei-iotda-device');
  await hw.getByTestId('field-host').fill('127.0.0.1');
  await hw.getByTestId('field-port').fill('1');
  await hw.getByTestId('field-deviceId').fill('5f8a_meter');
  await expect(hw.getByTestId('iotda-device-client-id')).toHaveText('5f8a_meter_0_1_<YYYYMMDDHH>');
  await hw.getByTestId('field-checkTimestamp').uncheck();
  await expect(hw.getByTestId('iotda-device-client-id')).toHaveText('5f8a_meter_0_0_<YYYYMMDDHH>');
  await hw.getByTestId('profile-save-connect').click();
  await expect(hw).toHaveCount(0);
  // Connected (or refused: no secret, nothing listening) — either way a connection exists for the profile.
  const meter = page.getByTestId('profile-item').filter({ hasText: 'E2E meter' });
  await expect(meter.locator('[data-status]').first()).toBeVisible();
});
