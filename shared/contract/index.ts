import type { z } from 'zod';
import type { Result } from './define';
import type { SocketCallName } from './socket-calls';
import { appEvents, appMethods } from './app.contract';
import { capturesEvents, capturesMethods } from './captures.contract';
import { chartsEvents, chartsMethods } from './charts.contract';
import { codegenEvents, codegenMethods } from './codegen.contract';
import { connectionsEvents, connectionsMethods } from './connections.contract';
import { decodersEvents, decodersMethods } from './decoders.contract';
import { diffEvents, diffMethods } from './diff.contract';
import { messagesEvents, messagesMethods } from './messages.contract';
import { prefsEvents, prefsMethods } from './prefs.contract';
import { presenceEvents, presenceMethods } from './presence.contract';
import { profileImportEvents, profileImportMethods } from './profile-import.contract';
import { profilesEvents, profilesMethods } from './profiles.contract';
import { rocketmqEvents, rocketmqMethods } from './rocketmq.contract';
import { publishHistoryEvents, publishHistoryMethods } from './publish-history.contract';
import { sandboxEvents, sandboxMethods } from './sandbox.contract';
import { tokensEvents, tokensMethods } from './tokens.contract';
import { topicsEvents, topicsMethods } from './topics.contract';
import { vendorsEvents, vendorsMethods } from './vendors.contract';

/** The single IPC contract: every method and event both hosts carry. One file per feature beside this one. */
export const methods = {
  ...appMethods,
  ...profilesMethods,
  ...profileImportMethods,
  ...connectionsMethods,
  ...messagesMethods,
  ...vendorsMethods,
  ...sandboxMethods,
  ...tokensMethods,
  ...presenceMethods,
  ...capturesMethods,
  ...codegenMethods,
  ...topicsMethods,
  ...publishHistoryMethods,
  ...chartsMethods,
  ...decodersMethods,
  ...diffMethods,
  ...prefsMethods,
  ...rocketmqMethods,
};

export const events = {
  ...appEvents,
  ...profilesEvents,
  ...profileImportEvents,
  ...connectionsEvents,
  ...messagesEvents,
  ...vendorsEvents,
  ...sandboxEvents,
  ...tokensEvents,
  ...presenceEvents,
  ...capturesEvents,
  ...codegenEvents,
  ...topicsEvents,
  ...publishHistoryEvents,
  ...chartsEvents,
  ...decodersEvents,
  ...diffEvents,
  ...prefsEvents,
  ...rocketmqEvents,
};

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
}

/** What the renderer gets, whichever host runs it (Electron preload or the Chromium host client). */
export interface FieldscopeApi {
  call<M extends MethodName>(name: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** An answer-less call (SOCKET_CALLS) on the channel events come on; refusals are not reported back. */
  post<M extends SocketCallName>(name: M, input: MethodInput<M>): void;
}

export * from './define';
export * from './socket-calls';
