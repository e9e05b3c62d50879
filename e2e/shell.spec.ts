import { expect, rpc, test } from './fixtures';

test('the page trades its single-use start code for the session token, which stays in memory only', async ({ page, host }) => {
  await expect(page.locator('.app')).toHaveAttribute('data-host', 'chromium');
  // The URL the browser got carries a start code, never the session token.
  expect(host.url).toMatch(/#code=[\w-]+$/);
  expect(host.url).not.toContain(host.token);
  // The page is working (it got the token), the code left the address bar and history entry.
  expect(await rpc(page, 'app.info', {})).toMatchObject({ ok: true });
  expect(page.url()).not.toContain('#');
  // Nothing in storage that outlives the window (evaluated in the page; the Node-side tsconfig has no DOM types).
  const stored = await page.evaluate('JSON.stringify({ s: { ...sessionStorage }, l: { ...localStorage } })');
  expect(stored).not.toContain(host.token);
  // The code is dead: trading it again (as the page would, same origin) is refused.
  const code = new URL(host.url).hash.slice('#code='.length);
  const origin = new URL(host.url).origin;
  const res = await fetch(`${origin}/session`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  const again = { status: res.status, body: await res.text() };
  expect(again.status).toBe(401);
  expect(again.body).not.toContain(host.token);
});

test('a second window on a used start link says how to get a new one instead of failing silently', async ({ page, host }) => {
  await expect(page.locator('.app')).toHaveAttribute('data-host', 'chromium');
  const other = await page.context().browser()!.newContext();
  const second = await other.newPage();
  await second.goto(host.url);
  await expect(second.getByText('This start link was already used', { exact: false }).first()).toBeVisible();
  await other.close();
});
