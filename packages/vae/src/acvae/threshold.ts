// Thresholds of ACVAE: the best point-wise F1 on the labels so far (ties -> fewest alerts), or a
// quantile of the scores when no anomaly is labeled yet (unsupervised mode).
// Reference: METHODS.md section 2.8 BEST_F1_THRESHOLD (seed [003] §V-A.3); section 6.1 for F1.

/**
 * Threshold on a (higher = anomalous; anomalous iff a >= th) maximising F1 over the labeled points.
 * margin = false: the cut sits at the lowest alerted score; true: halfway into the gap below it
 * (labels queried greedily are the most extreme anomalies, so a cut at their lowest score sits
 * too high for the typical anomaly; OUR CHOICE, chosen on the dev split).
 */
export function bestF1Threshold(scores: ArrayLike<number>, labels: ArrayLike<number>, margin = false): { threshold: number; f1: number } {
  const pairs: [number, number][] = [];
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] as number;
    if (Number.isFinite(s)) pairs.push([s, (labels[i] as number) > 0 ? 1 : 0]);
  }
  const positives = pairs.reduce((a, p) => a + p[1], 0);
  if (positives === 0 || pairs.length === 0) return { threshold: Number.POSITIVE_INFINITY, f1: 0 };
  pairs.sort((a, b) => b[0] - a[0]);
  let tp = 0;
  let fp = 0;
  let best = { threshold: Number.POSITIVE_INFINITY, f1: -1 };
  for (let i = 0; i < pairs.length; i++) {
    const [s, y] = pairs[i] as [number, number];
    if (y) tp++;
    else fp++;
    // Only cut between distinct scores.
    if (i + 1 < pairs.length && (pairs[i + 1] as [number, number])[0] === s) continue;
    const f1 = (2 * tp) / (2 * tp + fp + (positives - tp));
    if (f1 > best.f1) {
      // margin: cut halfway to the next lower score (the middle of the gap the best cut sits in).
      const below = i + 1 < pairs.length ? (pairs[i + 1] as [number, number])[0] : s;
      best = { threshold: margin ? (s + below) / 2 : s, f1 };
    }
  }
  return best;
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
