import type { ReconnectPolicyLike } from '../../../shared/mqtt/reconnect-backoff';
import { AppError } from '../../../shared/contract/define';
import { startBackend, type Backend } from '../backend';
import { defaultDataDir } from '../core/data-dir';
import { KeyringSecretStore } from '../core/keyring-secret-store';

/** CLI flags that replace a profile's own settings for one run (the saved profile is not changed). */
export interface ProfileRunOverrides {
  clientId?: string;
  /** false = persistent session. */
  clean?: boolean;
  reconnect?: ReconnectPolicyLike;
}

/**
 * The backend for CLI commands that use a saved profile (record, replay): the same services as the app,
 * secrets from the OS keychain, no sandbox. Finds the profile by id or name.
 */
export async function openProfileBackend(
  nameOrId: string,
  overrides: ProfileRunOverrides = {},
): Promise<{ backend: Backend; profileId: string; profileName: string; open(): Promise<string>; dispose(): Promise<void> }> {
  const backend = await startBackend({ host: 'cli', dataDir: defaultDataDir(), secrets: new KeyringSecretStore(), sandbox: false });
  try {
    const views = await backend.call('profiles.list', {});
    const matches = views.filter((v) => v.profile.id === nameOrId || v.profile.name === nameOrId);
    if (matches.length === 0) {
      const names = views.map((v) => v.profile.name).slice(0, 20);
      throw new Error(
        `no profile named '${nameOrId}'${names.length ? ` (profiles: ${names.join(', ')})` : ' (no profiles saved yet)'}; or give a broker URL such as mqtt://host:1883`,
      );
    }
    if (matches.length > 1)
      throw new Error(`${matches.length} profiles are named '${nameOrId}'; use the profile id instead (${matches.map((m) => m.profile.id).join(', ')})`);
    const profile = matches[0]!.profile;
    if (overrides.clean === false && !('clean' in profile)) throw new Error(`--persistent is for MQTT profiles; '${profile.name}' is ${profile.kind}`);
    if (overrides.clean === false && 'clientId' in profile && !profile.clientId && overrides.clientId === undefined && profile.kind === 'mqtt') {
      throw new Error(`--persistent needs a fixed client ID: '${profile.name}' has none; give one with -c`);
    }
    if (Object.keys(overrides).length) {
      try {
        backend.services.get('profiles').overrideForThisRun(profile.id, overrides as Record<string, unknown>);
      } catch (err) {
        throw new Error(`${profile.name}: ${(err as AppError).message}`, { cause: err });
      }
    }
    return {
      backend,
      profileId: profile.id,
      profileName: profile.name,
      async open() {
        const view = await backend.call('connections.open', { profileId: profile.id });
        const deadline = Date.now() + 30_000;
        for (;;) {
          const v = (await backend.call('connections.list', {})).find((c) => c.connectionId === view.connectionId);
          const st = v?.state.status;
          if (st === 'connected') return view.connectionId;
          if (st === 'refused' || st === 'closed') throw new Error(`${profile.name}: ${v?.state.explanation ?? v?.state.reason ?? st}`);
          if (Date.now() > deadline) throw new Error(`${profile.name}: not connected after 30 s (${st})`);
          await new Promise((r) => setTimeout(r, 100));
        }
      },
      dispose: () => backend.dispose(),
    };
  } catch (err) {
    await backend.dispose();
    throw err;
  }
}
