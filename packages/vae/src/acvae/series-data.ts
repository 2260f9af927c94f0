// Scaled series data for ACVAE: metrics [N, M] and background [N, T] of one or more series laid
// end to end, with their boundaries, and the windows over them (a window never crosses a boundary;
// its score belongs to its last point).
// Reference: METHODS.md section 2.2 (W = 30, stride 1, windows end at their scored point).

export interface SeriesData {
  /** Scaled metrics, row-major [n, m]. */
  readonly x: Float32Array;
  /** Background rows [n, t], or null when t = 0. */
  readonly t: Float32Array | null;
  readonly n: number;
  readonly m: number;
  readonly tdim: number;
  /** Start (inclusive) and end (exclusive) point of each series. */
  readonly bounds: readonly (readonly [number, number])[];
}

/** Window starts with stride, per series; the last window of each series is always included. */
export function windowStarts(data: SeriesData, window: number, stride = 1): number[] {
  const out: number[] = [];
  for (const [from, to] of data.bounds) {
    const lastStart = to - window;
    if (lastStart < from) continue;
    for (let s = from; s <= lastStart; s += stride) out.push(s);
    if ((lastStart - from) % stride !== 0) out.push(lastStart);
  }
  return out;
}

/** The series index of every point (for per-series splits). */
export function seriesOfPoint(data: SeriesData): Int32Array {
  const out = new Int32Array(data.n).fill(-1);
  data.bounds.forEach(([from, to], k) => out.fill(k, from, to));
  return out;
}

/** Copies windows starting at `starts` into flat [B, W, M] and [B, W, T] arrays. */
export function gatherWindows(data: SeriesData, starts: readonly number[], window: number): { x: Float32Array; t: Float32Array | null } {
  const { m, tdim } = data;
  const x = new Float32Array(starts.length * window * m);
  const t = data.t && tdim > 0 ? new Float32Array(starts.length * window * tdim) : null;
  starts.forEach((s, b) => {
    x.set(data.x.subarray(s * m, (s + window) * m), b * window * m);
    if (t && data.t) t.set(data.t.subarray(s * tdim, (s + window) * tdim), b * window * tdim);
  });
  return { x, t };
}
