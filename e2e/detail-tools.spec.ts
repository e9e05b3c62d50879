import { execFileSync } from 'node:child_process';
import { encode } from '@msgpack/msgpack';
import mqtt from 'mqtt';
import { mosquittoAvailable, startMosquitto, type MosquittoBroker } from '../test/support/mosquitto';
import { expect, keychainMissingReason, rpc, testWithoutSandbox as test } from './fixtures';

let broker: MosquittoBroker | undefined;
const skipReason = !mosquittoAvailable() ? 'mosquitto is not installed' : keychainMissingReason();
if (skipReason) console.log(`skipping detail tools e2e: ${skipReason}`);

test.describe('detail pane: decoders, comparison, copy as code', () => {
  test.skip(skipReason !== null, skipReason ?? '');
  test.beforeAll(async () => {
    broker = await startMosquitto();
  });
  test.afterAll(async () => {
    await broker?.stop();
  });

  test('MessagePack decoded exactly and remembered per filter; a message compared with the previous one; copy as Python', async ({ page }) => {
    const saved = await rpc<{ profile: { id: string } }>(page, 'profiles.save', {
      profile: { kind: 'mqtt', id: '', name: 'Detail broker', host: '127.0.0.1', port: broker!.port, subscriptions: [{ filter: 'dt/#', qos: 1 }] },
    });
    await rpc(page, 'connections.open', { profileId: saved.value!.profile.id });
    await expect(page.locator('[data-testid="profile-item"]', { hasText: 'Detail broker' }).locator('[data-status="connected"]')).toBeVisible();
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker!.port}`);
    await client.publishAsync('dt/dev-1/state', Buffer.from(encode({ counter: 18446744073709551615n, ok: true }, { useBigInt64: true })), { qos: 1 });
    await client.publishAsync('dt/cmp', '{"temp": 21.50, "mode": "auto"}', { qos: 1 });
    await client.publishAsync('dt/cmp', '{"temp": 22.75, "mode": "auto"}', { qos: 1 });
    await client.endAsync();

    await page.getByTestId('message-row').filter({ hasText: 'dt/dev-1/state' }).click();
    await page.getByTestId('decoded-tab').click();
    const decoded = page.getByTestId('decoded-view');
    await decoded.getByLabel('Decoder').selectOption('msgpack');
    await decoded.getByRole('button', { name: 'Decode', exact: true }).click();
    await expect(decoded.getByTestId('decoded-json')).toHaveText('{\n  "counter": 18446744073709551615,\n  "ok": true\n}');
    await decoded.getByLabel('Topic filter to remember it for').fill('dt/+/state');
    await decoded.getByRole('button', { name: 'Remember for this filter' }).click();
    await expect(decoded.getByTestId('decoded-by')).toContainText('MessagePack, chosen for dt/+/state');

    // The newest dt/cmp message against its predecessor: both payloads formatted from their own text.
    await page.getByTestId('message-row').filter({ hasText: '22.75' }).click();
    // The detail follows the selection a moment later: compare only once it shows the newer message.
    await page.getByRole('tab', { name: 'Raw' }).click();
    await expect(page.getByTestId('detail-editor')).toContainText('22.75');
    await page.getByRole('button', { name: 'Compare with previous' }).click();
    const diff = page.getByRole('dialog', { name: 'Compare messages' });
    await expect(diff.getByTestId('diff-editor')).toContainText('21.50');
    await expect(diff.getByTestId('diff-editor')).toContainText('22.75');
    await diff.getByRole('button', { name: 'Close' }).click();
    await expect(diff).toHaveCount(0);

    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
    await page.getByTestId('copy-as-code').selectOption('python-paho');
    await expect(page.getByText('Copied to the clipboard.').first()).toBeVisible();
    const code = await page.evaluate(() =>
      (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText(),
    );
    expect(code).toContain(`client.connect("127.0.0.1", ${broker!.port}`);
    expect(code).toContain('client.publish("dt/cmp"');
    // The generated publisher works: it republishes the exact bytes.
    const sub = execFileSync('sh', ['-c', `mosquitto_sub -h 127.0.0.1 -p ${broker!.port} -t dt/cmp -C 1 -W 20 & sleep 1; /usr/bin/python3 -c "$CODE"; wait`], {
      env: { ...process.env, CODE: code },
      encoding: 'utf8',
      timeout: 40_000,
    });
    expect(sub.trim()).toBe('{"temp": 22.75, "mode": "auto"}');
  });
});
