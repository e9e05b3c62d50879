import { AppError, isMethodName, methods, toErrorShape, type MethodName, type Result } from '../../shared/contract';
import { z } from 'zod';
import { EventBus } from './core/event-bus';
import { describeUnexpected, logToStderr } from './core/unexpected-error';
import type { BackendContext, BackendOptions, FeatureInstance, Handlers } from './core/feature';
import { ServiceRegistry } from './core/services';
import { APP_VERSION } from './core/version';
import { capturesFeature } from './features/captures.feature';
import { chartsFeature } from './features/charts.feature';
import { codegenFeature } from './features/codegen.feature';
import { decodersFeature } from './features/decoders.feature';
import { diffFeature } from './features/diff.feature';
import { connectionsFeature } from './features/connections.feature';
import { messagesFeature } from './features/messages.feature';
import { prefsFeature } from './features/prefs.feature';
import { presenceFeature } from './features/presence.feature';
import { profileImportFeature } from './features/profile-import.feature';
import { publishHistoryFeature } from './features/publish-history.feature';
import { profilesFeature } from './features/profiles.feature';
import { rocketmqFeature } from './features/rocketmq.feature';
import { sandboxFeature } from './features/sandbox.feature';
import { tokensFeature } from './features/tokens.feature';
import { topicsFeature } from './features/topics.feature';
import { vendorsFeature } from './features/vendors.feature';

/**
 * The backend every host runs: services composed in dependency order, one dispatch that validates every
 * call's input against the shared contract and answers with a result envelope.
 */
export class Backend {
  readonly events: EventBus;
  readonly services = new ServiceRegistry();
  readonly ctx: BackendContext;
  private handlers!: Handlers;
  private instances: FeatureInstance<unknown>[] = [];

  private readonly log: (line: string) => void;

  constructor(options: BackendOptions) {
    this.log = options.log ?? logToStderr;
    this.events = new EventBus((name, err) => this.log(describeUnexpected(`a listener of event ${name}`, err)));
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
    const profileImport = profileImportFeature(ctx);
    const messages = messagesFeature(ctx);
    const vendors = vendorsFeature(ctx);
    const connections = connectionsFeature(ctx);
    const sandbox = sandboxFeature(ctx);
    const tokens = tokensFeature(ctx);
    const presence = presenceFeature(ctx);
    const captures = capturesFeature(ctx);
    const codegen = codegenFeature(ctx);
    const topics = topicsFeature(ctx);
    const publishHistory = publishHistoryFeature(ctx);
    const charts = chartsFeature(ctx);
    const decoders = decodersFeature(ctx);
    const diff = diffFeature(ctx);
    const prefs = prefsFeature(ctx);
    const rocketmq = rocketmqFeature(ctx);
    this.instances = [
      profiles,
      profileImport,
      messages,
      vendors,
      connections,
      sandbox,
      tokens,
      presence,
      captures,
      codegen,
      topics,
      publishHistory,
      charts,
      decoders,
      diff,
      prefs,
      rocketmq,
    ] as FeatureInstance<unknown>[];
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
      ...profileImport.handlers,
      ...messages.handlers,
      ...vendors.handlers,
      ...connections.handlers,
      ...sandbox.handlers,
      ...tokens.handlers,
      ...presence.handlers,
      ...captures.handlers,
      ...codegen.handlers,
      ...topics.handlers,
      ...publishHistory.handlers,
      ...charts.handlers,
      ...decoders.handlers,
      ...diff.handlers,
      ...prefs.handlers,
      ...rocketmq.handlers,
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
      // AppError and contract (zod) errors are answers; anything else is a bug in a handler: log where it
      // happened (never what it said: it may quote a secret), answer the caller, keep serving.
      if (!(err instanceof AppError) && !(err instanceof z.ZodError))
        this.log(describeUnexpected(`call ${isMethodName(name) ? name : '(unknown method)'}`, err));
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
