import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session, shell } from 'electron';
import { KeyringSecretStore } from '../services/core/keyring-secret-store';
import { migrateLegacySecretsFile } from '../services/core/secret-file-migration';
import { startBackend, type Backend } from '../services/backend';
import { CALL_CHANNEL, EVENT_CHANNEL } from './ipc-bridge';
import { isTrustedSender, linkDecision, linkDialogOptions, rendererPageUrl } from './window-policy';
import { CONTENT_SECURITY_POLICY } from '../hosts/csp';
import { installProcessGuard } from '../services/core/unexpected-error';

const here = path.dirname(fileURLToPath(import.meta.url));
const isDev = !app.isPackaged && process.env.FIELDSCOPE_DEVTOOLS === '1';
const rendererIndex = path.join(here, '..', 'renderer', 'index.html');
let backend: Backend | null = null;
let mainWindow: BrowserWindow | null = null;

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
  backend.events.onAny((name, payload) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(EVENT_CHANNEL, name, payload);
  });
  mainWindow = createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
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
