// BoundedSet: remembers the last N keys (first in, first out), for idempotency on event ids.

export class BoundedSet {
  private readonly keys = new Set<string>();

  constructor(readonly capacity: number) {}

  has(key: string): boolean {
    return this.keys.has(key);
  }

  add(key: string): void {
    if (this.keys.has(key)) return;
    this.keys.add(key);
    if (this.keys.size > this.capacity) {
      const oldest = this.keys.values().next();
      if (oldest.done !== true) this.keys.delete(oldest.value);
    }
  }

  get size(): number {
    return this.keys.size;
  }

  values(): string[] {
    return [...this.keys];
  }
}
