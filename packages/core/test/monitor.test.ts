import { describe, expect, it, vi } from 'vitest';
import { ValidationError, createMonitor, type AwadError, type MonitorOptions, type Verdict } from '../src/index';
import { ToyDetector, at, ev, taskRun, zCalibrator } from './helpers';

const stages = (extra: Partial<MonitorOptions> = {}): MonitorOptions => ({ stages: [{ detector: new ToyDetector(), calibrator: zCalibrator }], ...extra });

/** 20 normal runs of ~10 s (9-11 s), so the toy detector has a baseline. */
function warm(monitor: ReturnType<typeof createMonitor>, runs = 20): void {
  for (let r = 0; r < runs; r++) for (const e of taskRun(`w${r}`, r * 100, 9 + (r % 3))) monitor.observe(e);
}

describe('createMonitor / observe', () => {
  it('returns a verdict per event and is not ready while warming up', () => {
    const monitor = createMonitor(stages());
    const [queued, running, done] = taskRun('r1', 0, 10).map((e) => monitor.observe(e));
    expect(queued?.ready).toBe(true); // nothing to score: rules judged it
    expect(done?.features).toEqual({ durationMs: 10_000, failed: 0 });
    expect(done?.ready).toBe(false);
    expect(running?.isAnomaly).toBe(false);
    warm(monitor);
    const v = taskRun('r2', 5000, 10).map((e) => monitor.observe(e))[2] as Verdict;
    expect(v.ready).toBe(true);
    expect(v.isAnomaly).toBe(false);
    expect(v.severity).toBe('none');
  });

  it('flags a slow task with its reason and feature, and emits verdict and anomaly', () => {
    const monitor = createMonitor(stages());
    warm(monitor);
    const seen: Verdict[] = [];
    const anomalies: Verdict[] = [];
    monitor.on('verdict', (v) => seen.push(v));
    monitor.on('anomaly', (v) => anomalies.push(v));
    const v = taskRun('slow', 5000, 60).map((e) => monitor.observe(e))[2] as Verdict;
    expect(v.isAnomaly).toBe(true);
    expect(v.severity).not.toBe('none');
    expect(v.reasons[0]).toMatchObject({ detector: 'toy', feature: 'durationMs', kind: 'above-baseline' });
    expect(seen).toHaveLength(3);
    expect(anomalies).toEqual([v]);
  });

  it('calls hooks, and a throwing hook is reported, not thrown', () => {
    const errors: AwadError[] = [];
    const onVerdict = vi.fn(() => {
      throw new Error('hook bug');
    });
    const monitor = createMonitor(stages({ hooks: { onVerdict, onError: ({ error }) => errors.push(error) } }));
    expect(() => monitor.observe(ev({ state: 'QUEUED', t: 0 }))).not.toThrow();
    expect(onVerdict).toHaveBeenCalledOnce();
    expect(errors[0]?.code).toBe('HOOK_FAILED');
  });

  it('a failing detector never throws into the caller: error event, verdict from the others', () => {
    const monitor = createMonitor({
      stages: [
        { detector: new ToyDetector({ name: 'fragile', failOn: 50_000 }), calibrator: zCalibrator },
        { detector: new ToyDetector({ name: 'sturdy' }), calibrator: zCalibrator },
      ],
    });
    warm(monitor);
    const errors: AwadError[] = [];
    monitor.on('error', (e) => errors.push(e));
    const v = taskRun('boom', 5000, 60).map((e) => monitor.observe(e))[2] as Verdict;
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe('DETECTOR_FAILED');
    expect(errors[0]?.message).toMatch(/"fragile"/);
    expect(v.isAnomaly).toBe(true);
    expect(v.reasons.map((r) => r.detector)).toEqual(['sturdy']);
  });

  it('throws a typed error on bad input and changes nothing', () => {
    const monitor = createMonitor(stages());
    warm(monitor, 5);
    const before = JSON.stringify(monitor.snapshot());
    expect(() => monitor.observe({ ...ev({ state: 'RUNNING', t: 1 }), occurredAt: 'never' })).toThrow(ValidationError);
    expect(JSON.stringify(monitor.snapshot())).toBe(before);
    expect(monitor.stats().events).toBe(15);
  });

  it('observeMany keeps the good events of a batch with a bad one', () => {
    const monitor = createMonitor(stages());
    const batch = [ev({ state: 'QUEUED', t: 0 }), { nope: true }, ev({ state: 'RUNNING', t: 1 })];
    const result = monitor.observeMany(batch);
    expect(result.verdicts).toHaveLength(2);
    expect(result.errors.map((e) => [e.index, e.error.code])).toEqual([[1, 'MISSING_FIELD']]);
  });

  it('is idempotent on eventId: a repeated event is not learned twice', () => {
    const monitor = createMonitor(stages());
    const events = taskRun('r1', 0, 10);
    const first = events.map((e) => monitor.observe(e));
    const again = monitor.observe(events[2]);
    expect(again.duplicate).toBe(true);
    expect(again.id).toBe(first[2]?.id);
    expect(monitor.stats().events).toBe(3);
    const detector = monitor.store.peek([...monitor.store.keys()][0]!)!.detectors[0] as ToyDetector;
    expect(detector.n).toBe(1);
  });

  it('protects the baseline: an anomalous point is not learned until the streak says the level moved', () => {
    const monitor = createMonitor(stages({ adaptAfter: 3 }));
    warm(monitor);
    const detector = () => monitor.store.peek([...monitor.store.keys()][0]!)!.detectors[0] as ToyDetector;
    const n0 = detector().n;
    const flags = [0, 1, 2, 3, 4].map((k) => (taskRun(`shift${k}`, 9000 + k * 200, 60).map((e) => monitor.observe(e))[2] as Verdict).isAnomaly);
    expect(flags.slice(0, 3)).toEqual([true, true, true]);
    // The first 3 flagged points were protected; from the 4th the series adapts and learns.
    expect(detector().n).toBe(n0 + 2);
  });

  it('still lets a sequential detector (learnsAnomalies) learn a protected point', () => {
    class Sequential extends ToyDetector {
      readonly learnsAnomalies = true;
      override clone(): Sequential {
        return new Sequential(this.options);
      }
    }
    const monitor = createMonitor({
      stages: [
        { detector: new ToyDetector({ name: 'plain' }), calibrator: zCalibrator },
        { detector: new Sequential({ name: 'sequential' }), calibrator: zCalibrator },
      ],
    });
    warm(monitor);
    const [plain, sequential] = monitor.store.peek([...monitor.store.keys()][0]!)!.detectors as ToyDetector[];
    const before = [plain!.n, sequential!.n];
    expect((taskRun('slow', 9000, 80).map((e) => monitor.observe(e))[2] as Verdict).isAnomaly).toBe(true);
    expect([plain!.n, sequential!.n]).toEqual([before[0], before[1]! + 1]);
  });

  it('a fallback stage judges only while the stage it stands in for cannot', () => {
    const monitor = createMonitor({
      stages: [
        { detector: new ToyDetector({ name: 'slow-to-warm', warmup: 15 }), calibrator: zCalibrator },
        { detector: new ToyDetector({ name: 'quick', warmup: 5 }), calibrator: zCalibrator, fallbackFor: 'slow-to-warm' },
      ],
    });
    warm(monitor, 8); // quick is warm, slow-to-warm is not
    const early = taskRun('early', 2000, 60).map((e) => monitor.observe(e))[2] as Verdict;
    expect(early.reasons.map((r) => r.detector)).toEqual(['quick']);
    warm(monitor, 20);
    const later = taskRun('later', 9000, 60).map((e) => monitor.observe(e))[2] as Verdict;
    expect(later.reasons.map((r) => r.detector)).toEqual(['slow-to-warm']);
    expect(() => createMonitor({ stages: [{ detector: new ToyDetector(), fallbackFor: 'nobody' }] })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });

  it('reports rule violations as certain reasons: a task started before its upstream finished', () => {
    const monitor = createMonitor(stages());
    monitor.observe(ev({ state: 'RUNNING', t: 0, task: 'a' }));
    const v = monitor.observe(ev({ state: 'RUNNING', t: 1, task: 'b', upstream: ['a'] }));
    expect(v.isAnomaly).toBe(true);
    expect(v.reasons[0]).toMatchObject({ detector: 'consistency', kind: 'precedence', score: 1 });
    expect(createMonitor({ ...stages(), rules: false }).observe(ev({ state: 'RUNNING', t: 1, task: 'b', upstream: ['a'] })).isAnomaly).toBe(false);
  });

  it('reports downstream tasks at risk for an anomaly', () => {
    const monitor = createMonitor(stages());
    warm(monitor);
    monitor.observe(ev({ state: 'QUEUED', t: 5000, runId: 'dag', task: 'load', upstream: ['extract'] }));
    monitor.observe(ev({ state: 'QUEUED', t: 5000, runId: 'dag', task: 'report', upstream: ['load'] }));
    const v = taskRun('dag', 5000, 60).map((e) => monitor.observe(e))[2] as Verdict;
    expect(v.impact?.map((i) => i.taskKey)).toEqual(['load', 'report']);
    expect(v.impact?.[0]?.risk).toBeCloseTo(0.5 * v.score, 10);
    expect(v.impact?.[1]?.risk).toBeCloseTo(0.25 * v.score, 10);
  });

  it('bounds the number of tracked series (LRU)', () => {
    const monitor = createMonitor(stages({ maxSeries: 3 }));
    for (let k = 0; k < 10; k++) for (const e of taskRun(`r${k}`, k, 5, { task: `t${k}` })) monitor.observe(e);
    expect(monitor.stats().series).toBe(3);
    expect([...monitor.store.keys()].map((key) => key.split('\u001f')[1])).toEqual(['t9', 't8', 't7']);
  });
});

describe('monitor.tick', () => {
  it('reports a task running far longer than its baseline once per severity level', () => {
    const monitor = createMonitor(stages());
    warm(monitor);
    monitor.observe(ev({ state: 'QUEUED', t: 5000, runId: 'stuck' }));
    monitor.observe(ev({ state: 'RUNNING', t: 5001, runId: 'stuck' }));
    expect(monitor.tick(at(5011))).toEqual([]); // 10 s: normal
    const first = monitor.tick(at(5021));
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ origin: 'tick', taskRunId: 'stuck/extract', isAnomaly: true });
    expect(first[0]?.reasons[0]?.kind).toBe('stuck');
    expect(monitor.tick(at(5022))).toEqual([]); // same level: not repeated
    const later = monitor.tick(at(9000));
    expect(later.every((v) => v.severity === 'high')).toBe(true);
    monitor.observe(ev({ state: 'SUCCEEDED', t: 9001, runId: 'stuck' }));
    expect(monitor.tick(at(20000))).toEqual([]); // finished: no longer stuck
  });

  it('does not call a task stuck just because it started a moment ago', () => {
    const monitor = createMonitor(stages());
    warm(monitor);
    monitor.observe(ev({ state: 'RUNNING', t: 5000, runId: 'fresh' }));
    expect(monitor.tick(at(5000.1))).toEqual([]);
  });
});

