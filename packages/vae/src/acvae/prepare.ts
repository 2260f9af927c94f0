// Turning series of feature records into ACVAE's scaled SeriesData: metric order, carry-forward of
// missing values, MinMax scaling, background rows.
// Reference: METHODS.md sections 1.1 and 2.2 (MinMax to [-1, 1] fitted on the training data).
import type { Features } from '@awad/core';
import { backgroundWidth, writeBackground } from './background';
import { commitLevel, levelOf, newLevelState } from './level';
import { MinMaxScaler } from '../window/min-max-scaler';
import type { SeriesData } from './series-data';

/** One series given to fit() or scoreSeries(): its points in time order. */
export interface AcvaeSeries {
  readonly rows: readonly Features[];
  /** Epoch ms per point (needed for the 'time' background). */
  readonly times?: ArrayLike<number>;
  readonly utcOffsetMinutes?: number;
}

/** The metric names: the finite features seen, sorted, except `flags` and `excluded` (excludeFeatures). */
export function inferFeatures(series: readonly AcvaeSeries[], flags: readonly string[], excluded: readonly string[] = []): string[] {
  const skip = new Set([...flags, ...excluded]);
  const names = new Set<string>();
  for (const s of series) for (const r of s.rows) for (const [k, v] of Object.entries(r)) if (!skip.has(k) && Number.isFinite(v)) names.add(k);
  return [...names].sort();
}

/** Raw metric matrix [n, m] with missing / non-finite values carried forward within each series. */
export function rawMatrix(series: readonly AcvaeSeries[], features: readonly string[]): { raw: Float64Array; bounds: [number, number][] } {
  const n = series.reduce((a, s) => a + s.rows.length, 0);
  const m = features.length;
  const raw = new Float64Array(n * m).fill(Number.NaN);
  const bounds: [number, number][] = [];
  let at = 0;
  for (const s of series) {
    const from = at;
    const last = new Float64Array(m).fill(Number.NaN);
    for (const row of s.rows) {
      for (let k = 0; k < m; k++) {
        const v = row[features[k] as string];
        if (v !== undefined && Number.isFinite(v)) last[k] = v;
        raw[at * m + k] = last[k] as number;
      }
      at++;
    }
    bounds.push([from, at]);
  }
  return { raw, bounds };
}

/** Shifts every series' metrics by its level (level.ts), in place; levelRows 0 leaves them. */
export function alignLevels(raw: Float64Array, bounds: readonly (readonly [number, number])[], m: number, levelRows: number): void {
  if (levelRows <= 0) return;
  for (const [from, to] of bounds) {
    const state = newLevelState(m);
    const row = new Float64Array(m);
    for (let i = from; i < to; i++) {
      for (let k = 0; k < m; k++) row[k] = raw[i * m + k] as number;
      for (let k = 0; k < m; k++) raw[i * m + k] = (row[k] as number) - levelOf(state, k, row[k] as number, levelRows);
      commitLevel(state, row, 0, levelRows);
    }
  }
}

/** Scaled values are clipped to [-10, 10] (a guard only; METHODS.md 2.2). */
export const ACVAE_SCALE_CLIP = 10;

export function prepareSeries(series: readonly AcvaeSeries[], features: readonly string[], flags: readonly string[], background: 'none' | 'time', scaler?: MinMaxScaler, levelRows = 0): { data: SeriesData; scaler: MinMaxScaler } {
  const { raw, bounds } = rawMatrix(series, features);
  const m = features.length;
  const n = raw.length / Math.max(1, m);
  alignLevels(raw, bounds, m, levelRows);
  const fitted = scaler ?? MinMaxScaler.fit(raw, n, m, ACVAE_SCALE_CLIP, 'symmetric');
  const x = new Float32Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < m; k++) {
      const v = raw[i * m + k] as number;
      x[i * m + k] = Number.isFinite(v) ? fitted.scaleValue(v, k) : 0;
    }
  }
  const tdim = backgroundWidth(background, flags.length);
  let t: Float32Array | null = null;
  if (tdim > 0) {
    t = new Float32Array(n * tdim);
    let at = 0;
    for (const s of series) {
      s.rows.forEach((row, j) => {
        writeBackground(
          t as Float32Array,
          at * tdim,
          background,
          s.times ? (s.times[j] as number) : undefined,
          s.utcOffsetMinutes ?? 0,
          flags.map((f) => row[f] ?? 0),
        );
        at++;
      });
    }
  }
  return { data: { x, t, n, m, tdim, bounds }, scaler: fitted };
}
