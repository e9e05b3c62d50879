import os from 'node:os';
import path from 'node:path';

/** The app's data folder outside Electron (Electron passes app.getPath('userData')). FIELDSCOPE_DATA_DIR wins. */
export function defaultDataDir(): string {
  if (process.env.FIELDSCOPE_DATA_DIR) return path.resolve(process.env.FIELDSCOPE_DATA_DIR);
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Fieldscope');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Fieldscope');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'fieldscope');
}
