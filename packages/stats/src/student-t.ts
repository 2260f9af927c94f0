// Student's t distribution: CDF and quantiles from the regularized incomplete beta function.
// Reference: Numerical Recipes 3rd ed. §6.1 (Lanczos log-gamma), §6.4 (incomplete beta by
// Lentz's continued fraction); the quantile is safeguarded Newton on the log tail.

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(x) for x > 0 (Lanczos, g = 7; about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const y = x - 1;
  let a = LANCZOS[0]!;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The regularized incomplete beta function I_x(a, b), for a, b > 0 and x in [0, 1]. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  // The continued fraction converges fast only below the mean; use the symmetry above it.
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(x, a, b)) / a;
  return 1 - (front * betaFraction(1 - x, b, a)) / b;
}

function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/** P(T > t) for t >= 0, T ~ Student t with `df` degrees of freedom. */
function upperTail(t: number, df: number): number {
  return 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
}

/** Density of Student's t. */
export function studentTPdf(t: number, df: number): number {
  return Math.exp(logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** P(T <= t) for Student's t with `df` > 0 degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  return t >= 0 ? 1 - upperTail(t, df) : upperTail(-t, df);
}

/**
 * The t with P(T > t) = q, for q in (0, 0.5]: the upper-tail quantile. Taking the tail
 * probability itself avoids the cancellation of 1 - p when p is close to 1 (ESD uses p near 1).
 */
export function studentTUpperQuantile(q: number, df: number): number {
  if (!(q > 0 && q <= 0.5) || !(df > 0)) return Number.NaN;
  if (q === 0.5) return 0;
  // Bracket [lo, hi] with upperTail(lo) > q >= upperTail(hi).
  let lo = 0;
  let hi = 1;
  while (upperTail(hi, df) > q) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) return Number.POSITIVE_INFINITY;
  }
  const logQ = Math.log(q);
  let t = hi > 1 ? (lo + hi) / 2 : 0.5;
  for (let iter = 0; iter < 200; iter++) {
    const tail = upperTail(t, df);
    const g = Math.log(tail) - logQ;
    if (g > 0) lo = t;
    else hi = t;
    // Newton on log(tail): d/dt log(tail) = -pdf / tail.
    let next = t + (g * tail) / studentTPdf(t, df);
    if (!(next > lo && next < hi)) next = hi / lo > 4 && lo > 0 ? Math.sqrt(lo * hi) : (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-15 * Math.max(1, Math.abs(t)) || hi - lo <= 1e-15 * hi) return next;
    t = next;
  }
  return t;
}

/** The p-quantile of Student's t with `df` > 0 degrees of freedom, p in (0, 1). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return Number.NaN;
  if (p === 0.5) return 0;
  return p > 0.5 ? studentTUpperQuantile(1 - p, df) : -studentTUpperQuantile(p, df);
}
