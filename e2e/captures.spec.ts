import { expect, test } from './fixtures';

// Record a sandbox connection, stop, open the capture, replay it into the sandbox — all through the UI of the
// Chromium host (which starts the local sandbox and opens its connections, as on a first start).
test('record, stop, open the capture and replay it into the sandbox', async ({ page }) => {
  await page.locator('[data-tab="captures"]').click();
  const panel = page.locator('[data-panel="captures"]');
  const row = panel.locator('[data-connection]', { hasText: 'IoT Platform AMQP' });
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row).toContainText('Connected', { timeout: 30_000 });

  await row.getByTestId('record-start').click();
  const status = row.getByTestId('recording-status');
  await expect(status).toContainText('●');
  // The sandbox fleet sends IoT Platform traffic; wait until some of it has been recorded.
  await expect(status).not.toContainText(/^● 0 messages/, { timeout: 30_000 });
  await row.getByTestId('record-stop').click();
  await expect(status).not.toContainText('●');
  const recorded = Number(/(\d[\d,]*) messages/.exec((await status.textContent()) ?? '')?.[1]?.replace(/,/g, '') ?? '0');
  expect(recorded).toBeGreaterThan(0);

  await panel.getByText(/^In /).click();
  await panel.getByRole('button', { name: 'Open', exact: true }).last().click();
  const opened = panel.getByTestId('open-capture');
  await expect(opened).toHaveCount(1);
  await expect(opened).toContainText(`${recorded.toLocaleString('en-US')} messages`);

  await opened.getByRole('button', { name: 'Protocol log & timelines' }).click();
  await expect(opened.getByTestId('capture-timeline')).toBeVisible();

  await panel.getByTestId('replay-target').selectOption('sandbox');
  await panel.getByTestId('replay-speed').fill('0');
  await panel.getByTestId('replay-start').click();
  const replay = panel.getByTestId('replay-status').first();
  await expect(replay).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(replay).toContainText(`${recorded} / ${recorded} sent`);

  // The opened capture is browsable in the inspector with its own connection filter.
  await opened.getByRole('button', { name: 'Show in inspector' }).click();
  await expect(page.locator('[data-tab="inspector"]')).toHaveAttribute('aria-selected', 'true');
});

// Issue 7 "Open": the opened capture is a read-only source of the Protocol log tab (and Tokens, Presence).
test('an opened capture shows its recorded protocol log in the Protocol log tab', async ({ page }) => {
  await page.locator('[data-tab="captures"]').click();
  const panel = page.locator('[data-panel="captures"]');
  const row = panel.locator('[data-connection]', { hasText: 'IoT Platform AMQP' });
  await expect(row).toContainText('Connected', { timeout: 30_000 });
  await row.getByTestId('record-start').click();
  const status = row.getByTestId('recording-status');
  await expect(status).not.toContainText(/^● 0 messages/, { timeout: 30_000 });
  await row.getByTestId('record-stop').click();
  await expect(status).not.toContainText('●');

  await panel.getByText(/^In /).click();
  await panel.getByRole('button', { name: 'Open', exact: true }).last().click();
  const opened = panel.getByTestId('open-capture');
  await expect(opened).toHaveCount(1);
  const logLines = Number(/(\d+) log lines?/.exec((await opened.textContent()) ?? '')?.[1] ?? 'NaN');
  expect(logLines).toBeGreaterThan(0);

  await page.locator('[data-tab="log"]').click();
  const picker = page.getByTestId('source-picker');
  const captureOption = picker.locator('option', { hasText: 'Capture:' });
  await expect(captureOption).toHaveCount(1);
  await picker.selectOption((await captureOption.getAttribute('value'))!);
  const rows = page.getByTestId('protocol-log').getByTestId('log-row');
  await expect(rows.first()).toBeVisible();
  // Every recorded line, in a list that pages like a live one (short logs fit on screen).
  if (logLines <= 20) await expect(rows).toHaveCount(logLines);
  await expect(page.getByText('An opened capture: what was recorded, nothing can be sent.')).toBeVisible();

  // The same choice holds in the Presence and Tokens tabs: the capture's own presence and token timeline.
  await page.locator('[data-tab="presence"]').click();
  await expect(page.getByTestId('source-picker')).toHaveValue((await captureOption.getAttribute('value'))!);
  await expect(page.getByTestId('presence-counts')).toContainText(/\d+ clients?/);
  await expect(page.locator('.presence-error')).toHaveCount(0);
  await page.locator('[data-tab="tokens"]').click();
  await expect(page.locator('[data-panel="tokens"]')).toHaveAttribute('data-connection', (await captureOption.getAttribute('value'))!);
  await expect(page.locator('[data-panel="tokens"] [role="alert"]')).toHaveCount(0);
  await page.locator('[data-tab="log"]').click();

  // Back to live: the live connection's log again.
  await picker.selectOption({ index: 0 });
  await expect(page.getByText('An opened capture: what was recorded, nothing can be sent.')).toHaveCount(0);
});
