// Point-wise confusion counts (TP, FP, FN, TN) and an accumulator to pool them over many files.
// Reference: standard binary confusion matrix, METHODS.md §6.
import { checkNonEmpty, checkSameLength, readBinary } from './validate.js';

/** Point-wise confusion counts: y = truth, yhat = prediction. */
export interface Confusion {
  /** y = 1, yhat = 1 */
  readonly tp: number;
  /** y = 0, yhat = 1 */
  readonly fp: number;
  /** y = 1, yhat = 0 */
  readonly fn: number;
  /** y = 0, yhat = 0 */
  readonly tn: number;
}

export function countBinary(labels: Uint8Array, predictions: Uint8Array): Confusion {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const n = labels.length;
  for (let i = 0; i < n; i++) {
    const y = labels[i]!;
    const p = predictions[i]!;
    tp += y & p;
    fp += p & (y ^ 1);
    fn += y & (p ^ 1);
  }
  return { tp, fp, fn, tn: n - tp - fp - fn };
}

/**
 * Counts TP, FP, FN and TN of 0/1 predictions against 0/1 labels.
 *
 * @throws {@link ScoringError} `LENGTH_MISMATCH`, `INVALID_LABEL` (a label or prediction not 0/1), `EMPTY_INPUT`.
 * @example
 * ```ts
 * confusionMatrix([1, 1, 0, 0], [1, 0, 1, 0]); // { tp: 1, fp: 1, fn: 1, tn: 1 }
 * ```
 */
export function confusionMatrix(labels: ArrayLike<number>, predictions: ArrayLike<number>): Confusion {
  const fn = 'confusionMatrix';
  checkSameLength(fn, labels.length, predictions.length, 'labels', 'predictions');
  checkNonEmpty(fn, labels.length);
  return countBinary(readBinary(fn, labels, 'labels'), readBinary(fn, predictions, 'predictions'));
}

/**
 * Mutable accumulator of confusion counts, to pool over many files before computing
 * metrics (sum the counts first, then divide; see `metricsFromCounts`).
 *
 * @example
 * ```ts
 * const pooled = new ConfusionCounts();
 * for (const file of files) pooled.addSeries(file.labels, file.predictions);
 * metricsFromCounts(pooled).f1;
 * ```
 */
export class ConfusionCounts implements Confusion {
  #tp = 0;
  #fp = 0;
  #fn = 0;
  #tn = 0;

  /** Starts from existing counts (all zero when omitted). */
  constructor(initial?: Confusion) {
    if (initial) this.add(initial);
  }

  get tp(): number {
    return this.#tp;
  }
  get fp(): number {
    return this.#fp;
  }
  get fn(): number {
    return this.#fn;
  }
  get tn(): number {
    return this.#tn;
  }
  /** TP + FP + FN + TN: the number of points pooled so far. */
  get total(): number {
    return this.#tp + this.#fp + this.#fn + this.#tn;
  }

  /** Adds already-computed counts. */
  add(counts: Confusion): this {
    this.#tp += counts.tp;
    this.#fp += counts.fp;
    this.#fn += counts.fn;
    this.#tn += counts.tn;
    return this;
  }

  /**
   * Counts one series and adds it. An empty series adds nothing (a file with no rows is
   * harmless when pooling).
   * @throws {@link ScoringError} `LENGTH_MISMATCH`, `INVALID_LABEL`.
   */
  addSeries(labels: ArrayLike<number>, predictions: ArrayLike<number>): this {
    const fn = 'ConfusionCounts.addSeries';
    checkSameLength(fn, labels.length, predictions.length, 'labels', 'predictions');
    return this.add(countBinary(readBinary(fn, labels, 'labels'), readBinary(fn, predictions, 'predictions')));
  }

  /** A plain snapshot of the counts. */
  toJSON(): Confusion {
    return { tp: this.#tp, fp: this.#fp, fn: this.#fn, tn: this.#tn };
  }
}
