// The last rows of a multivariate series, a ring of Float64Array rows: training data for (re)fits
// and the W - 1 rows before a scored point.
// Reference: METHODS.md 2.2 (windows of W points, stride 1; the window of point i ends at i).
export class RowBuffer {
  readonly width: number;
  readonly capacity: number;
  private readonly data: Float64Array;
  private head = 0;
  private count = 0;

  constructor(width: number, capacity: number) {
    this.width = width;
    this.capacity = capacity;
    this.data = new Float64Array(width * capacity);
  }

  get size(): number {
    return this.count;
  }

  push(row: ArrayLike<number>): void {
    const o = this.head * this.width;
    for (let m = 0; m < this.width; m++) this.data[o + m] = row[m] as number;
    this.head = (this.head + 1) % this.capacity;
    if (this.count < this.capacity) this.count += 1;
  }

  /** Value of metric m in the row `back` rows before the newest (0 = newest). */
  at(back: number, m: number): number {
    const i = (this.head - 1 - back + this.capacity * 2) % this.capacity;
    return this.data[i * this.width + m] as number;
  }

  /** The rows oldest first, row-major. */
  chronological(): Float64Array {
    const out = new Float64Array(this.count * this.width);
    const start = (this.head - this.count + this.capacity) % this.capacity;
    for (let r = 0; r < this.count; r++) {
      const src = ((start + r) % this.capacity) * this.width;
      out.set(this.data.subarray(src, src + this.width), r * this.width);
    }
    return out;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }
}

/** Stacks every stride-1 window of W rows of `rows` rows (row-major, `width` wide) into [n, W·width]. */
export function slidingWindows(values: ArrayLike<number>, rows: number, width: number, window: number): Float32Array {
  const n = Math.max(0, rows - window + 1);
  const d = window * width;
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) out[i * d + j] = values[i * width + j] as number;
  }
  return out;
}
