// Per-metric MinMax scaling to [-1, 1], fitted on training data and reused on new data.
// Reference: METHODS.md section 2.2 (seed [003] §IV-D); x' = 0 for a constant metric and the
// [-10, 10] clip are OUR CHOICE.

export const SCALE_CLIP = 10;

export interface MinMaxScaler {
  readonly min: readonly number[];
  readonly max: readonly number[];
}

/** Fits min/max per metric over rows of a flat [n, m] array, skipping non-finite values. */
export function fitScaler(x: Float32Array | Float64Array, n: number, m: number): MinMaxScaler {
  const min = new Array<number>(m).fill(Number.POSITIVE_INFINITY);
  const max = new Array<number>(m).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < m; k++) {
      const v = x[i * m + k] as number;
      if (!Number.isFinite(v)) continue;
      if (v < (min[k] as number)) min[k] = v;
      if (v > (max[k] as number)) max[k] = v;
    }
  }
  for (let k = 0; k < m; k++) {
    if (!Number.isFinite(min[k] as number)) {
      min[k] = 0;
      max[k] = 0;
    }
  }
  return { min, max };
}

export function scaleValue(scaler: MinMaxScaler, k: number, v: number): number {
  const lo = scaler.min[k] as number;
  const hi = scaler.max[k] as number;
  if (!(hi > lo)) return 0;
  const s = (2 * (v - lo)) / (hi - lo) - 1;
  return s > SCALE_CLIP ? SCALE_CLIP : s < -SCALE_CLIP ? -SCALE_CLIP : s;
}

export function unscaleValue(scaler: MinMaxScaler, k: number, s: number): number {
  const lo = scaler.min[k] as number;
  const hi = scaler.max[k] as number;
  if (!(hi > lo)) return lo;
  return lo + ((s + 1) * (hi - lo)) / 2;
}
