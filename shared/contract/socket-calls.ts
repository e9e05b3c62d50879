// Calls that come many times a second and whose answer nobody waits for. Each host takes them as `[name, input]`
// on the channel its events travel on (the Chromium host's event socket, Electron's event MessagePort): a fetch
// per viewport acknowledgement cost the page more CPU than painting the rows it paced.
import type { MethodName } from './index';

export const SOCKET_CALLS = ['messages.viewportAck'] as const satisfies readonly MethodName[];
export type SocketCallName = (typeof SOCKET_CALLS)[number];

export function isSocketCall(name: unknown): name is SocketCallName {
  return (SOCKET_CALLS as readonly unknown[]).includes(name);
}

/** `[name, input]` of an answer-less call, or null for anything else (which the host refuses). */
export function socketCallFrom(value: unknown): [SocketCallName, unknown] | null {
  return Array.isArray(value) && value.length === 2 && isSocketCall(value[0]) ? [value[0], value[1]] : null;
}
