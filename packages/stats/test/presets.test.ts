// The presets' semantics through their calibrator and threshold, and a live monitor run.
import { createMonitor, createRandom, type Features, type StageSpec, type TaskState, type TaskStateChange } from '@awad/core';
import { describe, expect, it } from 'vitest';
import { allStatsStages, baselineStages, CutoffCalibrator, defaultStages, METRIC_FEATURES, STATS_STAGE_NAMES, statsStage, TIMING_FEATURES } from '../src/index';
import { errorCode } from './helpers';

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

describe('defaultStages', () => {
  it('has the documented stages, feature sets and names', () => {
    expect(defaultStages().map((s) => s.detector.name)).toEqual(['ewma', 'robust-z', 'seasonal', 'shesd', 'cusum', 'retries', 'failures']);
    expect(stageNamed(defaultStages(), 'ewma').detector.getConfig().options.features).toEqual([...TIMING_FEATURES, ...METRIC_FEATURES]);
    expect(stageNamed(defaultStages(), 'shesd').detector.getConfig().options.features).toEqual(TIMING_FEATURES);
    expect(allStatsStages({ slaMs: 1000 }).map((s) => s.detector.name)).toEqual([
      'ewma', 'robust-z', 'seasonal', 'shesd', 'cusum', 'retries', 'failures', 'n-x-median', 'iqr', 'static',
    ]);
    expect(defaultStages()[0]!.detector).not.toBe(defaultStages()[0]!.detector); // fresh each call
  });

  it('retries: attempt 3 on a task that never retries flags, attempt 2 does not', () => {
    const retries = stageNamed(defaultStages(), 'retries');
    const history = new Array(40).fill({ attempt: 1 });
    expect(flags(retries, history, { attempt: 3 })).toBe(true); // z = 2 / 0.5 = 4 = cut-off
    expect(flags(retries, history, { attempt: 2 })).toBe(false); // z = 2
  });

  it('failures: the first failure of a task that never fails flags, a 10% failure rate does not', () => {
    const failures = stageNamed(defaultStages(), 'failures');
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

describe('baselineStages', () => {
  it('n-x-median flags 3x the median; iqr flags from Q3 + 1.5 IQR', () => {
    const [nxm, iqr] = baselineStages();
    const runs = [8, 9, 10, 11, 12].map((s) => ({ durationMs: s * 1000 }));
    expect(flags(nxm!, runs, { durationMs: 30_000 })).toBe(true);
    expect(flags(nxm!, runs, { durationMs: 29_000 })).toBe(false);
    // 1..8 s: Q3 = 6.25 s, IQR = 3.5 s: the fence is 11.5 s
    const eight = [5, 3, 8, 1, 7, 2, 6, 4].map((s) => ({ durationMs: s * 1000 }));
    expect(flags(iqr!, eight, { durationMs: 11_500 })).toBe(true);
    expect(flags(iqr!, eight, { durationMs: 11_400 })).toBe(false);
  });

  it('adds a static SLA stage only when slaMs is given', () => {
    expect(baselineStages().map((s) => s.detector.name)).toEqual(['n-x-median', 'iqr']);
    const sla = stageNamed(baselineStages({ slaMs: 60_000 }), 'static');
    expect(flags(sla, [], { durationMs: 60_000 })).toBe(true);
    expect(flags(sla, [], { durationMs: 59_999 })).toBe(false);
    const both = stageNamed(baselineStages({ slaMs: { durationMs: 60_000, queueWaitMs: 5_000 } }), 'static');
    expect(both.detector.getConfig().options.limits).toEqual({ durationMs: { max: 60_000 }, queueWaitMs: { max: 5_000 } });
    expect(flags(both, [], { queueWaitMs: 6_000 })).toBe(true);
    expect(errorCode(() => baselineStages({ slaMs: 0 }))).toBe('INVALID_OPTION');
  });
});

describe('statsStage', () => {
  it('builds each named detector over every feature at its conventional cut-off', () => {
    const cutoffs = { ewma: 4, 'robust-z': 4.5, seasonal: 4, shesd: 1, cusum: 5, iqr: 1.5, 'n-x-median': 3, 'hotelling-t2': 3 };
    for (const name of STATS_STAGE_NAMES) {
      const stage = statsStage(name);
      expect(stage.detector.name).toBe(name);
      expect(stage.detector.getConfig().options.features).toEqual(['*']);
      expect((stage.calibrator as CutoffCalibrator).options.cutoff).toBe(cutoffs[name]);
      expect(stage.threshold?.value).toBe(0.5);
    }
    expect(statsStage('ewma', { features: ['pressure'] }).detector.getConfig().options.features).toEqual(['pressure']);
    expect(errorCode(() => statsStage('lstm'))).toBe('INVALID_OPTION');
  });
});

let eventCounter = 0;
const T0 = Date.UTC(2026, 0, 5, 8);

function event(state: TaskState, seconds: number, runId: string): TaskStateChange {
  return {
    specVersion: '1',
    eventId: `e${++eventCounter}`,
    source: { system: 'test' },
    occurredAt: new Date(T0 + seconds * 1000).toISOString(),
    state,
    task: { key: 'extract', runId: `${runId}/extract` },
    workflow: { key: 'etl', runId },
  };
}

/** QUEUED -> RUNNING -> SUCCEEDED, returning the verdict of the last event. */
function run(monitor: ReturnType<typeof createMonitor>, i: number, durationS: number) {
  const start = i * 600;
  monitor.observe(event('QUEUED', start, `r${i}`));
  monitor.observe(event('RUNNING', start + 1, `r${i}`));
  return monitor.observe(event('SUCCEEDED', start + 1 + durationS, `r${i}`));
}

describe('presets in a monitor', () => {
  it('learn a task, flag a 10x duration with explained reasons, and survive a snapshot', () => {
    const monitor = createMonitor({ stages: allStatsStages({ slaMs: 120_000 }) });
    const rng = createRandom(17);
    for (let i = 0; i < 60; i++) {
      const verdict = run(monitor, i, Math.round(10 * Math.exp(0.1 * rng.normal())));
      if (i > 50) expect(verdict.isAnomaly).toBe(false);
    }
    const slow = run(monitor, 60, 100);
    expect(slow.isAnomaly).toBe(true);
    const detectors = slow.reasons.map((r) => r.detector);
    expect(detectors).toEqual(expect.arrayContaining(['ewma', 'robust-z', 'shesd', 'n-x-median', 'iqr']));
    expect(detectors).not.toContain('static'); // 100 s is within the 120 s SLA
    const ewma = slow.reasons.find((r) => r.detector === 'ewma');
    expect(ewma?.feature).toBe('durationMs');
    expect(ewma?.kind).toBe('above-baseline');
    expect(ewma?.message).toMatch(/^durationMs 1m40s is \d+\.\d sd above its moving average \d+\.\ds$/);

    const copy = createMonitor({ stages: allStatsStages({ slaMs: 120_000 }) });
    copy.restore(JSON.parse(JSON.stringify(monitor.snapshot())));
    const a = run(monitor, 61, 11);
    const b = run(copy, 61, 11);
    expect(b.score).toBe(a.score);
    expect(b.isAnomaly).toBe(a.isAnomaly);
  });
});
