// The window detectors on a shared SeriesHistory: snapshots in shared mode, and the one window
// slab a monitor keeps per series for every window-based stage of the suites.
import { createMonitor, createRandom, seriesKey, SeriesHistory, type DetectorSnapshot, type Features, type HistoryAwareDetector, type SeriesHistorySnapshot, type Verdict } from '@awad/core';
import { normalStream, type StreamPoint } from '@awad/testkit';
import { describe, expect, it } from 'vitest';
import { allStatsStages, IqrDetector, NxMedianDetector, RobustZDetector, ShesdDetector } from '../src/index';
import { errorCode, taskEvent } from './helpers';

const factories: [string, () => HistoryAwareDetector][] = [
  ['robust-z', () => new RobustZDetector()],
  ['iqr (log)', () => new IqrDetector({ transform: 'log' })],
  ['n-x-median', () => new NxMedianDetector()],
  ['shesd', () => new ShesdDetector({ window: 32 })],
  ['shesd (period auto)', () => new ShesdDetector({ period: 'auto' })],
];

/** What a monitor does with a learned point: into the history first, then the detector learns. */
function learnShared(d: HistoryAwareDetector, history: SeriesHistory, p: StreamPoint): void {
  for (const [feature, value] of Object.entries(p.x)) if (Number.isFinite(value) && d.readsFeature(feature)) history.push(d.historySize, feature, value);
  d.learnOne(p.x, { time: p.time, history });
}

