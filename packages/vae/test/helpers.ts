// Shared test data: a SKAB-like normal series (8 correlated metrics: slow cycles plus noise).
import { createRandom, type Features } from '@awad/core';
import type { NamedWeights } from '@awad/tensor';

export const SKAB_LIKE_FEATURES = ['acc1', 'acc2', 'current', 'pressure', 'temp', 'thermo', 'voltage', 'flow'] as const;

export function skabLike(n: number, seed: number): Features[] {
  const r = createRandom(seed);
  const out: Features[] = [];
  for (let i = 0; i < n; i++) {
    const phase = (2 * Math.PI * i) / 40;
    const base = Math.sin(phase);
    out.push({
      acc1: 0.026 + 0.001 * base + 0.0003 * r.normal(),
      acc2: 0.04 + 0.001 * Math.cos(phase) + 0.0003 * r.normal(),
      current: 1.3 + 0.2 * base + 0.03 * r.normal(),
      pressure: 0.3 + 0.1 * Math.sin(phase / 2) + 0.02 * r.normal(),
      temp: 79 + 0.5 * base + 0.1 * r.normal(),
      thermo: 26 + 0.1 * r.normal(),
      voltage: 233 + 2 * base + 0.5 * r.normal(),
      flow: 32 + 0.5 * Math.cos(phase) + 0.1 * r.normal(),
    });
  }
  return out;
}

/** A tiny, fast model configuration for tests. */
export const TINY = { window: 4, hidden: [8], latent: 2, epochs: 4, batchSize: 64, mcSamples: 8 } as const;

/** Worst difference between two sets of named weights, relative to each tensor's largest |value| (at least 1e-3). */
export function worstRelative(a: NamedWeights, b: NamedWeights): number {
  let worst = 0;
  for (const [name, t] of Object.entries(a)) {
    const u = (b[name] as { values: Float32Array }).values;
    let scale = 1e-3;
    for (const v of t.values) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < t.values.length; i++) worst = Math.max(worst, Math.abs((t.values[i] as number) - (u[i] as number)) / scale);
  }
  return worst;
}
