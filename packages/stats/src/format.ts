// Human-readable values for explanations: durations as durations, other numbers short.
// Reference: formatMs in @awad/core ("1.5s", "3m12s").
import { formatMs } from '@awad/core';

/** A feature value in its natural unit: `*Ms` features as durations, others with 3 digits. */
export function formatValue(feature: string, value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (feature.endsWith('Ms')) return value < 0 ? `-${formatMs(-value)}` : formatMs(value);
  const a = Math.abs(value);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return value.toExponential(2);
  return String(Number(value.toPrecision(3)));
}

/** A score or distance with one decimal (two below 1). */
export function formatScore(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) < 1 ? value.toFixed(2) : value.toFixed(1);
}
