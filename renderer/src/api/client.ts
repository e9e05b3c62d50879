import type { EventName, EventPayload, FieldscopeApi, MethodInput, MethodName, MethodOutput, Result, SocketCallName } from '../../../shared/contract';
import { t } from '../i18n';
import { guardReloadKeys } from './reload-guard';

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
 * The page's session token, kept in this closure only (never in the URL, history or any storage): the URL
 * fragment brings a single-use start code, traded once for the token; the fragment leaves the address bar
 * (and the history entry) at once.
 */
async function openSession(): Promise<string> {
  const code = new URLSearchParams(location.hash.slice(1)).get('code');
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  if (!code) throw new SessionError('session.noStartLink');
  const res = await fetch('/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  const text = await res.text();
  if (res.status === 401) throw new SessionError('session.linkUsed');
  if (!res.ok) {
    const r = refusal(res.status, text);
    throw new SessionError('session.failed', r.ok ? text : r.error.message);
  }
  return (JSON.parse(text) as { token: string }).token;
}

/** Why the page has no session; worded when shown, so it follows the language chosen meanwhile. */
class SessionError extends Error {
  constructor(
    readonly key: 'session.noStartLink' | 'session.linkUsed' | 'session.failed',
    readonly detail = '',
  ) {
    super(key);
  }
  text(): string {
    return t(this.key, { message: this.detail });
  }
}

/**
 * The Chromium host's side of the contract: calls over POST /rpc, events over one WebSocket, both carrying
 * the session token the start code bought.
 */
function createHttpApi(): FieldscopeApi {
  const session = openSession();
  guardReloadKeys(window);
  // Callers see the refusal on their first call; nothing else needs to await here.
  session.catch(() => undefined);
  const listeners = new Map<string, Set<Listener>>();
  /** Sends a text on the event socket when it is open (false: it is not). */
  let sendOnSocket: (text: string) => boolean = () => false;
  let retry = 250;
  let opened = false;
  // A call can make main push an event at once (a viewport): calls wait until the event socket is open, so such
  // an event is never sent into a socket that does not exist yet. A socket that cannot open holds calls 3 s at most.
  let markOpen = () => {};
  const firstOpen = new Promise<void>((resolve) => (markOpen = resolve));
  const socketReady = Promise.race([firstOpen, new Promise<void>((resolve) => setTimeout(resolve, 3000))]);

  const connect = async () => {
    let token: string;
    try {
      token = await session;
    } catch {
      return; // no session: calls say why; an event socket could not open either
    }
    const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/events`, [`fieldscope.${token}`]);
    sendOnSocket = (text) => ws.readyState === WebSocket.OPEN && (ws.send(text), true);
    ws.onopen = () => {
      markOpen();
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
      setTimeout(() => void connect(), retry);
      retry = Math.min(retry * 2, 5000);
    };
  };
  void connect();

  const httpApi: FieldscopeApi = {
    async call<M extends MethodName>(name: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>> {
      let token: string;
      try {
        token = await session;
      } catch (err) {
        return { ok: false, error: { code: 'no-session', message: err instanceof SessionError ? err.text() : (err as Error).message } };
      }
      await socketReady;
      try {
        const res = await fetch('/rpc', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ name, input }),
        });
        if (!res.ok) return refusal(res.status, await res.text());
        return (await res.json()) as Result<MethodOutput<M>>;
      } catch (err) {
        return { ok: false, error: { code: 'backend-unreachable', message: (err as Error).message, hint: t('app.backendUnreachable') } };
      }
    },
    on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as Listener);
      return () => set!.delete(listener as Listener);
    },
    post<M extends SocketCallName>(name: M, input: MethodInput<M>) {
      if (!sendOnSocket(JSON.stringify([name, input]))) void httpApi.call(name, input);
    },
  };
  return httpApi;
}

/** The host answers refusals with the contract's error envelope; anything else is shown as it came. */
function refusal<T>(status: number, text: string): Result<T> {
  try {
    const j = JSON.parse(text) as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
    if (j.ok === false && typeof j.error?.code === 'string' && typeof j.error.message === 'string')
      return { ok: false, error: { code: j.error.code, message: j.error.message } };
  } catch {
    // not JSON: fall through
  }
  return { ok: false, error: { code: `http-${status}`, message: text } };
}

export const api: FieldscopeApi = window.fieldscope ?? createHttpApi();

/**
 * A call whose answer nobody waits for (SOCKET_CALLS): on the channel events come on (the Chromium host's event
 * socket while it is open, Electron's event port), else an ordinary call. Refusals are dropped (a view re-stated
 * after a reconnect repairs a lost one).
 */
export function post<M extends SocketCallName>(name: M, input: MethodInput<M>): void {
  api.post(name, input);
}

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
