// Core of the range-based metrics: scores predicted ranges against fixed true ranges in O(N_R + N_P).
// Reference: Tatbul et al. 2018, "Precision and Recall for Time Series", NeurIPS; ACVAE configuration in METHODS.md §6.
import { type Range } from './ranges.js';

/** Parameters of the ACVAE configuration of Tatbul et al.'s range metrics. */
export interface RangeMetricsOptions {
  /** Weight of the early-detection reward ER_i in range recall (0..1). */
  readonly alpha: number;
  /** ER_i = 1 when one of the first min(earlyWindow, l(R_i)) points of R_i is predicted. */
  readonly earlyWindow: number;
  /** Cardinality factor CF = 1 / k^cardinalityExponent when a range overlaps k > 1 ranges. */
  readonly cardinalityExponent: number;
}

/** Range-based precision/recall/F1 plus detection delay. */
export interface RangeMetrics {
  /** Precision_T: log2(l+1)-weighted mean of Prec_j over predicted ranges; 0 when there are none. */
  readonly precision: number;
  /** Recall_T: mean of Rec_i over true ranges; NaN when there are no true ranges. */
  readonly recall: number;
  /** 2PR / (P + R); 0 when both are 0, NaN when recall is NaN. */
  readonly f1: number;
  /** N_R, the number of true ranges. */
  readonly trueRanges: number;
  /** N_P, the number of predicted ranges. */
  readonly predictedRanges: number;
  /** True ranges with at least one predicted point inside. */
  readonly detectedRanges: number;
  /** Mean 0-based offset of the first predicted point inside each detected true range; NaN when none is detected. */
  readonly meanDetectionDelay: number;
}

/**
 * Holds the true ranges of every series (they do not depend on the threshold) and the
 * prefix sums of delta_r per range length, so that omega over any sub-range is O(1).
 */
export class RangeEvaluator {
  readonly #trueRanges: readonly (readonly Range[])[];
  readonly #options: RangeMetricsOptions;
  readonly #prefix = new Map<number, Float64Array>();

  constructor(trueRanges: readonly (readonly Range[])[], options: RangeMetricsOptions) {
    this.#trueRanges = trueRanges;
    this.#options = options;
  }

  get trueRangeCount(): number {
    let n = 0;
    for (const r of this.#trueRanges) n += r.length;
    return n;
  }

  /** prefix[k] = sum_{idx=1..k} sqrt(l^2 - (idx-1)^2); prefix[l] is omega's denominator. */
  #deltaPrefix(l: number): Float64Array {
    let table = this.#prefix.get(l);
    if (!table) {
      table = new Float64Array(l + 1);
      const l2 = l * l;
      for (let k = 1; k <= l; k++) table[k] = table[k - 1]! + Math.sqrt(l2 - (k - 1) * (k - 1));
      this.#prefix.set(l, table);
    }
    return table;
  }

  /** `predicted[s]` holds the predicted ranges of series s, sorted; series are never merged. */
  evaluate(predicted: readonly (readonly Range[])[]): RangeMetrics {
    const { alpha, earlyWindow, cardinalityExponent: gamma } = this.#options;
    let nR = 0;
    let nP = 0;
    let recallSum = 0;
    let weightSum = 0;
    let weightedPrecision = 0;
    let detected = 0;
    let delaySum = 0;

    for (let s = 0; s < this.#trueRanges.length; s++) {
      const R = this.#trueRanges[s]!;
      const P = predicted[s] ?? [];
      const kR = new Uint32Array(R.length);
      const omega = new Float64Array(R.length);
      const firstHit = new Int32Array(R.length).fill(-1);
      const kP = new Uint32Array(P.length);
      const overlapP = new Float64Array(P.length);

      // Both lists are sorted and internally disjoint, so a merge walk visits every
      // overlapping (R_i, P_j) pair once, in increasing order within each R_i.
      let i = 0;
      let j = 0;
      while (i < R.length && j < P.length) {
        const r = R[i]!;
        const p = P[j]!;
        const lo = Math.max(r.start, p.start);
        const hi = Math.min(r.end, p.end);
        if (lo < hi) {
          const table = this.#deltaPrefix(r.end - r.start);
          kR[i]!++;
          kP[j]!++;
          omega[i]! += table[hi - r.start]! - table[lo - r.start]!;
          if (firstHit[i] === -1) firstHit[i] = lo - r.start;
          overlapP[j]! += hi - lo;
        }
        if (r.end <= p.end) i++;
        else j++;
      }

      for (let t = 0; t < R.length; t++) {
        const r = R[t]!;
        const l = r.end - r.start;
        const hit = firstHit[t]!;
        const er = hit >= 0 && hit < Math.min(earlyWindow, l) ? 1 : 0;
        const k = kR[t]!;
        const cf = k <= 1 ? 1 : 1 / k ** gamma;
        recallSum += alpha * er + (1 - alpha) * cf * (omega[t]! / this.#deltaPrefix(l)[l]!);
        if (hit >= 0) {
          detected++;
          delaySum += hit;
        }
      }
      for (let t = 0; t < P.length; t++) {
        const p = P[t]!;
        const l = p.end - p.start;
        const k = kP[t]!;
        const cf = k <= 1 ? 1 : 1 / k ** gamma;
        const w = Math.log2(l + 1);
        weightSum += w;
        weightedPrecision += w * cf * (overlapP[t]! / l);
      }
      nR += R.length;
      nP += P.length;
    }

    const recall = nR === 0 ? Number.NaN : recallSum / nR;
    const precision = nP === 0 ? 0 : weightedPrecision / weightSum;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return {
      precision,
      recall,
      f1,
      trueRanges: nR,
      predictedRanges: nP,
      detectedRanges: detected,
      meanDetectionDelay: detected === 0 ? Number.NaN : delaySum / detected,
    };
  }
}
