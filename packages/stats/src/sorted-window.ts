// A FIFO window of numbers kept sorted as well: O(log n) rank queries, O(n) memmove per insert.
// Reference: the reference set of METHODS.md 1.3 (ECDF over the last 5000 normal scores).

/** The last `capacity` finite values, in arrival order (ring) and sorted. */
export class SortedWindow {
  readonly capacity: number;
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private head = 0;
  private n = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.ring = new Float64Array(capacity);
    this.sorted = new Float64Array(capacity);
  }

  get size(): number {
    return this.n;
  }

  /** Adds v, evicting the oldest value when full. Non-finite values are ignored. */
  push(v: number): void {
    if (!Number.isFinite(v)) return;
    const sorted = this.sorted;
    if (this.n === this.capacity) {
      const old = this.ring[this.head]!;
      const p = this.lowerBound(old);
      // One shift between the evicted slot and the new one instead of a remove plus an insert.
      let q = this.upperBound(v);
      if (q > p) {
        q -= 1;
        sorted.copyWithin(p, p + 1, q + 1);
      } else if (q < p) {
        sorted.copyWithin(q + 1, q, p);
      }
      sorted[q] = v;
    } else {
      const q = this.upperBound(v);
      sorted.copyWithin(q + 1, q, this.n);
      sorted[q] = v;
      this.n += 1;
    }
    this.ring[this.head] = v;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
  }

  /** #{r < v}. */
  lowerBound(v: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** #{r <= v}. */
  upperBound(v: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Type-7 quantile of the window (NaN when empty). */
  quantile(p: number): number {
    if (this.n === 0) return Number.NaN;
    const h = (this.n - 1) * p;
    const lo = Math.floor(h);
    const below = this.sorted[lo]!;
    return lo + 1 < this.n ? below + (h - lo) * (this.sorted[lo + 1]! - below) : below;
  }

  /** The values, oldest first (for snapshots). */
  values(): number[] {
    const out: number[] = [];
    const start = this.n < this.capacity ? 0 : this.head;
    for (let k = 0; k < this.n; k++) out.push(this.ring[(start + k) % this.capacity]!);
    return out;
  }

  clear(): void {
    this.head = 0;
    this.n = 0;
  }
}
