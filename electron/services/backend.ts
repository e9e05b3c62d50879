import { AppError, isMethodName, methods, toErrorShape, type MethodName, type Result } from '../../shared/contract';
import { EventBus } from './core/event-bus';
import type { BackendContext, BackendOptions, FeatureInstance, Handlers } from './core/feature';
import { ServiceRegistry } from './core/services';
import { APP_VERSION } from './core/version';
import { capturesFeature } from './features/captures.feature';
import { connectionsFeature } from './features/connections.feature';
import { messagesFeature } from './features/messages.feature';
import { prefsFeature } from './features/prefs.feature';
import { presenceFeature } from './features/presence.feature';
import { profilesFeature } from './features/profiles.feature';
import { sandboxFeature } from './features/sandbox.feature';
import { tokensFeature } from './features/tokens.feature';
import { vendorsFeature } from './features/vendors.feature';

/**
 * The backend every host runs: services composed in dependency order, one dispatch that validates every
 * call's input against the shared contract and answers with a result envelope.
 */
export class Backend {
  readonly events = new EventBus();
  readonly services = new ServiceRegistry();
  readonly ctx: BackendContext;
  private handlers!: Handlers;
  private instances: FeatureInstance<unknown>[] = [];

  constructor(options: BackendOptions) {
    this.ctx = {
      options: { ...options, version: options.version ?? APP_VERSION },
      events: this.events,
      secrets: options.secrets,
      services: this.services,
      warnings: [],
    };
  }

  /** Creates every feature, then starts them (sandbox, sandbox connections...). */
  async start(): Promise<this> {
    const ctx = this.ctx;
    // Order matters: later features use earlier features' services.
    const profiles = profilesFeature(ctx);
    const messages = messagesFeature(ctx);
    const vendors = vendorsFeature(ctx);
    const connections = connectionsFeature(ctx);
    const sandbox = sandboxFeature(ctx);
    const tokens = tokensFeature(ctx);
    const presence = presenceFeature(ctx);
    const captures = capturesFeature(ctx);
    const prefs = prefsFeature(ctx);
    this.instances = [profiles, messages, vendors, connections, sandbox, tokens, presence, captures, prefs] as FeatureInstance<unknown>[];
    const app: Pick<Handlers, 'app.info'> = {
      'app.info': async () => ({
        version: ctx.options.version,
        host: ctx.options.host,
        platform: `${process.platform}-${process.arch}`,
        dataDir: ctx.options.dataDir,
        startupWarnings: [...ctx.warnings],
        keychain: { kind: ctx.secrets.kind, ...(await ctx.secrets.available()) },
      }),
    };
    this.handlers = {
      ...app,
      ...profiles.handlers,
      ...messages.handlers,
      ...vendors.handlers,
      ...connections.handlers,
      ...sandbox.handlers,
      ...tokens.handlers,
      ...presence.handlers,
      ...captures.handlers,
      ...prefs.handlers,
    } as Handlers;
    for (const inst of this.instances) {
      if (inst.start) {
        try {
          await inst.start();
        } catch (err) {
          ctx.warnings.push(`start-up step failed: ${toErrorShape(err).message}`);
        }
      }
    }
    return this;
  }

  /** The one entry point for every host: validates, runs, wraps. Never throws. */
  async dispatch(name: unknown, rawInput: unknown): Promise<Result<unknown>> {
    try {
      if (!isMethodName(name)) throw new AppError('unknown-method', `unknown method ${String(name)}`);
      const spec = methods[name];
      const input = spec.input.parse(rawInput ?? {});
      const handler = this.handlers[name] as ((i: unknown) => unknown) | undefined;
      if (!handler) throw new AppError('not-implemented', `${name} is not available in this build`);
      const value = await handler(input);
      return { ok: true, value };
    } catch (err) {
      return { ok: false, error: toErrorShape(err) };
    }
  }

  /** Typed call for in-process users (CLI, tests). Throws AppError on failure. */
  async call<M extends MethodName>(name: M, input: import('../../shared/contract').MethodInput<M>): Promise<import('../../shared/contract').MethodOutput<M>> {
    const r = await this.dispatch(name, input);
    if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.hint);
    return r.value as import('../../shared/contract').MethodOutput<M>;
  }

  async dispose(): Promise<void> {
    for (const inst of [...this.instances].reverse()) {
      try {
        await inst.dispose?.();
      } catch {
        // keep going: every feature gets its chance to close sockets
      }
    }
  }
}

export async function startBackend(options: BackendOptions): Promise<Backend> {
  return new Backend(options).start();
}
