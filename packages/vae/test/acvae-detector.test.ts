import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, SnapshotError } from '@awad/core';
import { ensureBackend, tensorLeak } from '@awad/tensor';
import { checkDetector } from '@awad/testkit';
import { AcvaeDetector, createGroundTruthOracle } from '../src/index';
import { bumpSeries, expectSnapshotResume, TINY } from './acvae-helpers';

describe('AcvaeDetector', () => {
  beforeAll(async () => {
    await ensureBackend({ backend: 'wasm' });
  });

  it('passes the testkit conformance checks (auto-fit after 200 points, unsupervised)', () => {
    // memory: 3000 points keep it fast; the state after fitting is the weights and a W-1 ring.
    const report = checkDetector((seed) => new AcvaeDetector({ ...TINY, window: 5, epochs: 1, fitAfter: 200, seed }), { memoryPoints: 3000 });
    expect(report.failed).toEqual([]);
  });

  it('abstains with NaN until fitted and rejects bad options with a ConfigError', () => {
    const d = new AcvaeDetector({ ...TINY, fitAfter: 0 });
    for (let i = 0; i < 50; i++) d.learnOne({ a: i });
    expect(d.isFitted).toBe(false);
    expect(Number.isNaN(d.scoreOne({ a: 1 }))).toBe(true);
    expect(() => new AcvaeDetector({ window: 1 })).toThrow(ConfigError);
    expect(() => new AcvaeDetector({ query: 'psychic' as never })).toThrow(ConfigError);
    expect(() => d.scoreSeries({ rows: [{ a: 1 }] })).toThrow(SnapshotError);
  });

  it('excludeFeatures leaves a column out of the model: its scores do not read it', async () => {
    const train = bumpSeries(240);
    const withDrift = (rows: readonly Record<string, number>[], drift: (i: number) => number) => rows.map((r, i) => ({ ...r, drift: drift(i) }));
    const d = new AcvaeDetector({ ...TINY, excludeFeatures: ['drift'] });
    await d.fit([{ rows: withDrift(train.series.rows as Record<string, number>[], (i) => i / 10) }]);
    expect(d.features).toEqual(['a', 'b']);
    const test = bumpSeries(120, 240).series.rows as Record<string, number>[];
    const calm = d.scoreSeries({ rows: withDrift(test, () => 0) }).scores;
    const wild = d.scoreSeries({ rows: withDrift(test, (i) => 1e6 * Math.sin(i)) }).scores;
    expect(Array.from(wild)).toEqual(Array.from(calm));
    // Without the option the drifting column is a metric of the model.
    const all = new AcvaeDetector({ ...TINY });
    await all.fit([{ rows: withDrift(train.series.rows as Record<string, number>[], (i) => i / 10) }]);
    expect(all.features).toEqual(['a', 'b', 'drift']);
    expect(() => new AcvaeDetector({ excludeFeatures: 'drift' as never })).toThrow(/excludeFeatures/);
    expect(() => new AcvaeDetector({ features: ['a', 'drift'], excludeFeatures: ['drift'] })).toThrow(ConfigError);
    await expect(new AcvaeDetector({ ...TINY, excludeFeatures: ['a', 'b', 'drift'] }).fit([{ rows: withDrift(train.series.rows as Record<string, number>[], () => 1) }])).rejects.toThrow(/excludeFeatures/);
  });

  it('excludeDrifting leaves out a column whose reference rows drift, names it in fitStats, and reads no label', async () => {
    const train = bumpSeries(240);
    const rows = (train.series.rows as Record<string, number>[]).map((r, i) => ({ ...r, warm: i < 100 ? 20 + i / 10 : 30, still: Math.sin(i) }));
    const o = { ...TINY, levelRows: 100, excludeDrifting: 1 };
    const d = new AcvaeDetector(o);
    await d.fit([{ rows }]);
    expect(d.features).toEqual(['a', 'b', 'still']);
    expect(d.fitStats?.drifting).toEqual(['warm']);
    // The same fit with the labels offered to an oracle leaves out the same column.
    const oracle = createGroundTruthOracle(train.labels, { budget: 0.1 });
    const withLabels = new AcvaeDetector({ ...o, fitAfter: 0 });
    await withLabels.fit([{ rows }], { oracle });
    expect(withLabels.features).toEqual(['a', 'b', 'still']);
    // Off (the default), every finite column is a metric; given features are never screened.
    const off = new AcvaeDetector({ ...TINY, levelRows: 100 });
    await off.fit([{ rows }]);
    expect(off.features).toEqual(['a', 'b', 'still', 'warm']);
    expect(off.fitStats?.drifting).toBeUndefined();
    const given = new AcvaeDetector({ ...o, features: ['a', 'warm'] });
    await given.fit([{ rows }]);
    expect(given.features).toEqual(['a', 'warm']);
    expect(() => new AcvaeDetector({ excludeDrifting: -1 })).toThrow(/excludeDrifting/);
    expect(() => new AcvaeDetector({ excludeDrifting: 1, levelRows: 0 })).toThrow(/levelRows/);
  });

  it('calibrationRows: the normal-quantile cut reads only the held-out reference rows', async () => {
    const train = bumpSeries(300);
    const o = { ...TINY, levelRows: 80, levelNormal: true, calibrationRows: 30, thresholdCut: 'normal-quantile' as const, normalQuantile: 0.9 };
    const d = new AcvaeDetector(o);
    await d.fit([train.series]);
    const scores = Array.from(d.scoreSeries(train.series).scores);
    const held = scores.slice(50, 80).sort((a, b) => a - b);
    const pos = 0.9 * (held.length - 1);
    const q = (held[Math.floor(pos)] as number) + ((held[Math.ceil(pos)] as number) - (held[Math.floor(pos)] as number)) * (pos - Math.floor(pos));
    expect(d.threshold).toBeCloseTo(q, 9);
    // The rule needs reference rows to hold out.
    expect(() => new AcvaeDetector({ ...o, calibrationRows: 80 })).toThrow(/calibrationRows/);
    expect(() => new AcvaeDetector({ ...o, levelNormal: false })).toThrow(ConfigError);
  });

  it('fits with an oracle, flags the labeled kind of anomaly on new data, and leaks no tensors', async () => {
    const train = bumpSeries(480);
    const test = bumpSeries(360, 480);
    const oracle = createGroundTruthOracle(train.labels, { budget: 0.1 });
    const d = new AcvaeDetector({ ...TINY, epochs: 4, anoEpochs: 6, hidden: 12 });
    let progress = 0;
    const leaked = await tensorLeak(() => d.fit([train.series], { oracle, onProgress: () => progress++ }));
    expect(leaked).toBe(0);
    expect(progress).toBeGreaterThan(0);
    const stats = d.fitStats;
    expect(stats?.labeled).toBe(oracle.used);
    expect(oracle.used).toBeLessThanOrEqual(oracle.budget);
    expect(stats?.labeledAnomalous).toBeGreaterThan(0);
    const { scores } = d.scoreSeries(test.series);
    // Anomalous points score higher on average than normal ones (on data it was not fit on).
    let sa = 0;
    let na = 0;
    let sn = 0;
    let nn = 0;
    scores.forEach((s, i) => {
      if (!Number.isFinite(s)) return;
      if (test.labels[i]) {
        sa += s;
        na++;
      } else {
        sn += s;
        nn++;
      }
    });
    expect(sa / na).toBeGreaterThan(sn / nn);
  });

  it('the Float32Array scorer gives the tfjs scores (same MC noise), and a model file reproduces them', async () => {
    const train = bumpSeries(360);
    const d = new AcvaeDetector({ ...TINY, rounds: 1 });
    await d.fit([train.series], { oracle: createGroundTruthOracle(train.labels, { budget: 0.1 }) });
    const probe = bumpSeries(60, 700).series;
    const tfScores = d.scoreSeries(probe).scores;
    const fast = d.scoreSeriesFast(probe);
    let compared = 0;
    tfScores.forEach((s, i) => {
      if (Number.isNaN(s)) return expect(Number.isNaN(fast[i] as number)).toBe(true);
      expect(Math.abs(s - (fast[i] as number))).toBeLessThan(1e-3 * Math.max(1, Math.abs(s)));
      compared++;
    });
    expect(compared).toBe(60 - 7);
    const loaded = AcvaeDetector.fromModelFile(JSON.parse(JSON.stringify(d.toModelFile())));
    expect(Array.from(loaded.scoreSeriesFast(probe))).toEqual(Array.from(fast));
    expect(Array.from(loaded.scoreSeries(probe).scores)).toEqual(Array.from(tfScores));
    expect(loaded.threshold).toBe(d.threshold);
    // explainOne names a metric for the last point.
    const e = d.explainOne({ a: 40, b: 0 });
    expect(e?.feature).toBe('a');
  });

  it('filter scoring: batch and live scores agree, a snapshot resumes the carried state, level alignment ignores a constant offset', async () => {
    const train = bumpSeries(360);
    const d = new AcvaeDetector({ ...TINY, rounds: 1, scoring: 'filter', levelRows: 20, levelNormal: true, thresholdCut: 'margin' });
    await d.fit([train.series], { oracle: createGroundTruthOracle(train.labels, { budget: 0.1 }) });
    const probe = bumpSeries(80, 700).series;
    const batch = d.scoreSeries(probe).scores;
    const live = d.scoreSeriesFast(probe);
    expect(batch.slice(0, 7).every((v) => Number.isNaN(v))).toBe(true);
    for (let i = 7; i < 80; i++) expect(Math.abs((batch[i] as number) - (live[i] as number))).toBeLessThan(1e-9 * Math.max(1, Math.abs(batch[i] as number)));
    // The same series shifted by a constant scores the same (its level comes from its own start).
    const shifted = d.scoreSeries({ rows: probe.rows.map((r) => ({ a: (r.a as number) + 5, b: (r.b as number) - 3 })) }).scores;
    for (let i = 7; i < 80; i++) expect(Math.abs((shifted[i] as number) - (batch[i] as number))).toBeLessThan(1e-3 * Math.max(1, Math.abs(batch[i] as number)));
    // Live: a snapshot taken mid-stream resumes with identical scores.
    const a = AcvaeDetector.fromModelFile(d.toModelFile());
    expectSnapshotResume(a, probe.rows, 40);
    // Learning without scoring first steps the state the same way as score-then-learn.
    const c = AcvaeDetector.fromModelFile(d.toModelFile());
    for (let i = 0; i < 79; i++) c.learnOne(probe.rows[i] as never);
    expect(c.scoreOne(probe.rows[79] as never)).toBeCloseTo(live[79] as number, 9);
    // With level alignment a fitted detector warms up on the new stream (no training tail).
    expect(Number.isNaN(d.scoreOne(probe.rows[0] as never))).toBe(true);
    expect(a.explainOne({ a: 40, b: 0 })?.feature).toBe('a');
  });

  it('centring and smoothing: the batch score is the trailing mean of the raw scores minus the reference median, and the live path (score-then-learn, learn-only, a snapshot) gives the same', async () => {
    const train = bumpSeries(360);
    const base = new AcvaeDetector({ ...TINY, rounds: 1, scoring: 'filter', levelRows: 20 });
    await base.fit([train.series], { oracle: createGroundTruthOracle(train.labels, { budget: 0.1 }) });
    const file = base.toModelFile();
    const post = AcvaeDetector.fromModelFile({ ...file, options: { ...file.options, smoothing: 4, centerScores: true } });
    const probe = bumpSeries(60, 700).series;
    const raw = base.scoreSeries(probe).scores;
    const batch = post.scoreSeries(probe).scores;
    const median = (v: number[]): number => {
      const s = [...v].sort((a, b) => a - b);
      return s.length % 2 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
    };
    // Reference: the scored points among the first levelRows = 20 (points 7..19); expanding before 20.
    const centred = Array.from(raw, (v, i) => v - median(Array.from(raw.slice(7, Math.min(i, 19) + 1))));
    for (let i = 7; i < 60; i++) {
      const past = centred.slice(Math.max(7, i - 3), i + 1);
      expect(batch[i]).toBeCloseTo(past.reduce((a, b) => a + b, 0) / past.length, 12);
    }
    const fast = post.scoreSeriesFast(probe);
    for (let i = 7; i < 60; i++) expect(Math.abs((fast[i] as number) - (batch[i] as number))).toBeLessThan(1e-9 * Math.max(1, Math.abs(batch[i] as number)));
    // learnOne alone over the reference period, a snapshot mid-stream, then score-then-learn: the same scores.
    const a = AcvaeDetector.fromModelFile(post.toModelFile());
    for (let i = 0; i < 30; i++) a.learnOne(probe.rows[i] as never);
    const b = new AcvaeDetector(a.options);
    b.restore(JSON.parse(JSON.stringify(a.snapshot())));
    for (let i = 30; i < 60; i++) {
      const x = probe.rows[i] as never;
      expect(b.scoreOne(x)).toBe(fast[i]);
      b.learnOne(x);
    }
    expect(() => new AcvaeDetector({ smoothing: 0 })).toThrow(ConfigError);
    expect(() => new AcvaeDetector({ centerScores: true })).toThrow(ConfigError);
  });
});
