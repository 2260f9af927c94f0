// Test helpers: feeding detectors and catching typed errors.
import type { Detector, Features, ObservationContext } from '@awad/core';

/** Learns every point, in order. */
export function learnAll(detector: Detector, xs: readonly Features[], context?: ObservationContext): void {
  for (const x of xs) detector.learnOne(x, context);
}

/** The `code` of what `fn` throws (undefined when it does not throw). */
export function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code ?? 'NO_CODE';
  }
  return undefined;
}

/** Values learned as one-feature points. */
export function series(feature: string, values: readonly number[]): Features[] {
  return values.map((v) => ({ [feature]: v }));
}
