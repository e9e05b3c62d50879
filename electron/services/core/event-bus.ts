import type { EventName, EventPayload } from '../../../shared/contract';

type Listener = (name: EventName, payload: unknown) => void;

/** Backend → hosts. Hosts forward every event to their renderer(s); services never know who listens. */
export class EventBus {
  private listeners = new Set<Listener>();

  /** `onError` hears a listener's exception (logged by the backend without its message). */
  constructor(private readonly onError: (name: EventName, err: unknown) => void = () => undefined) {}

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const l of this.listeners) {
      try {
        l(name, payload);
      } catch (err) {
        // A broken listener (a closed window, a dead socket) must never break the service that emitted.
        try {
          this.onError(name, err);
        } catch {
          // a logger that throws is no reason to stop delivering
        }
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
