// Min-max scaling per metric, fitted on training rows, to [0, 1] (the VAE) or [-1, 1] (ACVAE), with
// a clip guard for values far outside the training range.
// Reference: METHODS.md 5.2 (HASH [002]: min-max to [0, 1] per metric on training data) and 2.2
// (ACVAE [003]: to [-1, 1]; x' = 0 when max = min; scaled test values clipped, a guard only).
import { SnapshotError } from '@awad/core';

const MODULE = '@awad/vae/min-max-scaler';

/** The target range: 'unit' = [0, 1], 'symmetric' = [-1, 1]. */
export type ScaleRange = 'unit' | 'symmetric';

export interface MinMaxScalerJson {
  readonly min: readonly number[];
  readonly max: readonly number[];
  readonly clip: number;
  /** Absent = 'unit'. */
  readonly range?: ScaleRange;
}

/**
 * x' = (x - min) / (max - min) ('unit') or 2 (x - min) / (max - min) - 1 ('symmetric'); 0 when
 * max = min; clipped to [-clip, clip].
 */
export class MinMaxScaler {
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly clip: number;
  readonly range: ScaleRange;
  private readonly scale: Float64Array;

  constructor(min: ArrayLike<number>, max: ArrayLike<number>, clip: number, range: ScaleRange = 'unit') {
    this.min = Float64Array.from(min);
    this.max = Float64Array.from(max);
    this.clip = clip;
    this.range = range;
    this.scale = this.min.map((lo, m) => {
      const range = (this.max[m] as number) - lo;
      return range > 0 ? 1 / range : 0;
    });
  }

  /** Fits on `rows` rows of `width` values (row-major); non-finite values are skipped. */
  static fit(values: ArrayLike<number>, rows: number, width: number, clip: number, range: ScaleRange = 'unit'): MinMaxScaler {
    const min = new Float64Array(width).fill(Number.POSITIVE_INFINITY);
    const max = new Float64Array(width).fill(Number.NEGATIVE_INFINITY);
    for (let r = 0; r < rows; r++) {
      for (let m = 0; m < width; m++) {
        const v = values[r * width + m] as number;
        if (!Number.isFinite(v)) continue;
        if (v < (min[m] as number)) min[m] = v;
        if (v > (max[m] as number)) max[m] = v;
      }
    }
    for (let m = 0; m < width; m++) {
      if (!Number.isFinite(min[m] as number)) {
        min[m] = 0;
        max[m] = 0;
      }
    }
    return new MinMaxScaler(min, max, clip, range);
  }

  get width(): number {
    return this.min.length;
  }

  /** Scales one value of metric m. */
  scaleValue(v: number, m: number): number {
    const s = this.scale[m] as number;
    if (s === 0) return 0;
    const u = (v - (this.min[m] as number)) * s;
    const y = this.range === 'unit' ? u : 2 * u - 1;
    return y > this.clip ? this.clip : y < -this.clip ? -this.clip : y;
  }

  /** Scales `rows` rows from `input` into `out` (row-major, both `width` wide). */
  transform(input: ArrayLike<number>, rows: number, out: Float32Array | Float64Array): void {
    const w = this.width;
    for (let r = 0; r < rows; r++) for (let m = 0; m < w; m++) out[r * w + m] = this.scaleValue(input[r * w + m] as number, m);
  }

  /** Back to the metric's units (no clip undone). */
  inverseValue(y: number, m: number): number {
    const u = this.range === 'unit' ? y : (y + 1) / 2;
    return (this.min[m] as number) + u * ((this.max[m] as number) - (this.min[m] as number));
  }

  toJSON(): MinMaxScalerJson {
    return { min: Array.from(this.min), max: Array.from(this.max), clip: this.clip, ...(this.range === 'unit' ? {} : { range: this.range }) };
  }

  static fromJSON(json: MinMaxScalerJson): MinMaxScaler {
    const ok = (a: unknown): a is number[] => Array.isArray(a) && a.every((v) => typeof v === 'number' && Number.isFinite(v));
    if (json === null || typeof json !== 'object' || !ok(json.min) || !ok(json.max) || json.min.length !== json.max.length || !(json.clip > 0) || (json.range !== undefined && json.range !== 'unit' && json.range !== 'symmetric')) {
      throw new SnapshotError(MODULE, 'a scaler { min: number[], max: number[] of the same length, clip > 0, range?: "unit" | "symmetric" }', JSON.stringify(json)?.slice(0, 120) ?? String(json));
    }
    return new MinMaxScaler(json.min, json.max, json.clip, json.range ?? 'unit');
  }
}
