// BoundedSet: remembers the last N keys (first in, first out), for idempotency on event ids.
// A ring of keys plus a Set: O(1) add and eviction. (Evicting through Set iteration order is
// quadratic in V8: deleted slots pile up at the front of the table until the next rehash.)

export class BoundedSet {
  private readonly members = new Set<string>();
  private readonly ring: (string | undefined)[];
  private next = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array<string | undefined>(capacity).fill(undefined);
  }

  has(key: string): boolean {
    return this.members.has(key);
  }

  add(key: string): void {
    if (this.capacity === 0 || this.members.has(key)) return;
    const oldest = this.ring[this.next];
    if (oldest !== undefined) this.members.delete(oldest);
    this.ring[this.next] = key;
    this.members.add(key);
    this.next = (this.next + 1) % this.capacity;
  }

  get size(): number {
    return this.members.size;
  }

  /** Keys, oldest first. */
  values(): string[] {
    const out: string[] = [];
    for (let k = 0; k < this.capacity; k++) {
      const key = this.ring[(this.next + k) % this.capacity];
      if (key !== undefined) out.push(key);
    }
    return out;
  }
}
