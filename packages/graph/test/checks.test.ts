import { describe, expect, it } from 'vitest';
import { EdgePropagation, MULTI_Z_FEATURES, measurementVector, NoveltyBank, checkRunConsistency, definitionFromAdjacency, forecastImpact, learnDefinition, readWfFormat, readFlowBench, templateOf } from '../src/index';
import { dataset } from '../../../test/datasets';
import { diamondRuns } from './fixtures';

describe('consistency against the definition', () => {
  it('finds a task started before its upstream finished, unknown and missing tasks, and cycles', () => {
    const [run] = diamondRuns(1);
    const definition = learnDefinition(diamondRuns(3));
    expect(checkRunConsistency(run!, definition)).toEqual([]);
    const early = { ...run!, tasks: run!.tasks.map((t, i) => (i === 3 ? { ...t, startedAt: (t.startedAt as number) - 30 } : t)) };
    const v = checkRunConsistency(early, definition);
    expect(v.map((x) => [x.kind, x.taskId, x.weight])).toContainEqual(['precedence', 'merge_ID04', 1]);
    const odd = { ...run!, tasks: [...run!.tasks.slice(0, 3), { ...run!.tasks[3]!, id: 'rogue_ID09' }] };
    const kinds = checkRunConsistency(odd, definitionFromAdjacency({ prep_ID01: ['work_ID02', 'work_ID03'], work_ID02: ['merge_ID04'], work_ID03: ['merge_ID04'] })).map((x) => `${x.kind}:${x.taskId}`);
    expect(kinds).toEqual(expect.arrayContaining(['unknown-task:rogue_ID09', 'missing-task:merge_ID04']));
    const cyclic = { ...run!, edges: [...run!.edges, [3, 0] as const] };
    expect(checkRunConsistency(cyclic).map((x) => x.kind)).toContain('cycle');
  });
});

describe('novelty', () => {
  it('is 0 for a run seen before, higher for a different shape, NaN for an empty bank', () => {
    const bank = new NoveltyBank({ capacity: 2 });
    expect(bank.novelty('w', Float32Array.of(1, 0))).toBeNaN();
    bank.add('w', Float32Array.of(1, 0));
    expect(bank.novelty('w', Float32Array.of(2, 0))).toBeCloseTo(0);
    expect(bank.novelty('w', Float32Array.of(0, 1))).toBeCloseTo(1);
    expect(bank.novelty('w', Float32Array.of(1, 1))).toBeCloseTo(1 - Math.SQRT1_2);
  });
});

describe('edge propagation', () => {
  it('learns a strong weight on an edge whose trouble propagates and a weak one where it does not', () => {
    const runs = diamondRuns(40);
    const prop = new EdgePropagation({ smoothing: 1 });
    // prep -> work_ID02 always propagates; prep -> work_ID03 never.
    runs.forEach((run, r) => {
      const bad = r % 4 === 0 ? 1 : 0;
      prop.learn(run, [bad, bad, 0, 0]);
    });
    const strong = prop.weight('diamond', 'prep_ID01', 'work_ID02') as number;
    const weak = prop.weight('diamond', 'prep_ID01', 'work_ID03') as number;
    expect(strong).toBeGreaterThan(0.8);
    expect(weak).toBeLessThan(0.2);
    const impact = forecastImpact(runs[0]!, 0, 1, prop);
    expect(impact[0]?.taskId).toBe('work_ID02');
    expect(impact.find((i) => i.taskId === 'work_ID03')?.risk ?? 0).toBeLessThan(0.2);
  });
});

describe('readers', () => {
  it('reads a WfFormat 1.5 instance with its DAG and reconstructed start times', () => {
    const run = readWfFormat(dataset('wfinstances', 'bacass-dirt02-001.json'));
    expect(run.tasks).toHaveLength(11);
    expect(run.edges).toHaveLength(14);
    expect(checkRunConsistency(run)).toEqual([]);
    expect(templateOf('NFCORE_BACASS.BACASS.SKEWER_1')).toBe('NFCORE_BACASS.BACASS.SKEWER');
  });

  it('rejects a file that is not WfFormat with a ValidationError', () => {
    expect(() => readWfFormat(dataset('flowbench', 'somospie.json'))).toThrow(expect.objectContaining({ name: 'ValidationError', code: 'INVALID_INPUT' }));
  });

  it('reads the Flow-Bench eht_difmap zip: 33 jobs per run, labels kept apart', () => {
    const data = readFlowBench(dataset('flowbench', 'eht_difmap.zip'), dataset('flowbench', 'eht_difmap.json'));
    expect(data.runs.length).toBe(501);
    const run = data.runs[0]!;
    expect(run.tasks).toHaveLength(33);
    expect(run.edges.length).toBe(59);
    expect(data.labels.get(run.runId)).toHaveLength(33);
    expect(Object.keys(run.tasks[1]!)).not.toContain('label');
    // Kickstart's online statistics arrive as resource features, in the multi-feature z's vector after cpu_utilisation.
    const job = run.tasks.find((t) => t.id === 'difmapp_ID0000022')!;
    expect(job.measurements).toMatchObject({ system_time: 0.4, user_time: 0.3, io_wait: 0, bytes_read: 963030, write_calls: 15428, cpu_time: 0.7, runtime: 84 });
    const v = measurementVector(job);
    expect(v).toHaveLength(MULTI_Z_FEATURES.length);
    expect(v[MULTI_Z_FEATURES.indexOf('cpu_utilisation')]).toBeCloseTo(Math.log1p(0.7 / 84), 6);
    expect(v[MULTI_Z_FEATURES.indexOf('system_time')]).toBeCloseTo(Math.log1p(0.4), 6);
    expect(v[MULTI_Z_FEATURES.indexOf('write_calls')]).toBeCloseTo(Math.log1p(15428), 2);
    // An auxiliary job has no online statistics: NaN, a missing value.
    expect(Number.isNaN(measurementVector(run.tasks.find((t) => t.id.startsWith('create_dir'))!)[MULTI_Z_FEATURES.indexOf('system_time')])).toBe(true);
  });
});
