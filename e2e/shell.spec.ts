import { expect, test } from './fixtures';

test('the Chromium host serves the app and the backend answers with the per-run token', async ({ page, host }) => {
  await expect(page.locator('.app')).toHaveAttribute('data-host', 'chromium');
  // The token left the address bar as soon as the page read it.
  expect(page.url()).not.toContain('token=');
  expect(host.url).toContain('#token=');
});
