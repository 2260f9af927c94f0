// The threshold of ACVAE (anomalous iff a >= th), set from the labels it knows: the best point-wise
// F1 on the labeled points (@awad/scoring's bestF1Threshold; ties -> fewest alerts), optionally
// halfway into the gap below that cut ('margin') or capped by a quantile of the labeled-normal
// scores ('normal-quantile'), which alone sets it when no anomaly is labeled; without either, the
// unsupervised quantile of all scores.
// Reference: METHODS.md section 2.8 BEST_F1_THRESHOLD (seed [003] §V-A.3); section 6.1 for F1;
// 'margin' and 'normal-quantile' are OUR CHOICE (packages/vae/README.md).
import { bestF1Threshold } from '@awad/scoring';

export type ThresholdCut = 'lowest' | 'margin' | 'normal-quantile';

export interface ThresholdRule {
  readonly cut: ThresholdCut;
  readonly normalQuantile: number;
  readonly unsupervisedQuantile: number;
}

/**
 * The cut over the labeled points (labels[i] 1 anomalous, 0 normal, < 0 unlabeled; non-finite
 * scores skipped); only the first `fitPoints` points count as labeled normal for the quantile
 * (the rest are extra normal recordings), and with `calibration` only the normal points it marks
 * (held out of training, so their scores are not in-sample) when it marks any.
 */
export function acvaeThreshold(scores: Float64Array, labels: Int8Array, fitPoints: number, rule: ThresholdRule, calibration?: Uint8Array): { threshold: number; f1: number } {
  const y: number[] = [];
  const s: number[] = [];
  const fitNormal: number[] = [];
  const heldOutNormal: number[] = [];
  labels.forEach((l, i) => {
    const a = scores[i] as number;
    if (l < 0 || !Number.isFinite(a)) return;
    y.push(l);
    s.push(a);
    if (l === 0 && i < fitPoints) {
      fitNormal.push(a);
      if (calibration?.[i] === 1) heldOutNormal.push(a);
    }
  });
  // With `calibration`, its held-out normal points alone; all labeled-normal points if it marks none
  // (series shorter than their reference rows).
  const normal = heldOutNormal.length > 0 ? heldOutNormal : fitNormal;
  // Their (1 - normalQuantile) upper tail is the false-alarm rate the 'normal-quantile' cut allows.
  const normalCut = rule.cut === 'normal-quantile' && normal.length > 0 ? quantileOf(normal, rule.normalQuantile) : Number.POSITIVE_INFINITY;
  if (!y.includes(1)) return { threshold: Number.isFinite(normalCut) ? normalCut : quantileOf(scores, rule.unsupervisedQuantile), f1: 0 };
  const best = bestF1Threshold(y, s, { maxCandidates: s.length });
  let threshold = best.threshold;
  if (rule.cut === 'margin') {
    // Labels queried greedily are the most extreme anomalies, so a cut at their lowest score sits
    // too high for the typical anomaly: cut halfway to the next lower score instead.
    let below = Number.NEGATIVE_INFINITY;
    for (const a of s) if (a < threshold && a > below) below = a;
    if (Number.isFinite(below)) threshold = (threshold + below) / 2;
  }
  return { threshold: Math.min(threshold, normalCut), f1: best.f1 };
}

/** Linear-interpolation quantile of the finite values. */
export function quantileOf(values: ArrayLike<number>, q: number): number {
  const v = Array.from(values).filter((x) => Number.isFinite(x));
  if (v.length === 0) return Number.NaN;
  v.sort((a, b) => a - b);
  const pos = q * (v.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (v[lo] as number) + ((v[hi] as number) - (v[lo] as number)) * (pos - lo);
}
