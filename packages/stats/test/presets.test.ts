// The presets' semantics through their calibrator and threshold, and live monitor runs.
import { createMonitor, createRandom, isHistoryAware, type Features, type Monitor, type StageSpec, type Verdict } from '@awad/core';
import { describe, expect, it } from 'vitest';
import {
  allStatsStages,
  baselineStages,
  CutoffCalibrator,
  defaultStages,
  extraStages,
  failureBurstStage,
  failuresStage,
  METRIC_FEATURES,
  STATS_STAGE_NAMES,
  statsStage,
  TIMING_FEATURES,
} from '../src/index';
import { errorCode, taskEvent, taskRun } from './helpers';

function stageNamed(stages: StageSpec[], name: string): StageSpec {
  const stage = stages.find((s) => s.detector.name === name);
  if (!stage) throw new Error(`no stage ${name}`);
  return stage;
}

/** Learns `xs` on a fresh clone of the stage's detector, then says whether `probe` is flagged. */
function flags(stage: StageSpec, xs: readonly Features[], probe: Features): boolean {
  const d = stage.detector.clone();
  for (const x of xs) d.learnOne(x);
  const raw = d.scoreOne(probe);
  return stage.threshold!.classify(stage.calibrator!.transform(raw));
}

const optionsOf = (stages: StageSpec[], name: string): Readonly<Record<string, unknown>> => stageNamed(stages, name).detector.getConfig().options;
const cutoffOf = (stages: StageSpec[], name: string): number => (stageNamed(stages, name).calibrator as CutoffCalibrator).options.cutoff;

describe('defaultStages', () => {
  it('has the documented stages, features, directions and cut-offs', () => {
    const stages = defaultStages();
    expect(stages.map((s) => s.detector.name)).toEqual(['seasonal', 'robust-z', 'robust-z-metrics', 'retries', 'failure-burst']);
    const expected: Record<string, [readonly string[], string, number]> = {
      seasonal: [TIMING_FEATURES, 'up', 4],
      'robust-z': [TIMING_FEATURES, 'up', 4.5],
      'robust-z-metrics': [METRIC_FEATURES, 'both', 4.5],
      retries: [['attempt'], 'both', 4],
    };
    for (const [name, [features, direction, cutoff]] of Object.entries(expected)) {
      expect(optionsOf(stages, name)).toMatchObject({ features, direction });
      expect(cutoffOf(stages, name)).toBe(cutoff);
    }
    expect(stageNamed(stages, 'robust-z').fallbackFor).toBe('seasonal');
    expect(optionsOf(stages, 'failure-burst')).toMatchObject({ limits: { runFailures: { max: 3 } } });
    expect(cutoffOf(stages, 'failure-burst')).toBe(1);
    expect(defaultStages()[0]!.detector).not.toBe(defaultStages()[0]!.detector); // fresh each call
  });

  it('retries: attempt 3 on a task that never retries flags, attempt 2 does not', () => {
    const retries = stageNamed(defaultStages(), 'retries');
    const history = new Array(40).fill({ attempt: 1 });
    expect(flags(retries, history, { attempt: 3 })).toBe(true); // z = 2 / 0.5 = 4 = cut-off
    expect(flags(retries, history, { attempt: 2 })).toBe(false); // z = 2
  });

  it('failure-burst: the third failed attempt of a run flags, the second does not, with no history needed', () => {
    const burst = stageNamed(defaultStages(), 'failure-burst');
    expect(flags(burst, [], { runFailures: 3 })).toBe(true);
    expect(flags(burst, [], { runFailures: 2 })).toBe(false);
    expect(flags(burst, [], { durationMs: 5 })).toBe(false); // abstains without runFailures
    const five = failureBurstStage({ minFailures: 5 });
    expect(flags(five, [], { runFailures: 4 })).toBe(false);
    expect(flags(five, [], { runFailures: 5 })).toBe(true);
    expect(errorCode(() => failureBurstStage({ minFailures: 0 }))).toBe('INVALID_OPTION');
  });
});

