import fs from 'node:fs';
import mqtt from 'mqtt';
import { mosquittoAvailable, startMosquitto, type MosquittoBroker } from '../test/support/mosquitto';
import { expect, keychainMissingReason, rpc, testWithoutSandbox as test } from './fixtures';

let broker: MosquittoBroker | undefined;
const skipReason = !mosquittoAvailable() ? 'mosquitto is not installed' : keychainMissingReason();
if (skipReason) console.log(`skipping charts e2e: ${skipReason}`);

test.describe('charts', () => {
  test.skip(skipReason !== null, skipReason ?? '');
  test.beforeAll(async () => {
    broker = await startMosquitto();
  });
  test.afterAll(async () => {
    await broker?.stop();
  });

  test('stored history is plotted at once, live points follow, CSV holds the exact values', async ({ page }, info) => {
    const saved = await rpc<{ profile: { id: string } }>(page, 'profiles.save', {
      profile: { kind: 'mqtt', id: '', name: 'Chart broker', host: '127.0.0.1', port: broker!.port, subscriptions: [{ filter: 'chart/#', qos: 1 }] },
    });
    await rpc(page, 'connections.open', { profileId: saved.value!.profile.id });
    await expect(page.locator('[data-testid="profile-item"]', { hasText: 'Chart broker' }).locator('[data-status="connected"]')).toBeVisible();
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker!.port}`);
    for (let i = 0; i < 1000; i++) client.publish('chart/pump', JSON.stringify({ params: { temp: 20 + i / 100 } }), { qos: 1 });
    client.publish('chart/pump', '{"params":{"temp":"n/a"}}', { qos: 1 }); // not a number: no point
    await client.publishAsync('chart/other', '{"params":{"temp":999}}', { qos: 1 });

    await page.locator('[data-tab="charts"]').click();
    await page.getByLabel('Topic filter', { exact: true }).fill('chart/pump');
    await page.getByLabel('Value path').fill('params.temp');
    await page.getByRole('button', { name: 'Add series' }).click();
    const chip = page.getByTestId('chart-series');
    await expect(chip).toContainText('1000 points');
    await expect(page.getByTestId('chart').locator('canvas')).toHaveCount(1);

    for (let i = 0; i < 5; i++) await client.publishAsync('chart/pump', JSON.stringify({ params: { temp: 50 + i } }), { qos: 1 });
    await client.endAsync();
    await expect(chip).toContainText('1005 points');

    const wait = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = info.outputPath('chart.csv');
    await (await wait).saveAs(file);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('time,chart/pump params.temp');
    expect(lines).toHaveLength(1006);
    expect(lines.at(-1)).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z,54$/);
  });
});
