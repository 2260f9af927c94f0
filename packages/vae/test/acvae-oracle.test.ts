import { beforeAll, describe, expect, it } from 'vitest';
import { isAwadError } from '@awad/core';
import { ensureBackend } from '@awad/tensor';
import { AcvaeDetector, createGroundTruthOracle, LabelBudgetError } from '../src/index';
import { bumpSeries, TINY } from './acvae-helpers';

describe('label oracle', () => {
  beforeAll(async () => {
    await ensureBackend({ backend: 'wasm' });
  });

  it('counts distinct points, refuses past the budget with a typed error and validates indices', async () => {
    const oracle = createGroundTruthOracle([0, 1, 0, 1, 1, 0, 0, 0, 0, 0], { points: 3 });
    expect(Array.from(await oracle([1, 2]))).toEqual([1, 0]);
    expect(Array.from(await oracle([2, 1]))).toEqual([0, 1]);
    expect(oracle.used).toBe(2);
    await expect(oracle([3, 4])).rejects.toBeInstanceOf(LabelBudgetError);
    await expect(oracle([3, 4])).rejects.toSatisfy((e: unknown) => isAwadError(e, 'LABEL_BUDGET_EXCEEDED'));
    expect(oracle.used).toBe(2);
    await expect(oracle([99])).rejects.toSatisfy((e: unknown) => isAwadError(e, 'INVALID_INPUT'));
    expect(createGroundTruthOracle(new Array(1000).fill(0)).budget).toBe(30);
  });

  // The seed's settings, and the SKAB preset's additions (model_full on labeled-normal windows only,
  // reference rows known normal, filter scoring, centring, smoothing, the normal-quantile threshold).
  const SKAB_LIKE = { ...TINY, rounds: 1, epochs: 1, anoEpochs: 1, fullTraining: 'normal', levelRows: 40, levelNormal: true, scoring: 'filter', centerScores: true, smoothing: 5, thresholdCut: 'normal-quantile', normalQuantile: 0.99 } as const;
  it.each([
    ['seed settings', TINY],
    ['skab-like settings', SKAB_LIKE],
    ['skab-like settings, Q also on the known-normal rows', { ...SKAB_LIKE, rounds: 3, queryKnownNormals: true }],
    ['skab-like settings, uncertainty query', { ...SKAB_LIKE, rounds: 3, query: 'uncertain' as const }],
  ])('only queried labels reach the detector (%s): poisoning every unqueried label changes nothing', async (_, options) => {
    const { series, labels } = bumpSeries(480);
    const first = createGroundTruthOracle(labels, { budget: 0.1 });
    const a = new AcvaeDetector({ ...options });
    await a.fit([series], { oracle: first });
    expect(first.used).toBeGreaterThan(0);
    expect(first.used).toBeLessThanOrEqual(first.budget);
    // Flip every label the first run never asked for.
    const poisoned = labels.map((y, i) => (first.asked.has(i) ? y : 1 - y));
    const second = createGroundTruthOracle(poisoned, { budget: 0.1 });
    const b = new AcvaeDetector({ ...options });
    await b.fit([series], { oracle: second });
    expect([...second.asked].sort((x, y) => x - y)).toEqual([...first.asked].sort((x, y) => x - y));
    expect(second.queries).toBe(first.queries);
    const probe = bumpSeries(100, 480).series;
    expect(Array.from(b.scoreSeriesFast(probe))).toEqual(Array.from(a.scoreSeriesFast(probe)));
    expect(b.threshold).toBe(a.threshold);
  });

  it('trains the query model on known-normal rows when every queried point is anomalous (queryKnownNormals)', async () => {
    const { series } = bumpSeries(480);
    // An oracle that calls everything anomalous: the queried points alone never hold a normal one.
    const allAnomalous = async (indices: readonly number[]): Promise<Uint8Array> => new Uint8Array(indices.length).fill(1);
    const phases = async (queryKnownNormals: boolean): Promise<Set<string>> => {
      const seen = new Set<string>();
      const d = new AcvaeDetector({ ...SKAB_LIKE, rounds: 3, queryKnownNormals });
      await d.fit([series], { oracle: allAnomalous, onProgress: (p) => seen.add(p.phase) });
      expect(d.fitStats?.labeledAnomalous).toBe(d.fitStats?.labeled);
      return seen;
    };
    expect((await phases(false)).has('query')).toBe(false);
    expect((await phases(true)).has('query')).toBe(true);
    expect(() => new AcvaeDetector({ queryKnownNormals: 'yes' as never })).toThrow(/queryKnownNormals.*a boolean/s);
  });

  it('stops querying when the oracle refuses, and trains in a worker thread with progress', async () => {
    const { series, labels } = bumpSeries(360);
    const stingy = createGroundTruthOracle(labels, { points: 10 });
    const d = new AcvaeDetector({ ...TINY, rounds: 1, labelBudget: 0.2 });
    const stats = await d.fit([series], { oracle: stingy });
    expect(stingy.used).toBe(0);
    expect(stats.labeled).toBe(0);
    const w = new AcvaeDetector({ ...TINY, rounds: 1 });
    const phases = new Set<string>();
    const inWorker = await w.fit([series], { oracle: createGroundTruthOracle(labels, { budget: 0.1 }), worker: true, onProgress: (p) => phases.add(p.phase) });
    const here = new AcvaeDetector({ ...TINY, rounds: 1 });
    await here.fit([series], { oracle: createGroundTruthOracle(labels, { budget: 0.1 }) });
    expect(phases.has('full')).toBe(true);
    expect(inWorker.labeled).toBe(here.fitStats?.labeled);
    const probe = bumpSeries(40, 400).series;
    expect(Array.from(w.scoreSeriesFast(probe))).toEqual(Array.from(here.scoreSeriesFast(probe)));
  });
});
