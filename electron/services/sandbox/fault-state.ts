/** Live fault settings shared by the faces and the fleet (changed by the control API / sandbox.fault). */
export class FaultState {
  latencyMs = 0;
  duplicateNext = 0;
  reorderNext = 0;
  onlineUnknownNext = 0;
  /** A device asked to flap on demand: the fleet takes one step (offline or online) per tick until none remain. */
  flap: { device: string; steps: number } | null = null;
  constructor(public redeliveryDelayMs: number) {}

  snapshot() {
    return {
      latencyMs: this.latencyMs,
      duplicateNext: this.duplicateNext,
      reorderNext: this.reorderNext,
      redeliveryDelayMs: this.redeliveryDelayMs,
      onlineUnknownNext: this.onlineUnknownNext,
    };
  }
}

/**
 * Applies duplicate/reorder faults to a stream of outgoing items: `push` returns what to deliver now
 * (possibly nothing while a reorder window fills, possibly an item twice).
 */
export class DeliveryShaper<T> {
  private window: T[] = [];
  private windowSize = 0;
  constructor(private readonly faults: FaultState) {}

  push(item: T): T[] {
    if (this.windowSize === 0 && this.faults.reorderNext >= 2) {
      this.windowSize = this.faults.reorderNext;
      this.faults.reorderNext = 0;
    }
    let out: T[];
    if (this.windowSize > 0) {
      this.window.push(item);
      if (this.window.length < this.windowSize) return [];
      out = this.window.reverse();
      this.window = [];
      this.windowSize = 0;
    } else {
      out = [item];
    }
    const result: T[] = [];
    for (const o of out) {
      result.push(o);
      if (this.faults.duplicateNext > 0) {
        this.faults.duplicateNext--;
        result.push(o);
      }
    }
    return result;
  }
}
