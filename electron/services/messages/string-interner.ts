/**
 * Topics and connection ids stored once, referred to by a small integer per message. Reference counted
 * so a stream of unique topics (one per device) does not grow the table past what the store holds.
 */
export class StringInterner {
  private ids = new Map<string, number>();
  private values: Array<string | undefined> = [];
  private refs = new Int32Array(1024);
  private freeIds: number[] = [];
  private lastValue: string | undefined;
  private lastId = -1;

  acquire(value: string): number {
    let id: number;
    // Consecutive messages usually share a topic: skip the hash lookup when they do.
    if (value === this.lastValue && this.refs[this.lastId]! > 0) id = this.lastId;
    else {
      const known = this.ids.get(value);
      if (known !== undefined) id = known;
      else {
        id = this.freeIds.length ? this.freeIds.pop()! : this.values.length;
        if (id >= this.refs.length) {
          const grown = new Int32Array(this.refs.length * 2);
          grown.set(this.refs);
          this.refs = grown;
        }
        this.values[id] = value;
        this.ids.set(value, id);
      }
      this.lastValue = value;
      this.lastId = id;
    }
    this.refs[id]!++;
    return id;
  }

  release(id: number): void {
    if (--this.refs[id]! === 0) {
      this.ids.delete(this.values[id]!);
      this.values[id] = undefined;
      this.freeIds.push(id);
      if (id === this.lastId) this.lastValue = undefined;
    }
  }

  value(id: number): string {
    return this.values[id]!;
  }

  /** The id of a string the store holds now, or -1. */
  idOf(value: string): number {
    return this.ids.get(value) ?? -1;
  }

  clear(): void {
    this.ids.clear();
    this.values = [];
    this.refs.fill(0);
    this.freeIds = [];
    this.lastValue = undefined;
    this.lastId = -1;
  }

  get size(): number {
    return this.ids.size;
  }
}
