// Sorting of (label, score) pairs by score, the shared first step of every ranking metric.
// Reference: METHODS.md §6 (higher score = more anomalous; metrics sweep scores in decreasing order).
import type { ScoredSeries } from './series.js';

/** Labels and scores reordered by decreasing score (the order among equal scores is irrelevant: ties are handled as blocks). */
export function sortDescending(series: ScoredSeries): ScoredSeries {
  const { labels, scores } = series;
  const n = scores.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((i, j) => scores[j]! - scores[i]!);
  const sortedLabels = new Uint8Array(n);
  const sortedScores = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    sortedLabels[k] = labels[i]!;
    sortedScores[k] = scores[i]!;
  }
  return { labels: sortedLabels, scores: sortedScores };
}

export function countPositives(labels: Uint8Array): number {
  let p = 0;
  for (let i = 0; i < labels.length; i++) p += labels[i]!;
  return p;
}
