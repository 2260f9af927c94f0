// Seasonal period detection: the autocorrelation peak of a window, as S-H-ESD's "auto" period.
// Reference: METHODS.md 5.4 ("detected as the autocorrelation peak in [2, n/2]"); Box & Jenkins ACF.

/** Autocorrelation a period needs to be used (METHODS 5.4). */
const MIN_ACF = 0.3;

let acf = new Float64Array(130);

/**
 * The lag of the highest autocorrelation peak (a local maximum, so a trend's slowly decaying
 * ACF does not count) in [2, n/2] above 0.3, or 0 when there is none.
 *
 * @example
 * detectPeriod(Float64Array.from({ length: 64 }, (_, i) => Math.sin((2 * Math.PI * i) / 8)), 64); // 8
 */
export function detectPeriod(xs: Float64Array, n: number): number {
  let mean = 0;
  for (let k = 0; k < n; k++) mean += xs[k]!;
  mean /= n;
  let denom = 0;
  for (let k = 0; k < n; k++) denom += (xs[k]! - mean) ** 2;
  if (!(denom > 0)) return 0;
  const maxLag = Math.floor(n / 2);
  const top = Math.min(maxLag + 1, n - 1);
  if (acf.length < top + 1) acf = new Float64Array(top * 2 + 2);
  for (let lag = 1; lag <= top; lag++) {
    let sum = 0;
    for (let k = 0; k + lag < n; k++) sum += (xs[k]! - mean) * (xs[k + lag]! - mean);
    acf[lag] = sum / denom;
  }
  let best = 0;
  let bestAcf = MIN_ACF;
  for (let lag = 2; lag <= maxLag; lag++) {
    const a = acf[lag]!;
    const next = lag + 1 <= top ? acf[lag + 1]! : Number.NEGATIVE_INFINITY;
    if (a > acf[lag - 1]! && a >= next && a > bestAcf) {
      best = lag;
      bestAcf = a;
    }
  }
  return best;
}
