import { expect, rpc, skipWithoutKeychain, test } from './fixtures';

// MQ for IoT client features in the Chromium host on the local sandbox: the limits warnings before sending,
// a P2P message to a Client ID from the publish panel, and offline messages pulled with the button after
// they were queued while the connection was closed.

interface MqEndpoints {
  tcpPort: number;
  accessKey: string;
  secretKey: string;
  groups: string[];
  parentTopics: string[];
}

test('limits warnings, a P2P message and an offline pull from the publish panel', async ({ page }) => {
  await expect(page.getByTestId('profile-item').first()).toBeVisible({ timeout: 30_000 });
  let mq: (MqEndpoints & { host: string }) | undefined;
  await expect
    .poll(
      async () => {
        const s = await rpc<{ endpoints?: { host: string; mq?: MqEndpoints } }>(page, 'sandbox.status', {});
        if (s.value?.endpoints?.mq) mq = { ...s.value.endpoints.mq, host: s.value.endpoints.host };
        return !!mq;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  const parent = mq!.parentTopics[0]!;
  const group = mq!.groups.includes('GID_fieldscope') ? 'GID_fieldscope' : mq!.groups[0]!;
  const clientId = `${group}@@@e2e-mq-client`;
  const profile = (name: string, deviceId: string, extra: Record<string, unknown>) => ({
    profile: {
      id: '',
      name,
      kind: 'aliyun-mq',
      host: mq!.host,
      port: mq!.tcpPort,
      transport: 'tcp',
      groupId: group,
      deviceId,
      accessKey: mq!.accessKey,
      authMode: 'signature',
      ...extra,
    },
    secrets: { secretKey: mq!.secretKey },
  });
  const saved = await rpc<{ profile: { id: string } }>(
    page,
    'profiles.save',
    profile('E2E MQ client', 'e2e-mq-client', { clean: false, subscriptions: [{ filter: `${parent}/e2e-offline`, qos: 1 }] }),
  );
  skipWithoutKeychain(saved);
  expect(saved.ok, saved.error?.message).toBe(true);
  const sender = await rpc<{ profile: { id: string } }>(page, 'profiles.save', profile('E2E MQ sender', 'e2e-mq-sender', {}));
  expect(sender.ok, sender.error?.message).toBe(true);

  const item = page.locator(`[data-profile-id="${saved.value!.profile.id}"]`);
  await item.getByRole('button', { name: 'Connect' }).click();
  await item.locator('.profile-main').click();
  const connectionId = async () =>
    (await rpc<Array<{ connectionId: string; profileId: string; state: { status: string } }>>(page, 'connections.list', {})).value!.find(
      (c) => c.profileId === saved.value!.profile.id,
    );
  await expect.poll(async () => (await connectionId())?.state.status, { timeout: 30_000 }).toBe('connected');

  // Limits: a topic over 64 characters and QoS 2 on a persistent session are said before sending.
  await page.locator('[data-tab="publish"]').click();
  const topic = page.getByLabel('Topic', { exact: true });
  await topic.fill(`${parent}/${'x'.repeat(70)}`);
  await expect(page.getByTestId('mq-limit-warnings')).toContainText('allows at most 64');
  await page.getByLabel('Topic filter to subscribe').fill(`${parent}/q2`);
  await page.locator('.sub-form').getByLabel('QoS').selectOption('2');
  await expect(page.locator('.sub-form').getByTestId('mq-limit-warnings')).toContainText('QoS 2 with Clean session off');

  // P2P to our own Client ID: delivered with no subscription for it.
  await topic.fill(`${parent}/e2e`);
  const panel = page.getByTestId('mq-client-panel');
  await panel.locator('summary').click();
  await panel.getByLabel('Parent topic').fill(parent);
  await panel.getByLabel('Target Client ID (GID_xxx@@@DeviceID)').fill(clientId);
  await panel.getByTestId('mq-send-p2p').click();
  const p2pTopic = `${parent}/p2p/${clientId}`;
  const own = (await connectionId())!.connectionId;
  // Only this connection's messages (the sandbox's own profiles subscribe to the parent topic too).
  const count = async (t: string) =>
    (await rpc<{ total: number }>(page, 'messages.page', { filter: { topicFilter: t, connectionIds: [own] }, offset: 0, limit: 1 })).value?.total ?? 0;
  await expect.poll(() => count(p2pTopic), { timeout: 30_000 }).toBe(1);

  // Offline: closed, three messages queued by another client, connected again, pulled with the button.
  await rpc(page, 'connections.close', { connectionId: own });
  const other = await rpc<{ connectionId: string }>(page, 'connections.open', { profileId: sender.value!.profile.id });
  await expect
    .poll(
      async () =>
        (await rpc<Array<{ connectionId: string; state: { status: string } }>>(page, 'connections.list', {})).value!.find(
          (c) => c.connectionId === other.value!.connectionId,
        )?.state.status,
      { timeout: 30_000 },
    )
    .toBe('connected');
  for (const text of ['first', 'second', 'third']) {
    const r = await rpc(page, 'connections.publish', {
      connectionId: other.value!.connectionId,
      topic: `${parent}/e2e-offline`,
      payload: { format: 'text', data: text },
      qos: 1,
      retain: false,
    });
    expect(r.ok).toBe(true);
  }
  await rpc(page, 'connections.open', { profileId: saved.value!.profile.id });
  await expect.poll(async () => (await connectionId())?.state.status, { timeout: 30_000 }).toBe('connected');
  await page.locator(`[data-profile-id="${saved.value!.profile.id}"] .profile-main`).click();
  await page.locator('[data-tab="publish"]').click();
  const panel2 = page.getByTestId('mq-client-panel');
  if (!(await panel2.evaluate((el) => (el as unknown as { open: boolean }).open))) await panel2.locator('summary').click();
  await panel2.getByTestId('mq-pull-offline').click();
  await expect.poll(() => count(`${parent}/e2e-offline`), { timeout: 30_000 }).toBe(3);
  await page.locator('[data-tab="log"]').click();
  await expect(page.getByText('Pulling up to 30 offline messages, oldest first').first()).toBeVisible({ timeout: 30_000 });
});
