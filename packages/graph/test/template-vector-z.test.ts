import { describe, expect, it } from 'vitest';
import { ConfigError } from '@awad/core';
import { TemplateFeatureZScore, TemplateVectorZ, TemplateZScore, poolByHost, rankAverage, robustSpread, type RunGraph } from '../src/index';
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

describe('one-sided, calibrated and trimmed columns', () => {
  const runs = diamondRuns(40);
  const vec = (r: RunGraph): Float32Array => Float32Array.from(r.tasks.map((t) => Math.log(t.measurements.runtime as number)));
  const probe = runs[35] as RunGraph;
  const shifted = (by: number): Float32Array => Float32Array.from(vec(probe), (v, i) => (i === 1 ? v + by : v));

  it('counts only the side asked for', () => {
    const fit = runs.slice(0, 30);
    const high = new TemplateVectorZ(1, { sides: ['high'] }).fit(fit, fit.map(vec));
    const low = new TemplateVectorZ(1, { sides: ['low'] }).fit(fit, fit.map(vec));
    const both = new TemplateVectorZ(1).fit(fit, fit.map(vec));
    const faster = shifted(-Math.log(4));
    expect(high.score(probe, faster)[1]).toBe(0);
    expect(low.score(probe, faster)[1]).toBeGreaterThan(100);
    expect(both.score(probe, faster)[1]).toBeCloseTo(low.score(probe, faster)[1] as number, 3);
    expect(() => new TemplateVectorZ(1, { sides: ['up' as never] })).toThrow(/sides\[0\]/);
    expect(() => new TemplateVectorZ(2, { select: [0, 1], sides: ['high'] })).toThrow(/one side per selected column/);
  });

  it('calibrates a column into the surprise of its tail among the fit tasks, and survives JSON', () => {
    const fit = runs.slice(0, 30);
    const z = new TemplateVectorZ(1, { sides: ['high'], calibrate: 'tail', combine: 'sum' }).fit(fit, fit.map(vec));
    const typical = z.score(probe, vec(probe))[1] as number;
    const slower = z.score(probe, shifted(Math.log(4)))[1] as number;
    // Beyond every one of the 60 fit values of its template (tasks 1 and 2 are both 'work'): -log(1/61).
    expect(slower).toBeCloseTo(Math.log(61), 5);
    expect(typical).toBeLessThan(slower);
    const back = TemplateVectorZ.fromState(JSON.parse(JSON.stringify(z.toState())));
    expect([...back.score(probe, shifted(0.05))]).toEqual([...z.score(probe, shifted(0.05))]);
    expect(() => TemplateVectorZ.fromState({ kind: 'awad-template-vector-z', version: 2 })).toThrow(ConfigError);
    const broken = { ...z.toState(), templates: { work: { mean: [0], std: [1] } } };
    expect(() => TemplateVectorZ.fromState(broken)).toThrow(/tail table/);
  });

  it('trims anomalous fit values out of the spread, so the next anomaly stands out more', () => {
    const dirty = diamondRuns(40, 3).map((r, g) => (g % 4 === 0 ? { ...r, tasks: r.tasks.map((t, i) => (i === 1 ? { ...t, measurements: { ...t.measurements, runtime: (t.measurements.runtime as number) * 8 } } : t)) } : r));
    const fit = dirty.slice(0, 30);
    const plain = new TemplateVectorZ(1).fit(fit, fit.map(vec));
    const trimmed = new TemplateVectorZ(1, { robust: 'trim' }).fit(fit, fit.map(vec));
    const slow = shifted(Math.log(3));
    expect(trimmed.score(probe, slow)[1] as number).toBeGreaterThan(4 * (plain.score(probe, slow)[1] as number));
    expect(robustSpread([1, 1, 1, 1, 1, 1, 1, 1, 1, 50], 'trim').mean).toBeCloseTo(1, 6);
    expect(robustSpread([1, 1, 1, 1, 1, 1, 1, 1, 1, 50], 'none').mean).toBeCloseTo(5.9, 6);
  });

  it('pools only measured entries, and with causal only the peers that ended earlier', () => {
    const [run] = withHosts(diamondRuns(1));
    const pooled = poolByHost(run as RunGraph, Float32Array.from([5, Number.NaN, 3, 7]), 1);
    expect([...pooled]).toEqual([5, 0, 3, 7]);
    // Tasks 1 and 2 share host w1; the diamond's task 1 ends before task 2 in the fixture.
    const r = run as RunGraph;
    const [first, second] = (r.tasks[1]?.endedAt as number) <= (r.tasks[2]?.endedAt as number) ? [1, 2] : [2, 1];
    const z = Float32Array.from([0, 0, 0, 0]);
    z[first] = 4;
    z[second] = 2;
    const causal = poolByHost(r, z, 1, { causal: true });
    expect(causal[first]).toBe(4);
    expect(causal[second]).toBe(3);
  });
});
