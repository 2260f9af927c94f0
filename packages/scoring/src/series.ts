// Series inputs: one labelled series, or several pooled ones (files of a benchmark).
// Reference: METHODS.md §6 pooling (counts or ranges collected over all series; ranges never cross a series).
import { checkNonEmpty, checkSameLength, fail, isArrayLike, readBinary, readScores } from './validate.js';

/** One series (file) of ground-truth labels and 0/1 predictions of equal length. */
export interface LabeledPredictions {
  readonly labels: ArrayLike<number>;
  readonly predictions: ArrayLike<number>;
}

/** One series (file) of ground-truth labels and anomaly scores (higher = more anomalous) of equal length. */
export interface LabeledScores {
  readonly labels: ArrayLike<number>;
  readonly scores: ArrayLike<number>;
}

export interface BinarySeries {
  readonly labels: Uint8Array;
  readonly predictions: Uint8Array;
}

export interface ScoredSeries {
  readonly labels: Uint8Array;
  readonly scores: Float64Array;
}

function asList<T>(fn: string, input: T | readonly T[]): readonly T[] {
  const list = Array.isArray(input) ? (input as readonly T[]) : [input as T];
  if (list.length === 0) fail('EMPTY_INPUT', fn, 'expected at least one series, got an empty list');
  return list;
}

/** Validates every series; empty series are allowed as long as the pool is not empty. */
export function readPredictionSeries(
  fn: string,
  input: LabeledPredictions | readonly LabeledPredictions[],
): BinarySeries[] {
  let total = 0;
  const out = asList(fn, input).map((s) => {
    checkSameLength(fn, s.labels.length, s.predictions.length, 'labels', 'predictions');
    total += s.labels.length;
    return { labels: readBinary(fn, s.labels, 'labels'), predictions: readBinary(fn, s.predictions, 'predictions') };
  });
  checkNonEmpty(fn, total);
  return out;
}

export function readScoredSeries(fn: string, input: LabeledScores | readonly LabeledScores[]): ScoredSeries[] {
  let total = 0;
  const out = asList(fn, input).map((s) => {
    checkSameLength(fn, s.labels.length, s.scores.length, 'labels', 'scores');
    total += s.labels.length;
    return { labels: readBinary(fn, s.labels, 'labels'), scores: readScores(fn, s.scores) };
  });
  checkNonEmpty(fn, total);
  return out;
}

/** Concatenates pooled series: point-wise metrics do not care where one file ends. */
export function concatScored(series: readonly ScoredSeries[]): ScoredSeries {
  if (series.length === 1 && series[0]) return series[0];
  let n = 0;
  for (const s of series) n += s.labels.length;
  const labels = new Uint8Array(n);
  const scores = new Float64Array(n);
  let at = 0;
  for (const s of series) {
    labels.set(s.labels, at);
    scores.set(s.scores, at);
    at += s.labels.length;
  }
  return { labels, scores };
}

/** Validates one `(labels, scores)` pair: equal lengths, non-empty, 0/1 labels, finite scores. */
export function readLabelsScores(fn: string, labels: ArrayLike<number>, scores: ArrayLike<number>): ScoredSeries {
  checkSameLength(fn, labels.length, scores.length, 'labels', 'scores');
  checkNonEmpty(fn, labels.length);
  return { labels: readBinary(fn, labels, 'labels'), scores: readScores(fn, scores) };
}

/** Resolves the `(labels, scores, options?)` and `(series, options?)` overloads of the threshold searches. */
export function readScoredArgs<O>(
  fn: string,
  a: ArrayLike<number> | LabeledScores | readonly LabeledScores[],
  b: ArrayLike<number> | O | undefined,
  c: O | undefined,
): { series: ScoredSeries[]; options: O | undefined } {
  if (isArrayLike(b)) return { series: readScoredSeries(fn, { labels: a as ArrayLike<number>, scores: b }), options: c };
  return { series: readScoredSeries(fn, a as LabeledScores | readonly LabeledScores[]), options: b };
}
