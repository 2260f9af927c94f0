// A label-free screen for sensors that drift while the system is known to be normal: within each
// series' reference rows (its first `referenceRows` points, normal by convention), the shift of the
// second half's mean from the first half's, in standard deviations of the first half. A metric whose
// median shift over the series exceeds the limit cannot be modelled as stationary normal behaviour
// (e.g. a temperature that climbs through every experiment) and is left out (`excludeDrifting`).
// Reference: OUR CHOICE (packages/vae/README.md "Choices made on the SKAB dev split").
import type { AcvaeSeries } from './prepare';
import { medianWith } from './score-post';

/** Fewer reference rows than this in a series and it says nothing about drift. */
export const MIN_DRIFT_ROWS = 20;

export interface FeatureDrift {
  readonly feature: string;
  /** Median over the series of |mean(second half) - mean(first half)| / sd(first half); NaN if no series could be read. */
  readonly shift: number;
}

/** Each feature's median reference-row shift over the series (in the order given). */
export function referenceDrift(series: readonly AcvaeSeries[], features: readonly string[], referenceRows: number): FeatureDrift[] {
  return features.map((feature) => {
    const shifts: number[] = [];
    for (const s of series) {
      const rows = Math.min(referenceRows, s.rows.length);
      if (rows < MIN_DRIFT_ROWS) continue;
      const half = Math.floor(rows / 2);
      const first = finite(s.rows, feature, 0, half);
      const second = finite(s.rows, feature, half, rows);
      if (first.length < 2 || second.length < 1) continue;
      const m1 = mean(first);
      const sd = Math.sqrt(first.reduce((a, v) => a + (v - m1) ** 2, 0) / first.length);
      const diff = Math.abs(mean(second) - m1);
      shifts.push(diff === 0 ? 0 : sd > 0 ? diff / sd : Number.POSITIVE_INFINITY);
    }
    return { feature, shift: shifts.length > 0 ? medianWith(shifts, shifts.length) : Number.NaN };
  });
}

/** The features whose median shift exceeds `limit` (limit <= 0: none). */
export function driftingFeatures(series: readonly AcvaeSeries[], features: readonly string[], referenceRows: number, limit: number): string[] {
  if (!(limit > 0)) return [];
  return referenceDrift(series, features, referenceRows)
    .filter((d) => d.shift > limit)
    .map((d) => d.feature);
}

function finite(rows: AcvaeSeries['rows'], feature: string, from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) {
    const v = rows[i]?.[feature];
    if (v !== undefined && Number.isFinite(v)) out.push(v);
  }
  return out;
}

function mean(v: readonly number[]): number {
  return v.reduce((a, x) => a + x, 0) / v.length;
}
