// Synthetic streams the checks feed detectors: seasonal, log-normal durations with noise.
import { createRandom, type Features } from '@awad/core';

export interface StreamPoint {
  readonly x: Features;
  readonly time: number;
}

/** Options of the normal stream the checks use. */
export interface StreamOptions {
  /** Feature names, each an independent log-normal around its own median. */
  readonly features?: readonly string[];
  /** Milliseconds between points. */
  readonly stepMs?: number;
  /** Start time, epoch ms. */
  readonly start?: number;
}

export const DEFAULT_STREAM_OPTIONS = {
  features: ['durationMs', 'queueWaitMs'],
  stepMs: 10 * 60_000,
  start: Date.UTC(2026, 0, 5), // a Monday
} as const;

/**
 * `n` normal points: feature k has median 1000·(k+1), a mild daily cycle (±20%) and
 * log-normal noise (sd 0.1 in log space), so every detector family sees a plausible series.
 */
export function normalStream(n: number, seed: number, options: StreamOptions = {}): StreamPoint[] {
  const features = options.features ?? DEFAULT_STREAM_OPTIONS.features;
  const step = options.stepMs ?? DEFAULT_STREAM_OPTIONS.stepMs;
  const start = options.start ?? DEFAULT_STREAM_OPTIONS.start;
  const rng = createRandom(seed);
  const out: StreamPoint[] = [];
  for (let i = 0; i < n; i++) {
    const time = start + i * step;
    const daily = 1 + 0.2 * Math.sin((2 * Math.PI * (time % 86_400_000)) / 86_400_000);
    const x: Record<string, number> = {};
    features.forEach((name, k) => {
      x[name] = 1000 * (k + 1) * daily * Math.exp(0.1 * rng.normal());
    });
    out.push({ x, time });
  }
  return out;
}