describe('extraStages', () => {
  it('has ewma on metrics, then failures, cusum and shesd upwards', () => {
    const stages = extraStages();
    expect(stages.map((s) => s.detector.name)).toEqual(['ewma', 'failures', 'cusum', 'shesd']);
    expect(optionsOf(stages, 'ewma')).toMatchObject({ features: METRIC_FEATURES, direction: 'both' });
    expect(optionsOf(stages, 'failures')).toMatchObject({ features: ['failed'], direction: 'up', minStd: 0.25 });
    expect(optionsOf(stages, 'cusum')).toMatchObject({ features: TIMING_FEATURES, direction: 'up', decisionInterval: 5 });
    expect(optionsOf(stages, 'shesd')).toMatchObject({ features: TIMING_FEATURES, direction: 'up' });
    expect([cutoffOf(stages, 'failures'), cutoffOf(stages, 'cusum'), cutoffOf(stages, 'shesd')]).toEqual([4, 5, 1]);
    expect(stageNamed(stages, 'cusum').detector.learnsAnomalies).toBe(true);
  });

  it('failures: the first failure of a task that never fails flags, a 10% failure rate does not', () => {
    const failures = failuresStage();
    expect(flags(failures, new Array(40).fill({ failed: 0 }), { failed: 1 })).toBe(true); // 1 / 0.25 = 4
    const d = failures.detector.clone();
    let flagged = 0;
    for (let i = 0; i < 500; i++) {
      const x = { failed: i % 10 === 9 ? 1 : 0 };
      if (d.isReady && failures.threshold!.classify(failures.calibrator!.transform(d.scoreOne(x)))) flagged += 1;
      d.learnOne(x);
    }
    expect(d.isReady).toBe(true);
    expect(flagged).toBe(0);
  });
});

describe('allStatsStages', () => {
  it('is defaultStages, extraStages, then baselineStages, with unique names', () => {
    const names = allStatsStages({ slaMs: 1000 }).map((s) => s.detector.name);
    expect(names).toEqual([
      'seasonal', 'robust-z', 'robust-z-metrics', 'retries', 'failure-burst', 'ewma', 'failures', 'cusum', 'shesd', 'n-x-median', 'iqr', 'static',
    ]);
    expect(new Set(names).size).toBe(names.length);
    expect(() => createMonitor({ stages: allStatsStages({ slaMs: 1000, slaMsByTask: { extract: 500 } }) })).not.toThrow();
    // Every window-based stage reads a window of 32: a monitor keeps one slab per series.
    const windows = allStatsStages().flatMap((s) => (isHistoryAware(s.detector) ? [[s.detector.name, s.detector.historySize]] : []));
    expect(windows).toEqual([['robust-z', 32], ['robust-z-metrics', 32], ['shesd', 32], ['n-x-median', 32], ['iqr', 32]]);
  });
});

