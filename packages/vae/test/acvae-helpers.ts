// Shared tiny fixtures for the ACVAE tests: a two-metric series with labeled bumps, tiny options,
// and the snapshot-resume check of the live path.
import { expect } from 'vitest';
import type { Features } from '@awad/core';
import { AcvaeDetector, type AcvaeOptions, type AcvaeSeries } from '../src/index';

export const TINY: AcvaeOptions = { window: 8, latent: 2, hidden: 8, epochs: 2, anoEpochs: 2, samples: 6, querySamples: 3, rounds: 2, batchSize: 64, labelBudget: 0.1, seed: 3 };

/** n points; every 120 points, 20 anomalous ones where metric a jumps by 2. */
export function bumpSeries(n: number, offset = 0): { series: AcvaeSeries; labels: number[] } {
  const rows = [];
  const labels: number[] = [];
  for (let j = 0; j < n; j++) {
    const i = j + offset;
    const anomalous = i % 120 >= 90 && i % 120 < 110;
    rows.push({ a: Math.sin(i / 5) + (anomalous ? 2 : 0), b: Math.cos(i / 7) });
    labels.push(anomalous ? 1 : 0);
  }
  return { series: { rows, times: rows.map((_, j) => 1_700_000_000_000 + (j + offset) * 60_000) }, labels };
}

/**
 * Scores then learns rows[0..split) on `a`, restores a JSON copy of its snapshot into a new
 * detector, and expects both to score every later row identically (`a` ends past the last row).
 */
export function expectSnapshotResume(a: AcvaeDetector, rows: readonly Features[], split: number): void {
  for (let i = 0; i < split; i++) {
    a.scoreOne(rows[i] as Features);
    a.learnOne(rows[i] as Features);
  }
  const b = new AcvaeDetector(a.options);
  b.restore(JSON.parse(JSON.stringify(a.snapshot())));
  for (let i = split; i < rows.length; i++) {
    const x = rows[i] as Features;
    expect(b.scoreOne(x)).toBe(a.scoreOne(x));
    a.learnOne(x);
    b.learnOne(x);
  }
}
