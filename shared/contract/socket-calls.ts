// Calls that come many times a second and whose answer nobody waits for. The Chromium host also takes them
// over its event socket as `[name, input]`: a fetch per viewport acknowledgement cost the page more CPU than
// painting the rows it paced. Electron sends them as ordinary calls.
import type { MethodName } from './index';

export const SOCKET_CALLS = ['messages.viewportAck'] as const satisfies readonly MethodName[];
export type SocketCallName = (typeof SOCKET_CALLS)[number];

export function isSocketCall(name: unknown): name is SocketCallName {
  return (SOCKET_CALLS as readonly unknown[]).includes(name);
}
