/** Everything a connection or service opens (timers, sockets, subscriptions) is released in one place. */
export class DisposableStore {
  private items: Array<() => void | Promise<void>> = [];
  private disposed = false;

  add(dispose: () => void | Promise<void>): void {
    if (this.disposed) {
      void dispose();
      return;
    }
    this.items.push(dispose);
  }

  timeout(fn: () => void, ms: number): NodeJS.Timeout {
    const t = setTimeout(fn, ms);
    this.add(() => clearTimeout(t));
    return t;
  }

  interval(fn: () => void, ms: number): NodeJS.Timeout {
    const t = setInterval(fn, ms);
    this.add(() => clearInterval(t));
    return t;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const items = this.items.splice(0).reverse();
    for (const d of items) {
      try {
        await d();
      } catch {
        // keep releasing the rest
      }
    }
  }
}
