import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, session, shell, type IpcMainInvokeEvent } from 'electron';
import { startBackend, type Backend } from '../services/backend';
import { CALL_CHANNEL, EVENT_CHANNEL } from './ipc-bridge';
import { SafeStorageSecretStore } from './safe-storage-secret-store';
import { CONTENT_SECURITY_POLICY } from '../hosts/csp';
import { installProcessGuard } from '../services/core/unexpected-error';

const here = path.dirname(fileURLToPath(import.meta.url));
const isDev = !app.isPackaged && process.env.FIELDSCOPE_DEVTOOLS === '1';
const rendererIndex = path.join(here, '..', 'renderer', 'index.html');
let backend: Backend | null = null;
let mainWindow: BrowserWindow | null = null;

installProcessGuard('electron main');

if (process.env.FIELDSCOPE_DATA_DIR) app.setPath('userData', path.resolve(process.env.FIELDSCOPE_DATA_DIR));

function isTrustedSender(e: IpcMainInvokeEvent): boolean {
  // Only our own top-level page may call the backend, never an iframe or a navigated-away page.
  const frame = e.senderFrame;
  return !!frame && frame === e.sender.mainFrame && frame.url.startsWith('file://') && frame.url.includes('/renderer/index.html');
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
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadFile(rendererIndex, { query: { host: 'electron' } });
  return win;
}

app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  const dataDir = app.getPath('userData');
  backend = await startBackend({
    host: 'electron',
    dataDir,
    secrets: new SafeStorageSecretStore(dataDir),
    version: app.getVersion(),
    sandbox: process.env.FIELDSCOPE_NO_SANDBOX === '1' ? false : true,
  });
  ipcMain.handle(CALL_CHANNEL, async (e, name: unknown, input: unknown) => {
    if (!isTrustedSender(e)) return { ok: false, error: { code: 'forbidden', message: 'untrusted sender' } };
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
