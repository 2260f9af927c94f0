// Splitting runs by a seed: a seeded shuffle of run ids, the first fraction for fitting.
// Reference: METHODS.md 6.3 (Flow-Bench protocol: runs split by run id with a fixed seed).
import { ConfigError, createRandom } from '@awad/core';

export function splitRuns<T extends { readonly runId: string }>(runs: readonly T[], trainFraction: number, seed: number): { train: T[]; test: T[] } {
  if (!(trainFraction > 0 && trainFraction < 1)) throw new ConfigError('@awad/graph/run-split', 'trainFraction', 'a number in (0, 1)', trainFraction);
  const sorted = [...runs].sort((a, b) => (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0));
  const random = createRandom(seed);
  for (let i = sorted.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [sorted[i], sorted[j]] = [sorted[j] as T, sorted[i] as T];
  }
  const cut = Math.max(1, Math.min(sorted.length - 1, Math.round(trainFraction * sorted.length)));
  return { train: sorted.slice(0, cut), test: sorted.slice(cut) };
}