describe('window detectors with a shared history', () => {
  for (const [label, factory] of factories) {
    it(`${label}: restoring its snapshot and the history's reproduces the scores exactly`, () => {
      const points = normalStream(400, 3);
      const d = factory();
      const history = new SeriesHistory();
      for (const p of points.slice(0, 200)) learnShared(d, history, p);
      const saved = JSON.parse(JSON.stringify({ detector: d.snapshot(), history: history.snapshot() })) as { detector: DetectorSnapshot; history: SeriesHistorySnapshot };
      // Shared mode: the windows are the store's to save, not the detector's.
      expect(saved.detector.state).not.toHaveProperty('history');
      const copy = factory();
      copy.restore(saved.detector);
      const copyHistory = new SeriesHistory();
      copyHistory.restore(saved.history);
      expect(copy.isReady).toBe(true);
      for (const p of points.slice(200)) {
        expect(copy.scoreOne(p.x, { time: p.time, history: copyHistory })).toBe(d.scoreOne(p.x, { time: p.time, history }));
        learnShared(d, history, p);
        learnShared(copy, copyHistory, p);
      }
    });
  }

  it('keeps its own windows in its snapshot when it has no shared history', () => {
    const d = new RobustZDetector();
    for (const p of normalStream(40, 1)) d.learnOne(p.x);
    const state = d.snapshot().state as { names: string[]; data: number[]; ready: boolean; history: SeriesHistorySnapshot };
    expect(state.names).toEqual(['durationMs', 'queueWaitMs']);
    expect(state.data).toHaveLength(2); // one cached MAD per feature
    expect(state.history.slabs.map((s) => [s.size, Object.keys(s.features)])).toEqual([[32, ['durationMs', 'queueWaitMs']]]);
    expect(state.history.slabs[0]!.features.durationMs).toHaveLength(32);
  });

  it('reads raw values: the window holds what was learned, the transform applies on read', () => {
    const history = new SeriesHistory();
    const log = new RobustZDetector({ window: 5, warmup: 5, features: ['v'] });
    const none = new RobustZDetector({ window: 5, warmup: 5, features: ['v'], transform: 'none' });
    for (const v of [10, 20, 30, 40, 1000]) {
      history.push(5, 'v', v);
      log.learnOne({ v }, { history });
      none.learnOne({ v }, { history });
    }
    expect(history.slab(5)?.values('v')).toEqual([10, 20, 30, 40, 1000]);
    // transform none: median 30, MAD 10
    expect(none.scoreOne({ v: 60 }, { history })).toBeCloseTo(30 / (1.4826 * 10), 12);
    // signed log: median log1p(30), MAD the median of |log1p(v) - log1p(30)|
    const t = [10, 20, 30, 40, 1000].map(Math.log1p);
    const mad = [...t.map((x) => Math.abs(x - Math.log1p(30)))].sort((a, b) => a - b)[2]!;
    expect(log.scoreOne({ v: 60 }, { history })).toBeCloseTo((Math.log1p(60) - Math.log1p(30)) / (1.4826 * mad), 12);
    expect(log.explainOne({ v: 60 }, { history })).toMatchObject({ feature: 'v', expected: 30 });
  });

  it('abstains on a feature the shared history keeps no window of', () => {
    const d = new IqrDetector({ warmup: 1, features: ['v'] });
    const history = new SeriesHistory();
    d.learnOne({ v: 5 }, { history }); // nothing pushed: the history holds no window of v
    expect(d.isReady).toBe(false);
    expect(d.scoreOne({ v: 5 }, { history })).toBeNaN();
    expect(d.scoreOne({ v: 5 })).toBeNaN(); // nor windows of its own
  });

  it('tracks at most 16 features (the history keeps at most 16 per window size), and refuses snapshots of the windowed format', () => {
    expect(errorCode(() => new RobustZDetector({ maxFeatures: 17 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new ShesdDetector({ maxFeatures: 17 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new IqrDetector({ maxFeatures: 17 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new NxMedianDetector({ maxFeatures: 17 }))).toBe('INVALID_OPTION');
    // Version 1 kept the windows in `data`.
    expect(errorCode(() => new RobustZDetector().restore({ type: 'robust-z', version: 1, state: { names: [], data: [] } }))).toBe('INVALID_SNAPSHOT');
    expect(errorCode(() => new RobustZDetector().restore({ type: 'robust-z', version: 2, state: { names: [], data: [] } }))).toBe('INVALID_SNAPSHOT'); // no `ready`
  });
});

describe('allStatsStages in a monitor', () => {
  it('keeps one window slab of size 32 per series, and robust-z scores as a standalone one fed the learned points', () => {
    const monitor = createMonitor({ stages: allStatsStages({ slaMs: 1e9 }) });
    const stages = monitor.stages.map((s) => s.name);
    const standalone = new Map(['robust-z', 'robust-z-metrics'].map((name) => [name, monitor.stages[stages.indexOf(name)]!.detector.clone()]));
    const key = seriesKey('etl', 'extract');
    const rng = createRandom(5);
    let learned = 0;
    let skipped = 0;
    const probes: Features[] = [{ durationMs: 9_000 }, { durationMs: 40_000 }, { queueWaitMs: 90_000 }, { 'metrics.rows': 1_500 }, { 'metrics.rows': 10 }];
    for (let i = 0; i < 80; i++) {
      const t = i * 600;
      // Run 60 takes 10x as long: flagged, so the monitor does not learn it.
      const durationS = (i === 60 ? 100 : 10) * Math.exp(0.1 * rng.normal());
      const queueS = 30 * Math.exp(0.1 * rng.normal());
      const events = [
        taskEvent('QUEUED', t, `r${i}`),
        taskEvent('RUNNING', t + queueS, `r${i}`),
        { ...taskEvent('SUCCEEDED', t + queueS + durationS, `r${i}`), metrics: { rows: Math.round(1000 + 50 * rng.normal()) } },
      ];
      for (const event of events) {
        const before = monitor.store.peek(key)?.count ?? 0;
        const verdict: Verdict = monitor.observe(event);
        const series = monitor.store.peek(key);
        if (series === undefined || series.count === before) {
          if (Object.keys(verdict.features).length > 0) skipped += 1;
          continue;
        }
        learned += 1;
        for (const d of standalone.values()) d.learnOne(verdict.features);
        for (const [name, d] of standalone) {
          const shared = series.detectors[stages.indexOf(name)]!;
          for (const probe of probes) expect(shared.scoreOne(probe, { history: series.history })).toBe(d.scoreOne(probe));
        }
      }
    }
    expect(skipped).toBeGreaterThan(0); // the slow run was protected, and both sides skipped it
    expect(learned).toBeGreaterThan(150);
    const history = monitor.store.peek(key)!.history!;
    expect(history.slabs.map((s) => [s.size, [...s.features].sort()])).toEqual([[32, ['durationMs', 'metrics.rows', 'queueWaitMs']]]);
    expect(history.slab(32)!.values('durationMs')).toHaveLength(32);
    // The monitor snapshot holds the windows once, with the series; the detectors hold only caches.
    const [, state] = monitor.snapshot().store.series.find(([k]) => k === key)!;
    expect(state.history?.slabs).toHaveLength(1);
    for (const d of state.detectors) expect(d.state).not.toHaveProperty('history');
  });
});
