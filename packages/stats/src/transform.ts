// Value transforms applied before a detector learns or scores a feature.
// Reference: signed log, sign(x)·log1p(|x|) (Box-Cox style variance stabilisation for heavy tails).

/** `'log'`: signed log, sign(x)·log1p(|x|), for heavy-tailed timings; `'none'`: raw values. */
export type Transform = 'log' | 'none';

/**
 * Finite inputs beyond ±1e30 are clamped to it before any transform, so squares stay finite in
 * float64 accumulators and values fit a float32 window; nothing measured in ms gets near it.
 */
export const VALUE_LIMIT = 1e30;

/** Clamps, then applies the transform (`log` = true for the signed log). */
export function forward(log: boolean, value: number): number {
  const v = value > VALUE_LIMIT ? VALUE_LIMIT : value < -VALUE_LIMIT ? -VALUE_LIMIT : value;
  if (!log) return v;
  return v < 0 ? -Math.log1p(-v) : Math.log1p(v);
}

/** Back to raw units, for explanations. */
export function inverse(log: boolean, t: number): number {
  if (!log) return t;
  return t < 0 ? -Math.expm1(-t) : Math.expm1(t);
}

/** True for finite numbers (NaN, ±Infinity and non-numbers are skipped, never learned). */
export function isUsable(value: unknown): value is number {
  return typeof value === 'number' && value - value === 0;
}
