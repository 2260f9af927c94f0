import { describe, expect, it } from 'vitest';
import { driftingFeatures, MIN_DRIFT_ROWS, referenceDrift } from '../src/index';

/** Rows of a stationary alternating column `flat` (sd 1) and a column `ramp` that climbs by `slope` a row. */
const series = (n: number, slope: number) => ({ rows: Array.from({ length: n }, (_, i) => ({ flat: i % 2 === 0 ? -1 : 1, ramp: (i % 2 === 0 ? -1 : 1) + slope * i })) });

describe('drift screen', () => {
  it('measures the shift of the second half of the reference rows from the first, in sd of the first half', () => {
    // flat: both halves have mean 0 -> 0. ramp with slope 0.01 over 100 reference rows: the halves'
    // means differ by 0.01 * 50 = 0.5; the first half's sd is sqrt(1 + var of the ramp) (~1.01).
    const [flat, ramp] = referenceDrift([series(300, 0.01)], ['flat', 'ramp'], 100);
    expect(flat?.shift).toBe(0);
    const first = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? -1 : 1) + 0.01 * i);
    const m = first.reduce((a, v) => a + v, 0) / 50;
    const sd = Math.sqrt(first.reduce((a, v) => a + (v - m) ** 2, 0) / 50);
    expect(ramp?.shift).toBeCloseTo(0.5 / sd, 10);
    // Rows after the reference rows are never read: a jump there changes nothing.
    const jumped = series(300, 0.01);
    const rows = jumped.rows.map((r, i) => (i >= 100 ? { ...r, flat: 1e9 } : r));
    expect(referenceDrift([{ rows }], ['flat'], 100)[0]?.shift).toBe(0);
  });

  it('takes the median over series, skips short series and unread columns, and keeps a column below the limit', () => {
    const s = [series(200, 0.1), series(200, 0.1), series(200, 0)];
    // Median of (large, large, 0) is large: ramp drifts in 2 of 3 series.
    expect(driftingFeatures(s, ['flat', 'ramp'], 100, 1)).toEqual(['ramp']);
    expect(driftingFeatures([series(200, 0.1), series(200, 0), series(200, 0)], ['flat', 'ramp'], 100, 1)).toEqual([]);
    expect(driftingFeatures(s, ['flat', 'ramp'], 100, 0)).toEqual([]);
    expect(Number.isNaN(referenceDrift([series(MIN_DRIFT_ROWS - 1, 1)], ['ramp'], 100)[0]?.shift)).toBe(true);
    expect(Number.isNaN(referenceDrift([series(200, 1)], ['missing'], 100)[0]?.shift)).toBe(true);
    // A column constant in the first half that then moves drifts without limit.
    const step = { rows: Array.from({ length: 100 }, (_, i) => ({ c: i < 50 ? 3 : 4 })) };
    expect(referenceDrift([step], ['c'], 100)[0]?.shift).toBe(Number.POSITIVE_INFINITY);
  });
});
