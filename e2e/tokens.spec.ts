import { expect, rpc, skipWithoutKeychain, test } from './fixtures';

// Token lifecycle in the Chromium host on the local sandbox: apply a token from the panel, watch its
// countdown, move the sandbox clock close to the expiry, and see the renewal happen with the connection up.

interface MqEndpoints {
  host: string;
  tcpPort: number;
  accessKey: string;
  secretKey: string;
  groups: string[];
  parentTopics: string[];
  tokenServiceUrl: string;
}

test('apply a token from the panel, watch the countdown, force near-expiry in the sandbox: renewed, connection stays up', async ({ page }) => {
  await expect(page.getByTestId('profile-item').first()).toBeVisible({ timeout: 30_000 });
  let mq: (MqEndpoints & { host: string }) | undefined;
  await expect
    .poll(
      async () => {
        const s = await rpc<{ running: boolean; endpoints?: { host: string; mq?: Omit<MqEndpoints, 'host'> } }>(page, 'sandbox.status', {});
        if (s.value?.endpoints?.mq) mq = { ...s.value.endpoints.mq, host: s.value.endpoints.host };
        return !!mq;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  const parent = mq!.parentTopics[0];

  // A token-mode profile on the sandbox's MQ face (the sandbox's own profile uses signature mode).
  const saved = await rpc<{ profile: { id: string } }>(page, 'profiles.save', {
    profile: {
      id: '',
      name: 'E2E token mode',
      kind: 'aliyun-mq',
      host: mq!.host,
      port: mq!.tcpPort,
      transport: 'tcp',
      groupId: mq!.groups[0],
      deviceId: 'e2e-token',
      accessKey: mq!.accessKey,
      authMode: 'token',
      tokenRenewal: 'auto',
      tokenServiceUrl: mq!.tokenServiceUrl,
      subscriptions: [{ filter: `${parent}/#`, qos: 1 }],
      reconnect: { enabled: true, initialDelayMs: 300, maxDelayMs: 1000, maxAttempts: 0 },
    },
    secrets: { secretKey: mq!.secretKey },
  });
  skipWithoutKeychain(saved);
  expect(saved.ok, saved.error?.message).toBe(true);
  const profileId = saved.value!.profile.id;

  // No token yet: the app connects, finds nothing to upload and holds instead of looping.
  const item = page.locator(`[data-profile-id="${profileId}"]`);
  await item.getByRole('button', { name: 'Connect' }).click();
  await item.locator('.profile-main').click();
  await page.locator('[data-tab="tokens"]').click();
  const panel = page.locator('[data-panel="tokens"]');
  await expect(panel.getByTestId('tokens-held')).toContainText('no token', { timeout: 20_000 });

  // Apply from the panel: the form checks the limits; the exchange shows the string-to-sign and the answer in words.
  await panel.getByTestId('apply-lifetime').fill('30');
  await panel.getByTestId('apply-resources').fill(parent);
  await expect(panel.getByTestId('apply-problems')).toContainText('at least 60 s');
  await expect(panel.getByTestId('apply-send')).toBeDisabled();
  await panel.getByTestId('apply-lifetime').fill('600');
  await expect(panel.getByTestId('apply-count')).toHaveText('1 / 100 resources');
  await panel.getByTestId('apply-send').click();
  await expect(panel.getByTestId('exchange-answer')).toContainText('code 200: Success');
  await expect(panel.getByTestId('exchange-sts')).toHaveText(new RegExp(`^actions=R,W&expireTime=\\d{13}&resources=${parent}&serviceName=mq$`));
  await expect(panel.getByTestId('tokens-exchange')).not.toContainText(mq!.secretKey);

  // The held connection resumes: the token is uploaded and its PUBACK awaited before the SUBSCRIBE.
  const row = panel.getByTestId('token-RW');
  await expect(row.getByTestId('token-upload')).toContainText('PUBACK after', { timeout: 20_000 });
  await expect(panel.getByTestId('tokens-held')).toHaveCount(0);
  await expect(row.getByTestId('token-state')).toHaveText('valid');

  // The countdown moves.
  const countdown = row.getByTestId('token-countdown');
  const first = await countdown.textContent();
  expect(first).toMatch(/^in (9m|10m)/);
  await expect(countdown).not.toHaveText(first!, { timeout: 30_000 });

  const timelineRows = panel.getByTestId('timeline-rows');
  const firstMasked = (await row.locator('td').nth(1).textContent()) ?? '';

  // Applying again would replace the RW token in use: the panel asks first, and "keep" changes nothing.
  await panel.getByTestId('apply-send').click();
  const confirm = panel.getByTestId('apply-confirm');
  await expect(confirm).toContainText('Replace the RW token in use?');
  await panel.getByTestId('apply-confirm-cancel').click();
  await expect(confirm).toHaveCount(0);
  await expect(row.locator('td').nth(1)).toHaveText(firstMasked);
  // (The first, token-less attempt was dropped by the gate: that disconnect is already on the timeline.)
  const dropsBefore = await timelineRows.locator('[data-kind="disconnected"]').count();
  const reconnectsBefore = await timelineRows.locator('[data-kind="reconnected"]').count();

  // Force near-expiry: the sandbox clock jumps 5.5 minutes, so the server pushes $SYS/tokenExpireNotice.
  const shifted = await rpc(page, 'sandbox.fault', { action: 'shift-clock', ms: 330_000 });
  expect(shifted.ok, shifted.error?.message).toBe(true);
  await expect(timelineRows.locator('[data-kind="expire-notice"]').first()).toBeVisible({ timeout: 20_000 });
  await expect(timelineRows.locator('[data-kind="renewed"]')).toHaveCount(1, { timeout: 20_000 });
  await expect(row.locator('td').nth(1)).not.toHaveText(firstMasked);
  await expect(row.getByTestId('token-upload')).toContainText('PUBACK after');

  // The connection stayed up the whole time.
  await expect(timelineRows.locator('[data-kind="disconnected"]')).toHaveCount(dropsBefore);
  await expect(timelineRows.locator('[data-kind="reconnected"]')).toHaveCount(reconnectsBefore);
  const conns = await rpc<Array<{ profileId: string; state: { status: string } }>>(page, 'connections.list', {});
  expect(conns.value!.find((c) => c.profileId === profileId)?.state.status).toBe('connected');
  const tokenText = await page.content();
  expect(tokenText).not.toContain(mq!.secretKey);
});
