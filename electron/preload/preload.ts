import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../main/ipc-bridge';
import { methodNames, eventNames } from '../../shared/contract/names';

// The preload exposes exactly the contract: call(method, input) for listed methods and on(event) for listed
// events. ipcRenderer itself never reaches the page.
const allowedMethods = new Set<string>(methodNames);
const allowedEvents = new Set<string>(eventNames);
type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on(EVENT_CHANNEL, (_e: IpcRendererEvent, name: string, payload: unknown) => {
  const set = listeners.get(name);
  if (set) for (const l of set) l(payload);
});

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
});
