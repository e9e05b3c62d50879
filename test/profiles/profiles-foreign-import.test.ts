import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/services/backend';
import { MemorySecretStore } from '../../electron/services/core/secret-store';
import { backendAt, readAllFiles, tempDataDir } from './profile-helpers';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'foreign', name), 'utf8');
const open: Backend[] = [];
afterEach(async () => {
  for (const b of open.splice(0)) await b.dispose();
});

async function start() {
  const dataDir = tempDataDir();
  const secrets = new MemorySecretStore();
  const b = await backendAt(dataDir, secrets);
  open.push(b);
  return { b, dataDir, secrets };
}

describe('profiles.importForeign', () => {
  it('turns an MQTTX JSON export into profiles; the password reaches the keychain only when accepted', async () => {
    const { b, dataDir } = await start();
    const r = await b.call('profiles.importForeign', { text: fixture('mqttx-export.json') });
    expect(r.source).toBe('mqttx');
    expect(r.imported.map((v) => v.profile.name)).toEqual(['Plant broker', 'Lab over WebSocket']);
    expect(r.imported.map((v) => v.profile.id)).not.toContain('8f2a6c1e-3d4b-4c7a-9e21-5b0d7f6a1c33');
    expect(r.passwordsFound.map((p) => p.name)).toEqual(['Plant broker']);
    expect(r.unmapped).toEqual([{ id: r.imported[0]!.profile.id, name: 'Plant broker', items: ['MQTT 5 connect properties'] }]);
    expect(r.imported[0]!.secrets.password).toBe('unset');
    expect(JSON.stringify(r)).not.toContain('mqttx-password-Zq81');

    await b.call('profiles.keepImportedPasswords', { ids: [r.imported[0]!.profile.id] });
    const view = (await b.call('profiles.list', {})).find((v) => v.profile.id === r.imported[0]!.profile.id)!;
    expect(view.secrets.password).toBe('set');
    for (const f of readAllFiles(dataDir)) expect(f.bytes.includes('mqttx-password-Zq81'), f.file).toBe(false);
  });

  it('declined passwords are forgotten', async () => {
    const { b } = await start();
    const r = await b.call('profiles.importForeign', { text: fixture('mqttx-export.yaml') });
    expect(r.source).toBe('mqttx');
    expect(r.imported[0]!.profile).toMatchObject({ name: 'YAML broker', host: '10.20.30.40', keepaliveSec: 45 });
    await b.call('profiles.keepImportedPasswords', { ids: [] });
    // Accepting afterwards finds nothing left to store.
    await b.call('profiles.keepImportedPasswords', { ids: [r.imported[0]!.profile.id] });
    const view = (await b.call('profiles.list', {})).find((v) => v.profile.id === r.imported[0]!.profile.id)!;
    expect(view.secrets.password).toBe('unset');
  });

  it('imports MQTT Explorer settings', async () => {
    const { b } = await start();
    const r = await b.call('profiles.importForeign', { text: fixture('mqtt-explorer-settings.json') });
    expect(r.source).toBe('mqtt-explorer');
    expect(r.imported).toHaveLength(2);
    expect(r.unmapped[0]!.items[0]).toMatch(/server CA certificate/);
  });

  it('answers other files with a clear error', async () => {
    const { b } = await start();
    await expect(b.call('profiles.importForeign', { text: '{"a": 1}' })).rejects.toThrow(/neither a Fieldscope, an MQTTX nor an MQTT Explorer/);
    await expect(b.call('profiles.importForeign', { text: 'a: [unclosed' })).rejects.toThrow(/neither JSON nor YAML/);
    // An alias bomb is refused instead of expanding.
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill('*' + String.fromCharCode(97 + i))
            .join(',')}]`,
      ),
    ].join('\n');
    await expect(b.call('profiles.importForeign', { text: bomb })).rejects.toThrow(/neither JSON nor YAML/);
  });
});
