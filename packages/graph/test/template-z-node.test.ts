import { describe, expect, it } from 'vitest';
import { StaticThreshold, createMonitor } from '@awad/core';
import { checkDetector } from '@awad/testkit';
import { GraphNodeDetector, TemplateFeatureZScore, replayScores, runEvents, type RunGraph } from '../src/index';
import { diamondRuns } from './fixtures';

// Diamond runs on three hosts; tasks 1 and 2 (template 'work', run one after the other) share host
// w1. cpu_time follows the runtime, except for the victim run's `hit` tasks, whose CPU time drops to
// `share` of the runtime (contention).
const HOSTS = ['submit', 'w1', 'w1', 'w2'];
const withCpu = (runs: RunGraph[], victim?: number, hit = [1, 2], share = 0.15): RunGraph[] =>
  runs.map((r, g) => ({ ...r, tasks: r.tasks.map((t, i) => ({ ...t, host: HOSTS[i] as string, measurements: { ...t.measurements, cpu_time: (g === victim && hit.includes(i) ? share : 0.8) * (t.measurements.runtime as number) } })) }));

const fitted = (calibrate: 'none' | 'tail', causal = false): TemplateFeatureZScore => new TemplateFeatureZScore({ pool: 'host', causal, features: ['cpu_time'], sides: ['low'], calibrate, combine: calibrate === 'tail' ? 'sum' : 'sumsq' }).fit(withCpu(diamondRuns(30)));

describe('GraphNodeDetector on a template-z state', () => {
  it('passes the testkit conformance checks', () => {
    const state = new TemplateFeatureZScore().fit(withCpu(diamondRuns(20))).z.toState();
    const report = checkDetector(() => new GraphNodeDetector(state), { memoryPoints: 5_000 });
    expect(report.failed).toEqual([]);
    expect(new GraphNodeDetector(state).name).toBe('graph-template-z');
  });

  it('scores each task live exactly as the batch score pooled over the peers that ended earlier', () => {
    // Fit causal, so that its tail tables hold what live pooling produces.
    const multi = fitted('tail', true);
    const state = JSON.parse(JSON.stringify(multi.z.toState()));
    const detector = new GraphNodeDetector(state);
    // Only task 1 loses CPU; task 2, on the same host and ending later, is pooled with it.
    const [run] = withCpu(diamondRuns(1, 9), 0, [1], 0.4);
    const probe = run as RunGraph;
    const live = [...replayScores(detector, probe)];
    const batch = multi.score(probe);
    live.forEach((s, i) => expect(s).toBeCloseTo(batch[i] as number, 4));
    const alone = new TemplateFeatureZScore({ ...multi.z.options, pool: 'none', features: ['cpu_time'] }).fit(withCpu(diamondRuns(30))).score(probe);
    expect(live[2] as number).toBeGreaterThan((alone[2] as number) + 1);
    expect(Math.min(live[1] as number, live[2] as number)).toBeGreaterThan(2 * Math.max(live[0] as number, live[3] as number));
  });

  it('reads resource features (system CPU time) live from the events\' metrics, as the batch score does', () => {
    const withSystem = (runs: RunGraph[], victim?: number): RunGraph[] =>
      runs.map((r, g) => ({ ...r, tasks: r.tasks.map((t, i) => ({ ...t, measurements: { ...t.measurements, system_time: (g === victim && i === 1 ? 0.1 : 0.5 + 0.01 * ((g * 7 + i) % 5)) * (t.measurements.runtime as number) } })) }));
    const multi = new TemplateFeatureZScore({ features: ['system_time'], sides: ['low'] }).fit(withSystem(diamondRuns(30)));
    const [probe] = withSystem(diamondRuns(1, 9), 0);
    const live = [...replayScores(new GraphNodeDetector(multi.z.toState()), probe as RunGraph)];
    const batch = multi.score(probe as RunGraph);
    live.forEach((v, i) => expect(v).toBeCloseTo(batch[i] as number, 4));
    expect(live[1] as number).toBeGreaterThan(3 * Math.max(live[0] as number, live[2] as number, live[3] as number));
  });

  it('ranks the tasks of the host that lost its CPU above every other task inside a monitor', () => {
    // A threshold of 0 makes every judged point carry its stage's raw score in the verdict. Not
    // calibrated: a tail table caps the surprise at log(fit tasks + 1), so ranks would tie there.
    const monitor = createMonitor({ stages: [{ name: 'template-z', detector: new GraphNodeDetector(fitted('none').z.toState(), { warmup: 5 }), threshold: new StaticThreshold(0) }] });
    const raw = new Map<string, number>();
    withCpu(diamondRuns(12, 4), 11).forEach((run, r) => {
      const shifted = { ...run, tasks: run.tasks.map((t) => ({ ...t, startedAt: (t.startedAt as number) + r * 3600, endedAt: (t.endedAt as number) + r * 3600 })) };
      for (const e of runEvents(shifted)) {
        const v = monitor.observe(e);
        const reason = v.reasons.find((x) => x.detector === 'template-z');
        if (e.state === 'SUCCEEDED' && reason?.rawScore !== undefined) raw.set(`${r}:${e.task.key}`, reason.rawScore);
      }
    });
    expect(raw.size).toBe(48);
    const victim = [raw.get('11:work_ID02') as number, raw.get('11:work_ID03') as number];
    const others = [...raw].filter(([k]) => k !== '11:work_ID02' && k !== '11:work_ID03').map(([, v]) => v);
    expect(Math.min(...victim)).toBeGreaterThan(Math.max(...others));
  });
});
