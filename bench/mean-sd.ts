// Mean and sample standard deviation (n - 1; 0 for a single value) of per-seed figures, as the
// results tables report them (mean ± sd over seeds).
export function meanSd(xs: readonly number[]): { mean: number; sd: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  return { mean, sd };
}
