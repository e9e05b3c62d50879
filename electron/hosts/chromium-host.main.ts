import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBackend } from '../services/backend';
import { defaultDataDir } from '../services/core/data-dir';
import { KeyringSecretStore } from '../services/core/keyring-secret-store';
import { installProcessGuard } from '../services/core/unexpected-error';
import { chooseBrowser, launchAppWindow, noWindowMessage } from './browser-launcher';
import { startChromiumHost } from './chromium-host';
import { sessionTokenFrom } from './start-codes';

// Entry of the Chromium host: the same backend as Electron, the UI in the system browser as an app window.
const here = path.dirname(fileURLToPath(import.meta.url));

async function main() {
  installProcessGuard('chromium host');
  const dataDir = defaultDataDir();
  const backend = await startBackend({
    host: 'chromium',
    dataDir,
    secrets: new KeyringSecretStore(),
    sandbox: process.env.FIELDSCOPE_NO_SANDBOX === '1' ? false : true,
  });
  // Read once, then out of our environment, so no child process (browser, brokers) inherits it.
  const token = sessionTokenFrom(process.env.FIELDSCOPE_HOST_TOKEN);
  delete process.env.FIELDSCOPE_HOST_TOKEN;
  const host = await startChromiumHost({
    token,
    backend,
    rendererDir: path.join(here, '..', 'renderer'),
    port: process.env.FIELDSCOPE_PORT ? Number(process.env.FIELDSCOPE_PORT) : 0,
    onSessionOpened: () => console.log('The Fieldscope page opened its session (its start link is now used up).'),
  });
  for (const w of backend.ctx.warnings) console.warn(`warning: ${w}`);
  const choice = chooseBrowser(process.env);
  // Machine-readable first line for scripts and tests.
  console.log(JSON.stringify({ host: 'chromium', url: host.url, dataDir }));
  let child: ChildProcess | undefined;
  if (choice.kind === 'open') {
    const browser = choice.browser;
    console.log(`Opening Fieldscope in ${browser} (app window).`);
    const startedAt = Date.now();
    child = launchAppWindow(browser, host.url, path.join(dataDir, 'browser-profile'));
    child.on('exit', (code) => {
      // A window the user closed ends the app; a browser that could not start (no display, a policy, a crash
      // at launch) must not take the backend down with it: say so and keep serving.
      if (code === 0 && Date.now() - startedAt > 5000) return void shutdown();
      console.log(
        `The browser exited (code ${code ?? 'signal'}) without showing Fieldscope. The backend keeps running; open this URL in a Chromium-based browser:\n  ${host.newUrl()}\nPress Ctrl+C to stop.`,
      );
    });
    child.on('error', (err) => console.log(`Could not start ${browser}: ${err.message}. Open this URL instead:\n  ${host.newUrl()}`));
  } else {
    console.log(noWindowMessage(choice, host.url));
  }
  let closing = false;
  async function shutdown() {
    if (closing) return;
    closing = true;
    // The window is useless without its backend: close it with us.
    if (child && child.exitCode === null) child.kill('SIGTERM');
    await host.close();
    await backend.dispose();
    process.exit(0);
  }
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((err) => {
  console.error(`Fieldscope could not start: ${(err as Error).message}`);
  process.exit(1);
});
