import type { EventName, EventPayload, FieldscopeApi, MethodInput, MethodName, MethodOutput, Result } from '../../../shared/contract';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the Chromium host. */
    fieldscope?: FieldscopeApi;
  }
}

type Listener = (payload: unknown) => void;

/** Called when the Chromium host's event socket came back after a drop: state-based subscribers say again what they want. */
const reconnectListeners = new Set<() => void>();
export function onEventsReconnected(fn: () => void): () => void {
  reconnectListeners.add(fn);
  return () => reconnectListeners.delete(fn);
}

/**
 * The Chromium host's side of the contract: calls over POST /rpc, events over one WebSocket, both carrying
 * the per-run token that arrived in the URL fragment (removed from the address bar at once).
 */
function createHttpApi(): FieldscopeApi {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) sessionStorage.setItem('fieldscope.token', fromHash);
  const token = fromHash ?? sessionStorage.getItem('fieldscope.token') ?? '';
  if (fromHash) history.replaceState(null, '', location.pathname + location.search);
  const listeners = new Map<string, Set<Listener>>();
  let retry = 250;
  let opened = false;

  const connect = () => {
    const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/events`, [`fieldscope.${token}`]);
    ws.onopen = () => {
      retry = 250;
      if (opened) for (const fn of reconnectListeners) fn();
      opened = true;
    };
    ws.onmessage = (ev) => {
      const [name, payload] = JSON.parse(String(ev.data)) as [string, unknown];
      const set = listeners.get(name);
      if (set) for (const l of set) l(payload);
    };
    ws.onclose = () => {
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 5000);
    };
  };
  connect();

  return {
    async call<M extends MethodName>(name: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>> {
      try {
        const res = await fetch('/rpc', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ name, input }),
        });
        if (!res.ok) return { ok: false, error: { code: `http-${res.status}`, message: await res.text() } };
        return (await res.json()) as Result<MethodOutput<M>>;
      } catch (err) {
        return { ok: false, error: { code: 'backend-unreachable', message: (err as Error).message, hint: 'Is the Fieldscope backend still running?' } };
      }
    },
    on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as Listener);
      return () => set!.delete(listener as Listener);
    },
  };
}

export const api: FieldscopeApi = window.fieldscope ?? createHttpApi();

/** Call and unwrap: throws an Error whose message is the backend's words (and hint). */
export async function call<M extends MethodName>(name: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const r = await api.call(name, input);
  if (!r.ok) {
    const e = new Error(r.error.hint ? `${r.error.message} — ${r.error.hint}` : r.error.message);
    (e as Error & { code?: string }).code = r.error.code;
    throw e;
  }
  return r.value;
}
