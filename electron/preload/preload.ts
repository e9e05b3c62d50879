import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CALL_CHANNEL, PORT_CHANNEL } from '../main/ipc-bridge';
import { methodNames, eventNames } from '../../shared/contract/names';
import { isSocketCall } from '../../shared/contract/socket-calls';

// The preload exposes exactly the contract: call(method, input) for listed methods, on(event) for listed events
// and post(call, input) for the answer-less calls. ipcRenderer and the event port never reach the page.
const allowedMethods = new Set<string>(methodNames);
const allowedEvents = new Set<string>(eventNames);
type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();
/** The page's own port (the DOM MessagePort Electron hands the preload). */
type Port = IpcRendererEvent['ports'][number];
let port: Port | null = null;

ipcRenderer.on(PORT_CHANNEL, (e: IpcRendererEvent) => {
  const next = e.ports[0];
  if (!next) return;
  port?.close();
  port = next;
  next.onmessage = (m: { data: unknown }) => {
    const [name, payload] = m.data as [string, unknown];
    const set = listeners.get(name);
    if (set) for (const l of set) l(payload);
  };
});
ipcRenderer.send(PORT_CHANNEL);

contextBridge.exposeInMainWorld('fieldscope', {
  call(name: string, input: unknown) {
    if (!allowedMethods.has(name)) return Promise.resolve({ ok: false, error: { code: 'unknown-method', message: name } });
    return ipcRenderer.invoke(CALL_CHANNEL, name, input);
  },
  on(name: string, listener: Listener) {
    if (!allowedEvents.has(name)) throw new Error(`unknown event ${name}`);
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => set!.delete(listener);
  },
  post(name: string, input: unknown) {
    if (!isSocketCall(name)) return;
    // Before the port arrived (the first instants of a load) the call goes the ordinary way.
    if (port) port.postMessage([name, input]);
    else void ipcRenderer.invoke(CALL_CHANNEL, name, input);
  },
});
