// BoundedMap: a Map that keeps the entries set in its last N writes (the oldest write is dropped
// first), for state that must stay bounded on a hot path: open runs, verdicts awaiting feedback.
// A ring of keys beside the Map, as in BoundedSet: O(1) set and eviction, where evicting through
// the Map's iteration order is quadratic in V8 (deleted slots pile up at its front until a rehash).
// A key set again takes a new ring slot; its old one is then stale and evicts nothing.

export class BoundedMap<K, V> {
  private readonly entries = new Map<K, { value: V; slot: number }>();
  private readonly ring: (K | undefined)[];
  private next = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array<K | undefined>(capacity).fill(undefined);
  }

  get(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Sets `key` as the newest entry; drops the entry of the write `capacity` writes ago if it is still there. */
  set(key: K, value: V): void {
    if (this.capacity === 0) return;
    const slot = this.next;
    const oldest = this.ring[slot];
    if (oldest !== undefined && this.entries.get(oldest)?.slot === slot) this.entries.delete(oldest);
    this.ring[slot] = key;
    this.entries.set(key, { value, slot });
    this.next = (slot + 1) % this.capacity;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.ring.fill(undefined);
    this.next = 0;
  }

  get size(): number {
    return this.entries.size;
  }
}
