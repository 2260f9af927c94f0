// Per-series level alignment for ACVAE: each metric of a series is shifted by the mean of that
// series' first R points (a causal, expanding mean until R points are seen, frozen after), before
// the MinMax scaling. Recordings of one machine that sit at different levels (SKAB valve1's
// temperature drifts by 10 degrees between files; the anomaly-free recording runs at another flow)
// then share one scale, and a new series is compared with its own start, as SKAB's convention
// (the first rows of each file are anomaly-free training data) allows.
// Reference: METHODS.md section 2.2 (scaling); the alignment is OUR CHOICE, chosen on the dev
// split (packages/vae/README.md "Choices made on the dev split").

/** Running state of one series' level: the sum and count of its first R points per metric. */
export interface LevelState {
  readonly sum: Float64Array;
  count: number;
}

export function newLevelState(metrics: number): LevelState {
  return { sum: new Float64Array(metrics), count: 0 };
}

/**
 * The level of metric k for the current point with raw value v: the mean over the series' first
 * min(count + 1, R) points, the current one included while count < R. NaN values count as 0 shift.
 */
export function levelOf(state: LevelState, k: number, v: number, rows: number): number {
  if (rows <= 0 || !Number.isFinite(v)) return 0;
  if (state.count >= rows) return (state.sum[k] as number) / rows;
  return ((state.sum[k] as number) + v) / (state.count + 1);
}

/** Adds a committed point (raw values, carried forward) to the state while it is in the first R. */
export function commitLevel(state: LevelState, raw: ArrayLike<number>, offset: number, rows: number): void {
  if (rows <= 0 || state.count >= rows) return;
  for (let k = 0; k < state.sum.length; k++) {
    const v = raw[offset + k] as number;
    state.sum[k] = (state.sum[k] as number) + (Number.isFinite(v) ? v : 0);
  }
  state.count++;
}
