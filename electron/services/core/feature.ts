import type { CaptureLimits } from '../../../shared/capture/capture-limits';
import type { MethodName, MethodOutput, MethodParsedInput } from '../../../shared/contract';
import type { EventBus } from './event-bus';
import type { SecretStore } from './secret-store';
import type { ServiceRegistry } from './services';

export type Handler<M extends MethodName> = (input: MethodParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M>;
export type Handlers = { [M in MethodName]: Handler<M> };
/** The handlers one feature owns: exactly the methods of its contract file. */
export type HandlersFor<T> = { [M in keyof T & MethodName]: Handler<M> };

export type HostKind = 'electron' | 'chromium' | 'cli' | 'test';

export interface BackendOptions {
  host: HostKind;
  dataDir: string;
  secrets: SecretStore;
  version?: string;
  /** Message store bound (default 1,000,000). */
  storeCapacity?: number;
  /** Start the local cloud sandbox and its profiles (the first-start default). */
  sandbox?: boolean | { config?: string };
  /** Where unexpected exceptions are reported, without their messages (default stderr). */
  log?: (line: string) => void;
  /** Bounds on capture and bundle files read (default DEFAULT_CAPTURE_LIMITS). */
  captureLimits?: Partial<CaptureLimits>;
}

export interface BackendContext {
  readonly options: Required<Pick<BackendOptions, 'host' | 'dataDir' | 'version'>> & BackendOptions;
  readonly events: EventBus;
  readonly secrets: SecretStore;
  readonly services: ServiceRegistry;
  /** Problems found at start that the user must be told about (shown in the UI). */
  readonly warnings: string[];
}

export interface FeatureInstance<T> {
  handlers: HandlersFor<T>;
  /** Runs after every feature is created (e.g. start the sandbox, open sandbox connections). */
  start?(): Promise<void>;
  dispose?(): Promise<void> | void;
}

export type Feature<T> = (ctx: BackendContext) => FeatureInstance<T>;
