import { describe, expect, it } from 'vitest';
import { TemplateFeatureZScore, TemplateVectorZ, TemplateZScore, poolByHost, rankAverage, type RunGraph } from '../src/index';
import { diamondRuns } from './fixtures';

const withHosts = (runs: RunGraph[]): RunGraph[] => runs.map((r) => ({ ...r, tasks: r.tasks.map((t, i) => ({ ...t, host: i === 0 ? 'submit' : i === 3 ? 'w2' : 'w1' })) }));

describe('TemplateVectorZ', () => {
  it('scores a deviation in either direction and ignores missing values', () => {
    const runs = diamondRuns(30);
    const fit = runs.slice(0, 20);
    const z = new TemplateVectorZ(2).fit(fit, fit.map((r) => Float32Array.from(r.tasks.flatMap((t) => [Math.log(t.measurements.runtime as number), Number.NaN]))));
    const probe = runs[25] as RunGraph;
    const base = Float32Array.from(probe.tasks.flatMap((t) => [Math.log(t.measurements.runtime as number), Number.NaN]));
    const fast = base.slice();
    fast[2] = (fast[2] as number) - Math.log(4); // task 1 four times faster
    const slow = base.slice();
    slow[2] = (slow[2] as number) + Math.log(4);
    const s0 = z.score(probe, base);
    for (const v of [fast, slow]) {
      const s = z.score(probe, v);
      expect(s[1]).toBeGreaterThan(9 * Math.max(...s0));
      expect(s[0]).toBeCloseTo(s0[0] as number, 6);
    }
    expect(() => z.score(probe, new Float32Array(3))).toThrow(/4 x 2 values/);
  });

  it('pools signed z over the run\'s tasks on one host', () => {
    const [run] = withHosts(diamondRuns(1));
    const pooled = poolByHost(run as RunGraph, Float32Array.from([5, 1, 3, 7]), 1);
    expect([...pooled]).toEqual([5, 2, 2, 7]);
  });
});

describe('TemplateFeatureZScore', () => {
  it('finds a job whose CPU use collapsed although its runtime is normal, which the runtime baseline misses', () => {
    const runs = diamondRuns(40).map((r) => ({ ...r, tasks: r.tasks.map((t) => ({ ...t, measurements: { ...t.measurements, cpu_time: 0.9 * (t.measurements.runtime as number) } })) }));
    const victim = runs[35] as RunGraph;
    const t1 = victim.tasks[1] as RunGraph['tasks'][number];
    const tasks = victim.tasks.map((t, i) => (i === 1 ? { ...t1, measurements: { ...t1.measurements, cpu_time: 0.1 * (t1.measurements.runtime as number) } } : t));
    const test = { ...victim, tasks };
    const multi = new TemplateFeatureZScore().fit(runs.slice(0, 30)).score(test);
    expect(Array.from(multi).indexOf(Math.max(...multi))).toBe(1);
    const runtimeOnly = new TemplateZScore().fit(runs.slice(0, 30)).score(test);
    expect(runtimeOnly[1]).toBeLessThan(3);
    expect(() => new TemplateFeatureZScore({ pool: 'node' as never })).toThrow(/pool/);
  });
});

describe('rankAverage', () => {
  it('averages ranks in [0, 1] with ties sharing their rank', () => {
    expect([...rankAverage([[1, 2, 3], [30, 10, 20]])]).toEqual([0.5, 0.25, 0.75]);
    expect([...rankAverage([[5, 5, 9]])]).toEqual([0.25, 0.25, 1]);
    expect(() => rankAverage([[1], [1, 2]])).toThrow(/equal length/);
  });
});

describe('column selection', () => {
  it('scores only the selected columns and rejects bad ones', () => {
    const runs = diamondRuns(20);
    const vec = (r: RunGraph, shift = 0): Float32Array => Float32Array.from(r.tasks.flatMap((t, i) => [Math.log(t.measurements.runtime as number), Math.log(t.measurements.queue_delay as number) + (i === 2 ? shift : 0)]));
    const onlyRuntime = new TemplateVectorZ(2, { select: [0] }).fit(runs.slice(0, 15), runs.slice(0, 15).map((r) => vec(r)));
    const probe = runs[17] as RunGraph;
    expect([...onlyRuntime.score(probe, vec(probe, 3))]).toEqual([...onlyRuntime.score(probe, vec(probe))]);
    expect(() => new TemplateVectorZ(2, { select: [2] })).toThrow(/column indexes/);
    expect(() => new TemplateFeatureZScore({ features: ['nope' as never] })).toThrow(/names among/);
  });
});
