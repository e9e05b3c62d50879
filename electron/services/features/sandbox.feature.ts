import { AppError } from '../../../shared/contract/define';
import type { sandboxMethods } from '../../../shared/contract/sandbox.contract';
import type { BackendContext, Feature } from '../core/feature';
import { SandboxService, type SandboxStartOptions } from '../sandbox/sandbox-service';
import { SANDBOX_PROFILE_IDS, sandboxProfiles } from '../sandbox/sandbox-profiles';

declare module '../core/services' {
  interface Services {
    sandbox: SandboxService;
  }
}

/** Creates/refreshes the "Local sandbox" profiles and opens them, so a first start shows live traffic. */
async function syncProfiles(ctx: BackendContext, svc: SandboxService, open: boolean): Promise<void> {
  const ep = svc.endpoints();
  if (!ep) return;
  const profiles = ctx.services.maybe('profiles');
  if (!profiles) {
    ctx.warnings.push('The local sandbox is running, but the profiles service is not available: no sandbox profiles were created.');
    return;
  }
  const connections = ctx.services.maybe('connections');
  for (const { profile, secrets } of sandboxProfiles(ep)) {
    try {
      profiles.setEphemeralSecrets(profile.id, secrets);
      await profiles.upsert(profile as never);
      if (open && connections) await connections.open(profile.id);
    } catch (err) {
      ctx.warnings.push(`Sandbox profile "${profile.name}" could not be set up: ${(err as Error).message}`);
    }
  }
  if (open && !connections) ctx.warnings.push('The local sandbox is running, but the connections service is not available: open its profiles by hand.');
}

async function closeSandboxConnections(ctx: BackendContext): Promise<void> {
  const connections = ctx.services.maybe('connections');
  if (!connections) return;
  const ids = new Set<string>(Object.values(SANDBOX_PROFILE_IDS));
  for (const c of connections.list()) {
    if (ids.has(c.profileId)) await connections.close(c.connectionId).catch(() => undefined);
  }
}

export const sandboxFeature: Feature<typeof sandboxMethods> = (ctx) => {
  const svc = new SandboxService();
  ctx.services.set('sandbox', svc);
  const unsubscribe = svc.onChange((s) => ctx.events.emit('sandbox.changed', s));
  const start = async (opts: SandboxStartOptions) => {
    try {
      await svc.start({ ...opts, dataDir: ctx.options.dataDir });
    } catch (err) {
      throw new AppError('sandbox-start-failed', `The local sandbox did not start: ${(err as Error).message}`, 'Check the sandbox config file, or start it without one.');
    }
    await syncProfiles(ctx, svc, true);
    return svc.status();
  };
  return {
    handlers: {
      'sandbox.status': () => svc.status(),
      'sandbox.start': ({ configFile, config, devices }) => start({ configFile, config: config as never, devices }),
      'sandbox.stop': async () => {
        await closeSandboxConnections(ctx);
        return svc.stop();
      },
      'sandbox.reset': () => svc.reset(),
      'sandbox.fault': (fault) => {
        if (!svc.running) throw new AppError('sandbox-not-running', 'The local sandbox is not running.', 'Start it first (Sandbox panel or `fieldscope sandbox`).');
        svc.fault(fault);
        return svc.status();
      },
    },
    async start() {
      const opt = ctx.options.sandbox;
      if (!opt) return;
      const configFile = typeof opt === 'object' ? opt.config : undefined;
      try {
        await start({ configFile });
      } catch (err) {
        ctx.warnings.push((err as Error).message);
      }
    },
    async dispose() {
      unsubscribe();
      await svc.stop();
    },
  };
};
