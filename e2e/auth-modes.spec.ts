// Current ApsaraMQ instance modes and the device kinds, made in the profile editor and connected to the local
// sandbox through the UI: each connects, and a wrong secret, timestamp or instance ID is refused with the
// explanation that names it. The sandbox checks with the same rules its paho tests use (test/sandbox/).
import type { Locator, Page } from '@playwright/test';
import type { SandboxEndpoints } from '../shared/contract/sandbox.contract';
import { expect, keychainMissingReason, rpc, test } from './fixtures';

const skipReason = keychainMissingReason();
if (skipReason) console.log(`skipping auth-modes e2e: ${skipReason}`);

async function endpoints(page: Page): Promise<SandboxEndpoints> {
  let ep: SandboxEndpoints | undefined;
  await expect
    .poll(
      async () => {
        ep = (await rpc<{ endpoints?: SandboxEndpoints }>(page, 'sandbox.status', {})).value?.endpoints;
        return !!ep?.mq && !!ep.iotDevice && !!ep.huaweiDevice;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return ep!;
}

/** Publishes from the selected connection's publish tab; `json` is typed without its last brace (the editor validates as it goes). */
async function publishJson(page: Page, topic: string, json: string): Promise<void> {
  await openTab(page, 'publish');
  await page.getByLabel('Topic', { exact: true }).fill(topic);
  const editor = page.getByTestId('publish-editor');
  await editor.locator('.view-lines').click();
  await expect(editor.locator('.monaco-editor.focused')).toHaveCount(1);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.type(json);
  await page.keyboard.press('End');
  await page.keyboard.type('}');
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
}

/** `<clientId> <reason>` of each refusal the sandbox recorded on a face (its control API). */
/**
 * Opens a tab and waits until it is the selected one: a row above the tabs (a subscription's granted QoS, a
 * notice) can grow between Playwright finding the tab and its click landing, and the click then hits that row.
 */
async function openTab(page: Page, id: string): Promise<void> {
  const tab = page.locator(`[data-tab="${id}"]`);
  await expect(async () => {
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true', { timeout: 1000 });
  }).toPass();
}

async function refusals(ep: SandboxEndpoints, face: string): Promise<string[]> {
  const res = await fetch(`${ep.control.url}/record?${new URLSearchParams({ face, kind: 'connect-refused' })}`, {
    headers: { authorization: `Bearer ${ep.control.token}` },
  });
  const entries = (await res.json()) as { clientId?: string; detail?: { reason?: string } }[];
  return entries.map((e) => `${e.clientId} ${e.detail?.reason}`);
}

type Fill = (dialog: Locator) => Promise<void>;

/** New profile in the editor: name and kind, the kind's fields, one secret; "Save and connect". */
async function createAndConnect(page: Page, name: string, kind: string, fill: Fill, secret: { slot: string; value: string }): Promise<Locator> {
  await page.getByRole('button', { name: 'New', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'New profile' });
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByTestId('field-kind').selectOption(kind);
  await fill(dialog);
  await dialog.locator(`[data-slot="${secret.slot}"]`).getByRole('button', { name: 'Set' }).click();
  await dialog.locator(`#secret-${secret.slot}`).fill(secret.value);
  await dialog.getByTestId('profile-save-connect').click();
  await expect(dialog).toHaveCount(0);
  return page.getByTestId('profile-item').filter({ hasText: name });
}

async function expectConnected(item: Locator): Promise<void> {
  await expect(item.locator('[data-status="connected"]')).toBeVisible({ timeout: 20_000 });
}

async function expectRefused(item: Locator, explanation: RegExp): Promise<void> {
  await expect(item.locator('[data-status="refused"]')).toBeVisible({ timeout: 20_000 });
  const text = item.getByTestId('connection-explanation');
  await expect(text).toBeVisible();
  await expect(text).toContainText(explanation);
}

/** The MQ face over plain TCP as a current instance. */
function mqFields(
  ep: SandboxEndpoints,
  o: { deviceId: string; instanceId?: string; mode: 'signature' | 'deviceCredential' | 'token'; accessKeyId: string; groupId?: string },
): Fill {
  return async (d) => {
    await d.getByTestId('field-host').fill(ep.host);
    await d.getByTestId('field-port').fill(String(ep.mq!.tcpPort));
    await d.getByTestId('field-transport').selectOption('tcp');
    await d.getByTestId('field-instanceType').selectOption('current');
    await d.getByTestId('field-instanceId').fill(o.instanceId ?? ep.mq!.instanceId);
    await d.getByTestId('field-authMode').selectOption(o.mode);
    if (o.mode === 'deviceCredential') await d.getByTestId('field-deviceAccessKeyId').fill(o.accessKeyId);
    else await d.getByTestId('field-accessKey').fill(o.accessKeyId);
    if (o.mode === 'token') await d.getByTestId('field-tokenServiceUrl').fill(ep.mq!.tokenServiceUrl);
    await d.getByTestId('field-groupId').fill(o.groupId ?? 'GID_fieldscope');
    await d.getByTestId('field-deviceId').fill(o.deviceId);
  };
}

test.describe('auth modes and device kinds against the sandbox, through the UI', () => {
  test.skip(skipReason !== null, skipReason ?? '');
  // several profiles made and connected per test, with the sandbox fleet running: more than the default 90 s on a loaded machine
  test.describe.configure({ timeout: 180_000 });

  test('ApsaraMQ current instance: Signature and Device credential connect; a wrong secret or instance ID is refused and explained', async ({ page }) => {
    const ep = await endpoints(page);
    const mq = ep.mq!;
    await expectConnected(
      await createAndConnect(page, 'E2E signature', 'aliyun-mq', mqFields(ep, { deviceId: 'e2e-sig', mode: 'signature', accessKeyId: mq.accessKey }), {
        slot: 'secretKey',
        value: mq.secretKey,
      }),
    );
    const cred = mq.deviceCredentials[0];
    const [groupId, deviceId] = cred.clientId.split('@@@');
    await expectConnected(
      await createAndConnect(
        page,
        'E2E device credential',
        'aliyun-mq',
        mqFields(ep, { groupId, deviceId, mode: 'deviceCredential', accessKeyId: cred.deviceAccessKeyId }),
        { slot: 'deviceAccessKeySecret', value: cred.deviceAccessKeySecret },
      ),
    );

    const wrongSecret = await createAndConnect(
      page,
      'E2E wrong secret',
      'aliyun-mq',
      mqFields(ep, { deviceId: 'e2e-bad-secret', mode: 'signature', accessKeyId: mq.accessKey }),
      { slot: 'secretKey', value: 'not-the-secret' },
    );
    await expectRefused(wrongSecret, /bad user name or password[\s\S]*check the secret/i);
    const wrongInstance = await createAndConnect(
      page,
      'E2E wrong instance',
      'aliyun-mq',
      mqFields(ep, { deviceId: 'e2e-bad-instance', instanceId: 'mqtt-cn-notthisone', mode: 'signature', accessKeyId: mq.accessKey }),
      { slot: 'secretKey', value: mq.secretKey },
    );
    await expectRefused(wrongInstance, /instance ID/);
    const wrongDeviceSecret = await createAndConnect(
      page,
      'E2E wrong device secret',
      'aliyun-mq',
      mqFields(ep, { groupId, deviceId, mode: 'deviceCredential', accessKeyId: cred.deviceAccessKeyId }),
      { slot: 'deviceAccessKeySecret', value: 'not-the-device-secret' },
    );
    await expectRefused(wrongDeviceSecret, /DeviceAccessKeyId/);
    // the sandbox refused each for the reason the explanation names
    expect(await refusals(ep, 'mq')).toEqual(
      expect.arrayContaining([
        'GID_fieldscope@@@e2e-bad-secret bad-signature',
        'GID_fieldscope@@@e2e-bad-instance wrong-instance',
        `${cred.clientId} bad-signature`,
      ]),
    );
  });

  test('ApsaraMQ current instance: Token mode connects with a token from the sandbox token service', async ({ page }) => {
    const ep = await endpoints(page);
    const mq = ep.mq!;
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'New profile' });
    await dialog.getByLabel('Name', { exact: true }).fill('E2E token');
    await dialog.getByTestId('field-kind').selectOption('aliyun-mq');
    await mqFields(ep, { deviceId: 'e2e-token', mode: 'token', accessKeyId: mq.accessKey })(dialog);
    await dialog.locator('[data-slot="secretKey"]').getByRole('button', { name: 'Set' }).click();
    await dialog.locator('#secret-secretKey').fill(mq.secretKey);
    await dialog.getByTestId('profile-save').click();
    await expect(dialog).toHaveCount(0);
    const item = page.getByTestId('profile-item').filter({ hasText: 'E2E token' });
    const profileId = await item.getAttribute('data-profile-id');
    // the token service (the app server side) issues the token; the password then carries RW|<token>
    const applied = await rpc<{ token?: unknown }>(page, 'tokens.apply', {
      profileId,
      resources: [mq.parentTopics[0]],
      actions: ['R', 'W'],
      lifetimeSec: 3600,
    });
    expect(applied.ok, JSON.stringify(applied.error)).toBe(true);
    expect(applied.value!.token).toBeTruthy();
    await item.getByRole('button', { name: 'Connect' }).click();
    await expectConnected(item);
  });

  test('a legacy-mode profile sent to a current-only sandbox instance is refused with the legacy-on-current explanation', async ({ page }) => {
    await endpoints(page);
    // restart the sandbox as a current-only instance (the legacy scheme switched off)
    expect((await rpc(page, 'sandbox.stop', {})).ok).toBe(true);
    const started = await rpc<{ endpoints: SandboxEndpoints }>(page, 'sandbox.start', { config: { mq: { legacyAuth: false }, fleet: { enabled: false } } });
    expect(started.ok, JSON.stringify(started.error)).toBe(true);
    const ep = started.value!.endpoints;
    const legacy = await createAndConnect(
      page,
      'E2E legacy on current',
      'aliyun-mq',
      async (d) => {
        await d.getByTestId('field-host').fill(ep.host);
        await d.getByTestId('field-port').fill(String(ep.mq!.tcpPort));
        await d.getByTestId('field-transport').selectOption('tcp');
        await d.getByTestId('field-instanceType').selectOption('legacy');
        await d.getByTestId('field-accessKey').fill(ep.mq!.accessKey);
        await d.getByTestId('field-groupId').fill('GID_fieldscope');
        await d.getByTestId('field-deviceId').fill('e2e-legacy');
      },
      { slot: 'secretKey', value: ep.mq!.secretKey },
    );
    await expectRefused(legacy, /legacy-mode password sent to a current instance/);
  });

  test('IoT Platform device: connects over TCP (securemode 3) and TLS (securemode 2); a wrong secret and a stale timestamp are refused and explained', async ({
    page,
  }) => {
    const ep = await endpoints(page);
    const dev = ep.iotDevice!.devices[0];
    const fields =
      (tls: boolean): Fill =>
      async (d) => {
        await d.getByTestId('field-productKey').fill(dev.productKey);
        await d.getByTestId('field-deviceName').fill(dev.deviceName);
        await d.getByTestId('field-signMethod').selectOption('hmacsha1');
        await d.getByTestId('field-transport').selectOption(tls ? 'tls' : 'tcp');
        await d.getByTestId('field-host').fill(tls ? 'localhost' : ep.host);
        await d.getByTestId('field-port').fill(String(tls ? ep.iotDevice!.tlsPort : ep.iotDevice!.tcpPort));
        if (tls) await d.getByTestId('field-tls.caFile').fill(ep.caFile!);
      };
    const tcp = await createAndConnect(page, 'E2E light tcp', 'aliyun-iot-device', fields(false), { slot: 'deviceSecret', value: dev.deviceSecret });
    await expectConnected(tcp);
    await expectConnected(await createAndConnect(page, 'E2E light tls', 'aliyun-iot-device', fields(true), { slot: 'deviceSecret', value: dev.deviceSecret }));
    await expectRefused(
      await createAndConnect(page, 'E2E light wrong secret', 'aliyun-iot-device', fields(false), { slot: 'deviceSecret', value: 'wrong-device-secret' }),
      /check the device secret/i,
    );
    // the sandbox clock runs 30 minutes ahead: the device's fresh timestamp is stale to the platform
    expect((await rpc(page, 'sandbox.fault', { action: 'shift-clock', ms: 30 * 60_000 })).ok).toBe(true);
    await expectRefused(
      await createAndConnect(page, 'E2E light stale', 'aliyun-iot-device', fields(false), { slot: 'deviceSecret', value: dev.deviceSecret }),
      /timestamp is close to the server clock/,
    );
    expect(new Set((await refusals(ep, 'iot-device')).map((r) => r.split(' ')[1]))).toEqual(new Set(['bad-signature', 'timestamp-out-of-window']));
  });

  test('IoTDA device: _1_ and _0_ connect over TLS; a wrong secret, and with _1_ an hour the platform clock rejects, are refused and explained', async ({
    page,
  }) => {
    const ep = await endpoints(page);
    const dev = ep.huaweiDevice!.devices[0];
    const fields =
      (check: boolean): Fill =>
      async (d) => {
        await d.getByTestId('field-host').fill('localhost');
        await d.getByTestId('field-port').fill(String(ep.huaweiDevice!.port));
        await d.getByTestId('field-transport').selectOption('tls');
        await d.getByTestId('field-tls.caFile').fill(ep.caFile!);
        await d.getByTestId('field-deviceId').fill(dev.deviceId);
        const box = d.getByTestId('field-checkTimestamp');
        if (check) await box.check();
        else await box.uncheck();
      };
    await expectConnected(await createAndConnect(page, 'E2E meter checked', 'huawei-iotda-device', fields(true), { slot: 'deviceSecret', value: dev.secret }));
    await expectRefused(
      await createAndConnect(page, 'E2E meter wrong secret', 'huawei-iotda-device', fields(true), { slot: 'deviceSecret', value: 'wrong-secret' }),
      /Check the device secret/,
    );
    // five hours ahead on the sandbox clock: a _1_ Client ID's hour is refused, a _0_ one is not checked
    expect((await rpc(page, 'sandbox.fault', { action: 'shift-clock', ms: 5 * 3600_000 })).ok).toBe(true);
    await expectRefused(
      await createAndConnect(page, 'E2E meter stale hour', 'huawei-iotda-device', fields(true), { slot: 'deviceSecret', value: dev.secret }),
      /hour must match the platform clock/,
    );
    await expectConnected(
      await createAndConnect(page, 'E2E meter unchecked', 'huawei-iotda-device', fields(false), { slot: 'deviceSecret', value: dev.secret }),
    );
    expect(new Set((await refusals(ep, 'huawei-device')).map((r) => r.split(' ')[1]))).toEqual(new Set(['bad-signature', 'stale-timestamp']));
  });

  test('one sandbox, both ways: device profiles publish reports that show on the AMQP and IoTDA application profiles, and receive what the sandbox panel sends them', async ({
    page,
  }) => {
    const ep = await endpoints(page);
    const dev = ep.iotDevice!.devices[0];
    const item = page.locator('[data-profile-id="sandbox-iot-device"]');
    await item.getByRole('button', { name: 'Connect' }).click();
    await expectConnected(item);
    await item.locator('.profile-main').click();

    await publishJson(
      page,
      `/sys/${dev.productKey}/${dev.deviceName}/thing/event/property/post`,
      '{"id":"e2e-4711","version":"1.0","params":{"Brightness":42},"method":"thing.event.property.post"',
    );

    // The inspector holds every connection's messages: the device's post_reply and the AMQP subscription's push.
    await openTab(page, 'inspector');
    await page.locator('#inspector-filter-text').fill('e2e-4711');
    const rows = page.getByTestId('message-row');
    await expect(rows.filter({ hasText: `/sys/${dev.productKey}/${dev.deviceName}/thing/event/property/post_reply` })).toHaveCount(1);
    await expect(rows.filter({ hasText: `/${dev.productKey}/${dev.deviceName}/thing/event/property/post` }).filter({ hasNotText: '/sys/' })).toHaveCount(1);

    // and the other way: a property set sent from the sandbox panel reaches the device profile
    await openTab(page, 'sandbox');
    await page.getByTestId('send-property-set').click();
    await openTab(page, 'inspector');
    await page.locator('#inspector-filter-text').fill('thing.service.property.set');
    await expect(rows.filter({ hasText: `/sys/${dev.productKey}/${dev.deviceName}/thing/service/property/set` })).toHaveCount(1);

    // IoTDA: the device's report arrives on the application profile's forwarding topic
    const hw = ep.huaweiDevice!.devices[0];
    const meter = page.locator('[data-profile-id="sandbox-huawei-device"]');
    await meter.getByRole('button', { name: 'Connect' }).click();
    await expectConnected(meter);
    await meter.locator('.profile-main').click();
    await publishJson(page, `$oc/devices/${hw.deviceId}/sys/properties/report`, '{"services":[{"service_id":"Meter","properties":{"e2eMarker":"e2e-4712"}}]');
    await openTab(page, 'inspector');
    await page.locator('#inspector-filter-text').fill('e2e-4712');
    await expect(rows.filter({ hasText: ep.huawei!.forwardingTopic })).toHaveCount(1);
    // a command from the sandbox panel reaches the IoTDA device profile
    await openTab(page, 'sandbox');
    await page.getByTestId('send-command-name').fill('E2eReset');
    await page.getByTestId('send-command').click();
    await openTab(page, 'inspector');
    await page.locator('#inspector-filter-text').fill('E2eReset');
    await expect(rows.filter({ hasText: `$oc/devices/${hw.deviceId}/sys/commands/request_id=` })).toHaveCount(1);
  });
});
