// Causal post-processing of ACVAE's raw scores, the same in batch and live:
// - centring (`centerScores`): each series' scores minus the median raw score of its reference
//   points (its first `levelRows` points, the ones level alignment already takes as normal; an
//   expanding median while fewer have been seen), so every series' normal scores start at 0;
// - smoothing (`smoothing: k`): the mean of the last k centred scores of the series.
// Both use only past points, so the live detector computes them from its own small state; the
// batch and live paths run the same code on the same values in the same order (bit-identical).
// Reference: METHODS.md section 2.9 (Algorithm 2 scores the newest point); both rules are OUR
// CHOICE (SKAB's anomalies are long contiguous segments), chosen on the dev split
// (packages/vae/README.md "Choices made on the SKAB dev split").

export interface ScorePostOptions {
  /** Trailing-mean length (1 = off). */
  readonly smoothing: number;
  /** Subtract the median raw score of the series' first `referenceRows` points. */
  readonly center: boolean;
  readonly referenceRows: number;
}

/** Median of values[0..count) and, when given, one more value (a sorted copy; values untouched). */
export function medianWith(values: ArrayLike<number>, count: number, extra?: number): number {
  const n = count + (extra === undefined ? 0 : 1);
  if (n === 0) return 0;
  const v = new Float64Array(n);
  for (let j = 0; j < count; j++) v[j] = values[j] as number;
  if (extra !== undefined) v[count] = extra;
  v.sort();
  return n % 2 === 1 ? (v[(n - 1) / 2] as number) : ((v[n / 2 - 1] as number) + (v[n / 2] as number)) / 2;
}

/** The post-processing state of one stream: its reference scores and its last k - 1 centred scores. */
export class ScorePost {
  readonly options: ScorePostOptions;
  private reference: number[] = [];
  private frozen: number | undefined;
  private recent: Float64Array;
  private count = 0;

  constructor(options: ScorePostOptions) {
    this.options = options;
    this.recent = new Float64Array(Math.max(0, options.smoothing - 1));
  }

  get isIdentity(): boolean {
    return this.options.smoothing <= 1 && !this.options.center;
  }

  /** The exported score of a raw score at stream position `position` (0-based; not committed). */
  peek(raw: number, position: number): number {
    const c = this.centred(raw, position);
    let sum = 0;
    for (let j = 0; j < this.count; j++) sum += this.recent[j] as number;
    return (sum + c) / (this.count + 1);
  }

  /** Commits the raw score of the point at `position` (after peek, or instead of it). */
  commit(raw: number, position: number): void {
    const c = this.centred(raw, position);
    if (this.options.center && position < this.options.referenceRows) this.reference.push(raw);
    const cap = this.recent.length;
    if (cap === 0) return;
    if (this.count === cap) {
      this.recent.copyWithin(0, 1);
      this.count--;
    }
    this.recent[this.count++] = c;
  }

  reset(): void {
    this.reference = [];
    this.frozen = undefined;
    this.count = 0;
  }

  toJSON(): { reference: number[]; recent: number[] } {
    return { reference: [...this.reference], recent: Array.from(this.recent.subarray(0, this.count)) };
  }

  load(state: { reference?: readonly number[]; recent?: readonly number[] } | undefined): void {
    this.reset();
    this.reference = [...(state?.reference ?? [])];
    const recent = state?.recent ?? [];
    const keep = this.recent.length;
    for (const v of keep > 0 ? recent.slice(Math.max(0, recent.length - keep)) : []) this.recent[this.count++] = v;
  }

  private centred(raw: number, position: number): number {
    if (!this.options.center) return raw;
    if (position < this.options.referenceRows) return raw - medianWith(this.reference, this.reference.length, raw);
    this.frozen ??= medianWith(this.reference, this.reference.length);
    return raw - this.frozen;
  }
}

/** Post-processes the raw scores of every series in place order (NaN points stay NaN and are skipped). */
export function postSeriesScores(raw: Float64Array, bounds: readonly (readonly [number, number])[], options: ScorePostOptions): Float64Array {
  const post = new ScorePost(options);
  if (post.isIdentity) return raw;
  const out = new Float64Array(raw.length).fill(Number.NaN);
  for (const [from, to] of bounds) {
    post.reset();
    for (let i = from; i < to; i++) {
      const v = raw[i] as number;
      if (!Number.isFinite(v)) continue;
      out[i] = post.peek(v, i - from);
      post.commit(v, i - from);
    }
  }
  return out;
}
