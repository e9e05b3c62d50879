import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, MessageChannelMain, safeStorage, session, shell } from 'electron';
import { KeyringSecretStore } from '../services/core/keyring-secret-store';
import { migrateLegacySecretsFile } from '../services/core/secret-file-migration';
import { startBackend, type Backend } from '../services/backend';
import { EventPort } from './event-port';
import { CALL_CHANNEL, PORT_CHANNEL } from './ipc-bridge';
import { isTrustedSender, linkDecision, linkDialogOptions, rendererPageUrl } from './window-policy';
import { CONTENT_SECURITY_POLICY } from '../hosts/csp';
import { installProcessGuard, logToStderr } from '../services/core/unexpected-error';

const here = path.dirname(fileURLToPath(import.meta.url));
const isDev = !app.isPackaged && process.env.FIELDSCOPE_DEVTOOLS === '1';
const rendererIndex = path.join(here, '..', 'renderer', 'index.html');
let backend: Backend | null = null;

installProcessGuard('electron main');

if (process.env.FIELDSCOPE_DATA_DIR) app.setPath('userData', path.resolve(process.env.FIELDSCOPE_DATA_DIR));

const rendererUrl = rendererPageUrl(rendererIndex);

/** Opens a payload's https:// link only after the user confirmed the exact address. */
async function confirmAndOpen(win: BrowserWindow, href: string) {
  const r = await dialog.showMessageBox(win, linkDialogOptions(href, app.getLocale()));
  if (r.response === 0) await shell.openExternal(href);
}

function createWindow() {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Fieldscope',
    show: false,
    webPreferences: {
      preload: path.join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: isDev,
      spellcheck: false,
    },
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    const d = linkDecision(url);
    if (d.action === 'confirm') void confirmAndOpen(win, d.href);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  win.once('ready-to-show', () => win.show());
  // loadURL with the URL isTrustedSender compares against, so both are the same string by construction.
  void win.loadURL(rendererUrl);
  return win;
}

void app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  const dataDir = app.getPath('userData');
  // One secret store for every host: the OS keychain (N-API, so it works in Electron as in the Chromium
  // host and the CLI). Secrets an earlier version kept in secrets.enc.json (safeStorage) move there once.
  const secrets = new KeyringSecretStore();
  const migration = await migrateLegacySecretsFile({ dataDir, target: secrets, decrypt: (blob) => safeStorage.decryptString(blob) });
  backend = await startBackend({
    host: 'electron',
    dataDir,
    secrets,
    version: app.getVersion(),
    sandbox: process.env.FIELDSCOPE_NO_SANDBOX === '1' ? false : true,
  });
  backend.ctx.warnings.push(...migration.warnings);
  ipcMain.handle(CALL_CHANNEL, async (e, name: unknown, input: unknown) => {
    const frame = e.senderFrame;
    if (!isTrustedSender(frame?.url, !!frame && frame === e.sender.mainFrame, rendererUrl))
      return { ok: false, error: { code: 'forbidden', message: 'untrusted sender' } };
    return backend!.dispatch(name, input);
  });
  const events = new EventPort({ dispatch: (name, input) => backend!.dispatch(name, input), log: logToStderr });
  // Each page load asks once (the preload does, before the page runs): a reload gets a new port, the old closes.
  ipcMain.on(PORT_CHANNEL, (e) => {
    const frame = e.senderFrame;
    if (!isTrustedSender(frame?.url, !!frame && frame === e.sender.mainFrame, rendererUrl)) return;
    const { port1, port2 } = new MessageChannelMain();
    events.attach(port1);
    e.sender.postMessage(PORT_CHANNEL, null, [port2]);
  });
  backend.events.onAny((name, payload) => events.send(name, payload));
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('before-quit', () => {
  void backend?.dispose();
});