describe('monitor snapshot', () => {
  it('a restored monitor gives the same verdicts as the original', () => {
    const a = createMonitor(stages());
    warm(a);
    monitor_in_flight(a);
    const b = createMonitor(stages());
    b.restore(JSON.parse(JSON.stringify(a.snapshot())));
    const rest = [...taskRun('x1', 9000, 11), ...taskRun('x2', 9100, 70), ev({ state: 'SUCCEEDED', t: 9200, runId: 'inflight' })];
    const strip = (v: Verdict) => ({ ...v });
    expect(rest.map((e) => strip(b.observe(e)))).toEqual(rest.map((e) => strip(a.observe(e))));
  });

  it('refuses a snapshot from a monitor with other stages, and stays as it was', () => {
    const a = createMonitor(stages());
    warm(a, 3);
    const b = createMonitor({ stages: [{ name: 'other', detector: new ToyDetector() }] });
    expect(() => b.restore(a.snapshot())).toThrow(expect.objectContaining({ code: 'INVALID_SNAPSHOT' }));
    expect(b.stats().series).toBe(0);
  });
});

function monitor_in_flight(m: ReturnType<typeof createMonitor>): void {
  m.observe(ev({ state: 'QUEUED', t: 8000, runId: 'inflight' }));
  m.observe(ev({ state: 'RUNNING', t: 8001, runId: 'inflight' }));
}