describe('baselineStages', () => {
  it('n-x-median flags 3x the median; iqr flags from Q3 + 1.5 IQR, upwards and on durationMs only', () => {
    const [nxm, iqr] = baselineStages();
    const runs = [8, 9, 10, 11, 12].map((s) => ({ durationMs: s * 1000 }));
    expect(flags(nxm!, runs, { durationMs: 30_000 })).toBe(true);
    expect(flags(nxm!, runs, { durationMs: 29_000 })).toBe(false);
    // 1..8 s: Q1 = 2.75 s, Q3 = 6.25 s, IQR = 3.5 s: the upper fence is 11.5 s
    const eight = [5, 3, 8, 1, 7, 2, 6, 4].map((s) => ({ durationMs: s * 1000 }));
    expect(flags(iqr!, eight, { durationMs: 11_500 })).toBe(true);
    expect(flags(iqr!, eight, { durationMs: 11_400 })).toBe(false);
    expect(flags(iqr!, eight, { durationMs: -50_000 })).toBe(false); // far below Q1: not a "slow" outlier
    expect(iqr!.detector.getConfig().options).toMatchObject({ features: ['durationMs'], direction: 'up' });
  });

  it('adds a static SLA stage only when slaMs or slaMsByTask is given', () => {
    expect(baselineStages().map((s) => s.detector.name)).toEqual(['n-x-median', 'iqr']);
    const sla = stageNamed(baselineStages({ slaMs: 60_000 }), 'static');
    expect(flags(sla, [], { durationMs: 60_000 })).toBe(true);
    expect(flags(sla, [], { durationMs: 59_999 })).toBe(false);
    const both = stageNamed(baselineStages({ slaMs: { durationMs: 60_000, queueWaitMs: 5_000 } }), 'static');
    expect(both.detector.getConfig().options.limits).toEqual({ durationMs: { max: 60_000 }, queueWaitMs: { max: 5_000 } });
    expect(flags(both, [], { queueWaitMs: 6_000 })).toBe(true);
    const byTask = stageNamed(baselineStages({ slaMsByTask: { extract: 10_000 } }), 'static');
    expect(byTask.detector.getConfig().options).toEqual({ name: 'static', limitsByTask: { extract: { durationMs: { max: 10_000 } } } });
    expect(errorCode(() => baselineStages({ slaMs: 0 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => baselineStages({ slaMsByTask: { extract: -1 } }))).toBe('INVALID_OPTION');
    expect(errorCode(() => baselineStages({ slaMsByTask: 5 as never }))).toBe('INVALID_OPTION');
    expect(errorCode(() => baselineStages({ slaMsByTask: {} }))).toBe('INVALID_OPTION'); // no limit at all
  });

  it('holds each task to its own SLA in a monitor, others to the global one', () => {
    const stages = [stageNamed(baselineStages({ slaMs: 120_000, slaMsByTask: { extract: 10_000, load: 60_000 } }), 'static')];
    const monitor = createMonitor({ stages });
    const flagged = (taskKey: string, durationS: number, i: number): boolean => taskRun(monitor, { runId: `r${i}`, startS: 600 * i, durationS, taskKey }).succeeded.isAnomaly;
    expect(flagged('extract', 20, 0)).toBe(true); // over its 10 s
    expect(flagged('load', 20, 1)).toBe(false); // within its 60 s
    expect(flagged('load', 90, 2)).toBe(true);
    expect(flagged('report', 90, 3)).toBe(false); // no entry: the global 120 s
    expect(flagged('report', 150, 4)).toBe(true);
    const verdict = taskRun(monitor, { runId: 'r5', startS: 3000, durationS: 30, taskKey: 'extract' }).succeeded;
    expect(verdict.reasons[0]?.message).toBe('durationMs 30.0s exceeds its limit 10.0s (3.0×)');
  });
});

describe('statsStage', () => {
  it('builds each named detector over every feature at its conventional cut-off, two-sided', () => {
    const cutoffs = { ewma: 4, 'robust-z': 4.5, seasonal: 4, shesd: 1, cusum: 5, iqr: 1.5, 'n-x-median': 3, 'hotelling-t2': 3 };
    for (const name of STATS_STAGE_NAMES) {
      const stage = statsStage(name);
      expect(stage.detector.name).toBe(name);
      expect(stage.detector.getConfig().options.features).toEqual(['*']);
      expect(stage.detector.getConfig().options.direction).toBe(name === 'n-x-median' || name === 'hotelling-t2' ? undefined : 'both');
      expect((stage.calibrator as CutoffCalibrator).options.cutoff).toBe(cutoffs[name]);
      expect(stage.threshold?.value).toBe(0.5);
    }
    expect(statsStage('ewma', { features: ['pressure'] }).detector.getConfig().options.features).toEqual(['pressure']);
    expect(errorCode(() => statsStage('lstm'))).toBe('INVALID_OPTION');
  });
});

/** 60 runs of one task, 10 minutes apart: durations ~10 s and queue waits ~30 s, log-normal sd 0.1. */
function warmUp(monitor: Monitor, seed = 17): void {
  const rng = createRandom(seed);
  for (let i = 0; i < 60; i++) {
    const { running, succeeded } = taskRun(monitor, { runId: `r${i}`, startS: i * 600, queueS: 30 * Math.exp(0.1 * rng.normal()), durationS: 10 * Math.exp(0.1 * rng.normal()) });
    if (i > 50) expect([running.isAnomaly, succeeded.isAnomaly]).toEqual([false, false]);
  }
}

describe('presets in a monitor', () => {
  it('learn a task, flag a 10x duration with explained reasons, and survive a snapshot', () => {
    const monitor = createMonitor({ stages: allStatsStages({ slaMs: 120_000 }) });
    warmUp(monitor);
    const slow = taskRun(monitor, { runId: 'r60', startS: 36_000, queueS: 30, durationS: 100 }).succeeded;
    expect(slow.isAnomaly).toBe(true);
    const detectors = slow.reasons.map((r) => r.detector);
    expect(detectors).toEqual(expect.arrayContaining(['seasonal', 'shesd', 'cusum', 'n-x-median', 'iqr']));
    expect(detectors).not.toContain('static'); // 100 s is within the 120 s SLA
    expect(detectors).not.toContain('robust-z'); // the fallback is silent once seasonal judges
    const seasonal = slow.reasons.find((r) => r.detector === 'seasonal');
    expect(seasonal?.feature).toBe('durationMs');
    expect(seasonal?.kind).toBe('above-baseline');

    const copy = createMonitor({ stages: allStatsStages({ slaMs: 120_000 }) });
    copy.restore(JSON.parse(JSON.stringify(monitor.snapshot())));
    const a = taskRun(monitor, { runId: 'r61', startS: 36_600, queueS: 30, durationS: 11 }).succeeded;
    const b = taskRun(copy, { runId: 'r61', startS: 36_600, queueS: 30, durationS: 11 }).succeeded;
    expect(b.score).toBe(a.score);
    expect(b.isAnomaly).toBe(a.isAnomaly);
  });

  it('the default suite does not flag a queue wait or a run far below baseline, and flags one far above', () => {
    const monitor = createMonitor({ stages: defaultStages() });
    const twoSided = createMonitor({ stages: [statsStage('robust-z', { features: TIMING_FEATURES })] });
    warmUp(monitor);
    warmUp(twoSided);
    const queued = taskRun(monitor, { runId: 'r60', startS: 36_000, queueS: 300, durationS: 10 }).running;
    expect(queued.isAnomaly).toBe(true); // queued 10x too long
    expect(queued.reasons.map((r) => r.detector).sort()).toEqual(['seasonal']);
    expect(queued.reasons.every((r) => r.feature === 'queueWaitMs' && r.kind === 'above-baseline')).toBe(true);
    taskRun(twoSided, { runId: 'r60', startS: 36_000, queueS: 300, durationS: 10 });
    const fast = taskRun(monitor, { runId: 'r61', startS: 36_600, queueS: 0.3, durationS: 1 });
    expect(fast.running.isAnomaly).toBe(false); // queue wait 0.3 s against ~30 s
    expect(fast.running.reasons).toEqual([]);
    expect(fast.succeeded.isAnomaly).toBe(false); // a 1 s run against ~10 s
    const control = taskRun(twoSided, { runId: 'r61', startS: 36_600, queueS: 0.3, durationS: 1 });
    expect([control.running.isAnomaly, control.succeeded.isAnomaly]).toEqual([true, true]); // a two-sided robust z pages for both
  });

  it('flag the third failed attempt of a run through failure-burst, not the second', () => {
    const monitor = createMonitor({ stages: defaultStages() });
    /** One failed attempt of `taskKey` in run `runId` (QUEUED, RUNNING, FAILED); the FAILED verdict. */
    const fail = (runId: string, taskKey: string, at: number): Verdict => {
      monitor.observe(taskEvent('QUEUED', at, runId, taskKey));
      monitor.observe(taskEvent('RUNNING', at + 1, runId, taskKey));
      return monitor.observe(taskEvent('FAILED', at + 5, runId, taskKey));
    };
    // Runs with a single failure each: runFailures = 1, never a burst.
    for (let i = 0; i < 30; i++) {
      const v = fail(`r${i}`, ['a', 'b', 'c'][i % 3]!, i * 600);
      expect(v.features.runFailures).toBe(1);
      expect(v.reasons.some((r) => r.detector === 'failure-burst')).toBe(false);
    }
    const byBurst = (v: Verdict): boolean => v.reasons.some((r) => r.detector === 'failure-burst');
    const first = fail('burst', 'a', 30 * 600);
    const second = fail('burst', 'b', 30 * 600 + 60);
    const third = fail('burst', 'c', 30 * 600 + 120);
    expect(third.features.runFailures).toBe(3);
    expect([byBurst(first), byBurst(second), byBurst(third)]).toEqual([false, false, true]);
    expect(third.reasons.find((r) => r.detector === 'failure-burst')?.message).toBe('runFailures 3 reaches its limit 3 (1.0×)');
  });
});
