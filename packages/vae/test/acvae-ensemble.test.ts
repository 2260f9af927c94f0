import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@awad/core';
import { ensureBackend } from '@awad/tensor';
import { AcvaeDetector, createGroundTruthOracle, type AcvaeModelFile } from '../src/index';
import { bumpSeries, expectSnapshotResume, TINY } from './acvae-helpers';

/** The model file of pair k of an ensemble's file, as a one-pair model. */
function pairFile(file: AcvaeModelFile, k: number): AcvaeModelFile {
  const { ensemble, ...first } = file.model;
  const pair = k === 0 ? first : (ensemble?.[k - 1] as NonNullable<typeof ensemble>[number]);
  return { ...file, options: { ...file.options, ensemble: 1 }, model: { ...first, full: pair.full, ano: pair.ano } };
}

const close = (a: number, b: number, tol: number): boolean => (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= tol * Math.max(1, Math.abs(a));

describe('AcvaeDetector ensemble', () => {
  beforeAll(async () => {
    await ensureBackend({ backend: 'wasm' });
  });

  it('scores the mean of its pairs (window and filter scoring, batch and live); model files and snapshots keep every pair', async () => {
    const train = bumpSeries(360);
    const d = new AcvaeDetector({ ...TINY, rounds: 1, ensemble: 3 });
    const stats = await d.fit([train.series], { oracle: createGroundTruthOracle(train.labels, { budget: 0.1 }) });
    expect(stats.labeledAnomalous).toBeGreaterThan(0);
    const file = JSON.parse(JSON.stringify(d.toModelFile())) as AcvaeModelFile;
    expect(file.model.mode).toBe('contrast');
    expect(file.model.ensemble).toHaveLength(2);
    // Three different pairs, each with its model_ano.
    const pairs = [0, 1, 2].map((k) => pairFile(file, k));
    expect(new Set(pairs.map((p) => JSON.stringify(p.model.full))).size).toBe(3);
    expect(pairs.every((p) => p.model.ano !== null)).toBe(true);

    const probe = bumpSeries(80, 700).series;
    for (const scoring of ['window', 'filter'] as const) {
      const ens = AcvaeDetector.fromModelFile({ ...file, options: { ...file.options, scoring } });
      const each = pairs.map((p) => AcvaeDetector.fromModelFile({ ...p, options: { ...p.options, scoring } }).scoreSeries(probe).scores);
      const batch = ens.scoreSeries(probe).scores;
      const live = ens.scoreSeriesFast(probe);
      let compared = 0;
      batch.forEach((s, i) => {
        const mean = each.reduce((a, e) => a + (e[i] as number), 0) / each.length;
        expect(close(s, mean, 1e-9)).toBe(true);
        expect(close(s, live[i] as number, 1e-3)).toBe(true);
        if (Number.isFinite(s)) compared++;
      });
      expect(compared).toBe(80 - 7);
      // A snapshot taken mid-stream resumes every pair's state.
      expectSnapshotResume(AcvaeDetector.fromModelFile({ ...file, options: { ...file.options, scoring } }), probe.rows, 40);
    }
    // The threshold was set on the ensemble's scores and survives the file.
    expect(AcvaeDetector.fromModelFile(file).threshold).toBe(d.threshold);
    expect(Number.isFinite(d.threshold)).toBe(true);
  });

  it('pair 0 of an ensemble is the one-pair model (without labels), the others train from their own seeds', async () => {
    const train = bumpSeries(240);
    const one = new AcvaeDetector({ ...TINY, fitAfter: 0 });
    const two = new AcvaeDetector({ ...TINY, fitAfter: 0, ensemble: 2 });
    await one.fit([train.series]);
    await two.fit([train.series]);
    const a = one.toModelFile().model;
    const b = two.toModelFile().model;
    expect(a.ensemble).toBeUndefined();
    expect(JSON.stringify(b.full)).toBe(JSON.stringify(a.full));
    expect(JSON.stringify(b.ensemble?.[0]?.full)).not.toBe(JSON.stringify(a.full));
    expect(a.mode).toBe('full');
  });

  it('rejects an ensemble size that is not a positive integer, and a snapshot with the wrong number of pairs', async () => {
    expect(() => new AcvaeDetector({ ensemble: 0 })).toThrow(ConfigError);
    expect(() => new AcvaeDetector({ ensemble: 1.5 })).toThrow(/ensemble/);
    const train = bumpSeries(240);
    const two = new AcvaeDetector({ ...TINY, fitAfter: 0, ensemble: 2, scoring: 'filter' });
    await two.fit([train.series]);
    const snap = two.snapshot();
    const state = snap.state as { filter: unknown[] };
    expect(state.filter).toHaveLength(2);
    const bad = { ...snap, state: { ...state, filter: state.filter.slice(0, 1) } };
    expect(() => new AcvaeDetector(two.options).restore(bad)).toThrow(/2 pair/);
  });
});
