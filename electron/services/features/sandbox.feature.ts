import { AppError } from '../../../shared/contract/define';
import type { sandboxMethods } from '../../../shared/contract/sandbox.contract';
import { TOKEN_SLOT } from '../../../shared/tokens/token-model';
import type { BackendContext, Feature } from '../core/feature';
import { SandboxService, type SandboxStartOptions } from '../sandbox/sandbox-service';
import { SANDBOX_PROFILE_IDS, sandboxProfiles } from '../sandbox/sandbox-profiles';
import { SANDBOX_TOKEN_PROFILE_ID, sandboxTokenProfile } from '../sandbox/sandbox-token-profile';

declare module '../core/services' {
  interface Services {
    sandbox: SandboxService;
  }
}

/** A problem found after start-up: kept for app.info and told to a renderer that is already open. */
function warn(ctx: BackendContext, message: string): void {
  ctx.warnings.push(message);
  ctx.events.emit('app.notice', { level: 'warning', message });
}

/** Creates/refreshes the "Local sandbox" profiles and opens the server-side ones, so a first start shows live traffic. */
async function syncProfiles(ctx: BackendContext, svc: SandboxService, open: boolean): Promise<void> {
  const ep = svc.endpoints();
  if (!ep) return;
  const profiles = ctx.services.maybe('profiles');
  if (!profiles) {
    ctx.warnings.push('The local sandbox is running, but the profiles service is not available: no sandbox profiles were created.');
    return;
  }
  const connections = ctx.services.maybe('connections');
  for (const { profile, secrets, open: autoOpen = true } of sandboxProfiles(ep)) {
    try {
      profiles.setEphemeralSecrets(profile.id, secrets);
      await profiles.upsert(profile as never);
      if (open && autoOpen && connections) await connections.open(profile.id);
    } catch (err) {
      ctx.warnings.push(`Sandbox profile "${profile.name}" could not be set up: ${(err as Error).message}`);
    }
  }
  if (open && !connections) ctx.warnings.push('The local sandbox is running, but the connections service is not available: open its profiles by hand.');
}

/**
 * The token-mode sandbox profile: created, given a fresh token through the tokens service (the sandbox's
 * token service issued it, so it is valid for this run), then opened. Without a usable token it would only
 * be held by the upload gate, so it is opened only once the token is there. `open` false (after a reset,
 * which makes the sandbox forget its tokens): a fresh token only, uploaded if the connection is live.
 */
async function syncTokenProfile(ctx: BackendContext, svc: SandboxService, open: boolean): Promise<void> {
  const ep = svc.endpoints();
  const spec = ep && sandboxTokenProfile(ep);
  const profiles = ctx.services.maybe('profiles');
  if (!spec || !profiles) return;
  const { profile, secrets, apply } = spec;
  try {
    profiles.setEphemeralSecrets(profile.id, secrets);
    await profiles.upsert(profile as never);
  } catch (err) {
    warn(ctx, `Sandbox profile "${profile.name}" could not be set up: ${(err as Error).message}`);
    return;
  }
  const tokens = ctx.services.maybe('tokens');
  const connections = ctx.services.maybe('connections');
  if (!tokens || !connections) return;
  const keychain = await ctx.secrets.available().catch((err: unknown) => ({ available: false, detail: (err as Error).message }));
  if (!keychain.available) {
    if (!open) return; // said at start already
    warn(
      ctx,
      `"${profile.name}" was not opened: its token is kept in the OS keychain, which is not available${keychain.detail ? ` (${keychain.detail})` : ''}. Once the keychain works, apply a token from the Tokens tab and connect it.`,
    );
    return;
  }
  const failed = open ? `"${profile.name}" was not opened` : `"${profile.name}" got no new token after the sandbox reset`;
  try {
    // Tokens from an earlier sandbox run mean nothing to this one: the gate would upload them and be refused.
    for (const type of ['R', 'W'] as const) {
      if (await profiles.getSecret(profile.id, TOKEN_SLOT[type])) await tokens.remove(profile.id, type);
    }
    const r = await tokens.apply({ profileId: profile.id, ...apply });
    if (!r.token) {
      const a = r.exchange.answer;
      warn(ctx, `${failed}: the sandbox's token service refused the token (${a.words}). ${a.action}`.trim());
      return;
    }
    if (open) await connections.open(profile.id);
  } catch (err) {
    warn(ctx, `${failed}: ${(err as Error).message}`);
  }
}

