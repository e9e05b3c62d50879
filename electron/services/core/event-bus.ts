import type { EventName, EventPayload } from '../../../shared/contract';

type Listener = (name: EventName, payload: unknown) => void;

/** Backend → hosts. Hosts forward every event to their renderer(s); services never know who listens. */
export class EventBus {
  private listeners = new Set<Listener>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const l of this.listeners) {
      try {
        l(name, payload);
      } catch {
        // A broken listener (a closed window, a dead socket) must never break the service that emitted.
      }
    }
  }

  onAny(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.onAny((n, p) => {
      if (n === name) listener(p as EventPayload<E>);
    });
  }
}