async function closeSandboxConnections(ctx: BackendContext): Promise<void> {
  const connections = ctx.services.maybe('connections');
  if (!connections) return;
  const ids = new Set<string>([...Object.values(SANDBOX_PROFILE_IDS), SANDBOX_TOKEN_PROFILE_ID]);
  for (const c of connections.list()) {
    if (ids.has(c.profileId)) await connections.close(c.connectionId).catch(() => undefined);
  }
}

export const sandboxFeature: Feature<typeof sandboxMethods> = (ctx) => {
  const svc = new SandboxService();
  ctx.services.set('sandbox', svc);
  const unsubscribe = svc.onChange((s) => ctx.events.emit('sandbox.changed', s));
  let disposed = false;
  let tokenSetup: Promise<void> = Promise.resolve();
  const setUpTokenProfile = (open = true) => {
    if (disposed || !svc.running) return tokenSetup;
    tokenSetup = tokenSetup.then(() => (disposed ? undefined : syncTokenProfile(ctx, svc, open)));
    return tokenSetup;
  };
  /** `deferTokenProfile`: at backend start the tokens feature (created after this one) has not installed its upload gate yet. */
  const start = async (opts: SandboxStartOptions, deferTokenProfile = false) => {
    try {
      await svc.start({ ...opts, dataDir: ctx.options.dataDir });
    } catch (err) {
      throw new AppError(
        'sandbox-start-failed',
        `The local sandbox did not start: ${(err as Error).message}`,
        'Check the sandbox config file, or start it without one.',
      );
    }
    await syncProfiles(ctx, svc, true);
    if (deferTokenProfile) setImmediate(() => void setUpTokenProfile());
    else await setUpTokenProfile();
    return svc.status();
  };
  return {
    handlers: {
      'sandbox.status': () => svc.status(),
      'sandbox.start': ({ configFile, config, devices }) => start({ configFile, config: config as never, devices }),
      'sandbox.stop': async () => {
        await tokenSetup;
        await closeSandboxConnections(ctx);
        return svc.stop();
      },
      'sandbox.reset': async () => {
        await svc.reset();
        // The reset forgot every token, the token-mode profile's too: give it a new one.
        await setUpTokenProfile(false);
        return svc.status();
      },
      'sandbox.fault': (fault) => {
        if (!svc.running)
          throw new AppError('sandbox-not-running', 'The local sandbox is not running.', 'Start it first (Sandbox panel or `fieldscope sandbox`).');
        const r = svc.fault(fault);
        if (fault.action === 'flap-device' && !r.applied) {
          throw new AppError(
            'no-such-device',
            `Cannot make a device flap: ${r.detail ?? 'no such device'}.`,
            'Give a fleet device name such as dev-0001 (the Presence tab lists them) or its Client ID; the fleet must be on.',
          );
        }
        return svc.status();
      },
      'sandbox.sendToDevice': (m) => {
        const sent = svc.running ? svc.sendToDevice(m) : undefined;
        if (!sent)
          throw new AppError(
            'sandbox-not-running',
            `The local sandbox's ${m.face} face is not running.`,
            'Start the sandbox with that face enabled (Sandbox panel or `fieldscope sandbox`).',
          );
        return sent;
      },
    },
    async start() {
      const opt = ctx.options.sandbox;
      if (!opt) return;
      const configFile = typeof opt === 'object' ? opt.config : undefined;
      try {
        await start({ configFile }, true);
      } catch (err) {
        ctx.warnings.push((err as Error).message);
      }
    },
    async dispose() {
      disposed = true;
      await tokenSetup;
      unsubscribe();
      await svc.stop();
    },
  };
};
