import { beforeAll, describe, expect, it, vi } from 'vitest';
import { DetectorError, ValidationError, type TaskStateChange } from '@awad/core';
import { ensureBackend } from '@awad/tensor';
import { CHECK_NAMES, loadDefaultThresholdPolicy, WorkflowChecks, WorkflowThresholds, workflowSimulation, workflowStream, type DecodedPolicyFile, type WorkflowRunVerdict } from '../src/index';

/** A simulated workflow's events in time order, and which of its runs the stream scores (with their labels). */
function simulated(seed: number, days = 3) {
  const { sim, excluded } = workflowSimulation({ seed, days });
  const events = sim.steps.flatMap((s) => (s.type === 'event' ? [s.event] : []));
  const label = (runId: string): number | undefined => {
    const truth = sim.truth.get(runId);
    return truth === undefined || !truth.evaluated || excluded.has(truth.runId) ? undefined : truth.kind === null ? 0 : 1;
  };
  return { events, label };
}

const ev = (over: Partial<TaskStateChange> & Pick<TaskStateChange, 'state' | 'occurredAt'>, attempt = 1): TaskStateChange => ({
  specVersion: '1',
  eventId: `e-${over.state}-${over.occurredAt}`,
  source: { system: 'test' },
  task: { key: 'load', runId: 'r1', attempt },
  workflow: { key: 'etl', runId: 'w1' },
  ...over,
});

describe('WorkflowThresholds (per-workflow adaptive thresholds on task state changes)', () => {
  let shipped: DecodedPolicyFile;
  beforeAll(async () => {
    await ensureBackend({ backend: 'wasm' });
    shipped = await loadDefaultThresholdPolicy();
  });

  it('computes, live, the checks the policy was meta-trained on: the rows of the workflow stream, run for run', () => {
    const { events, label } = simulated(7);
    const live = new WorkflowThresholds({ policy: shipped, readaptEvery: 0 });
    const verdicts = [...events.flatMap((e) => live.observe(e)), ...live.flush()];
    const scored = verdicts.filter((v) => label(v.taskRunId) !== undefined);
    const stream = workflowStream({ seed: 7, days: 3 });
    expect(scored.length).toBe(stream.length);
    expect(scored.flatMap((v) => CHECK_NAMES.map((n) => v.checks[n]))).toEqual(Array.from(stream.checks));
    expect(scored.map((v) => label(v.taskRunId))).toEqual(Array.from(stream.labels));
    // Every ended run gets one verdict, with where it came from.
    expect(new Set(verdicts.map((v) => v.taskRunId)).size).toBe(verdicts.length);
    expect(verdicts[0]).toMatchObject({ workflowKey: 'wf-7', adaptations: 0 });
    expect(live.workflowKeys).toEqual(['wf-7']);
    live.dispose();
  });

  it('adapts each workflow on its own labels: another workflow interleaved changes none of its verdicts', () => {
    const a = simulated(7);
    const b = simulated(8);
    const merged = [...a.events, ...b.events].map((e, i) => ({ e, i, t: Date.parse(e.occurredAt) })).sort((x, y) => x.t - y.t || x.i - y.i).map((x) => x.e);
    const run = (events: readonly TaskStateChange[]): WorkflowRunVerdict[] => {
      const live = new WorkflowThresholds({ policy: shipped, readaptEvery: 200, minLabelled: 100 });
      const out: WorkflowRunVerdict[] = [];
      for (const e of events) {
        for (const v of live.observe(e)) {
          out.push(v);
          // The operator labels the runs the stream scores, right after each verdict.
          const y = (v.workflowKey === 'wf-7' ? a : b).label(v.taskRunId);
          if (y !== undefined) expect(live.feedback(v.taskRunId, y === 1)).toBe(true);
        }
      }
      out.push(...live.flush());
      live.dispose();
      return out;
    };
    const alone = run(a.events);
    const together = run(merged);
    const pick = (vs: readonly WorkflowRunVerdict[]) => vs.filter((v) => v.workflowKey === 'wf-7').map((v) => [v.taskRunId, v.alert, v.threshold, v.enabled.join(','), v.adaptations]);
    expect(pick(together)).toEqual(pick(alone));
    expect(Math.max(...alone.map((v) => v.adaptations))).toBeGreaterThan(0);
    expect(together.some((v) => v.workflowKey === 'wf-8' && v.adaptations > 0)).toBe(true);
  });

  it('with adaptInWorker, observe never waits for an adaptation: the worker adapts while events go on', async () => {
    const { events, label } = simulated(7);
    const live = new WorkflowThresholds({ policy: shipped, readaptEvery: 200, minLabelled: 100, adaptInWorker: true });
    for (const e of events) {
      for (const v of live.observe(e)) {
        expect(v.adaptations).toBe(0);
        const y = label(v.taskRunId);
        if (y !== undefined) live.feedback(v.taskRunId, y === 1);
      }
    }
    // The replay is synchronous, so the one adaptation it started lands after it.
    await live.settled();
    expect(live.policyOf('wf-7')?.snapshot().adaptations).toBe(1);
    live.dispose();
  });

  it('takes feedback once per verdict by task run id, and refuses malformed input with a ValidationError that changes nothing', () => {
    const live = new WorkflowThresholds({ policy: shipped, readaptEvery: 0 });
    expect(live.observe(ev({ state: 'RUNNING', occurredAt: '2026-01-01T00:00:00Z' }))).toEqual([]);
    const [v] = live.observe(ev({ state: 'SUCCEEDED', previousState: 'RUNNING', occurredAt: '2026-01-01T00:00:05Z' }));
    expect(v).toMatchObject({ taskRunId: 'r1', taskKey: 'load', workflowKey: 'etl', workflowRunId: 'w1', state: 'SUCCEEDED' });
    expect(live.feedback('r1', false)).toBe(true);
    expect(live.feedback('r1', true)).toBe(false);
    expect(live.feedback('nope', true)).toBe(false);
    expect(live.policyOf('etl')?.labelled).toBe(1);
    expect(() => live.feedback(42 as never, true)).toThrow(ValidationError);
    expect(() => live.observe({ ...ev({ state: 'SUCCEEDED', occurredAt: 'yesterday' }), workflow: { key: 'other', runId: 'w2' } })).toThrow(ValidationError);
    expect(live.workflowKeys).toEqual(['etl']);
    expect(() => new WorkflowThresholds({ policy: shipped, maxWorkflows: 0 })).toThrow(/maxWorkflows/);
    expect(() => new WorkflowThresholds({ policy: { ...shipped, kind: 'nope' } as never })).toThrow(ValidationError);
    live.dispose();
  });

  it('keeps at most maxWorkflows, dropping the least recently seen, and reports a failure on onError instead of throwing', () => {
    const errors: DetectorError[] = [];
    const live = new WorkflowThresholds({ policy: shipped, readaptEvery: 0, maxWorkflows: 2, onError: (e) => errors.push(e) });
    const at = (key: string, s: number) => ev({ state: 'RUNNING', occurredAt: `2026-01-01T00:00:0${s}Z`, workflow: { key, runId: `${key}-1` } });
    live.observe(at('a', 1));
    live.observe(at('b', 2));
    live.observe(at('a', 3));
    live.observe(at('c', 4));
    expect(live.workflowKeys).toEqual(['a', 'c']);
    expect(live.policyOf('b')).toBeUndefined();
    vi.spyOn(live.policyOf('c') as NonNullable<ReturnType<typeof live.policyOf>>, 'decide').mockImplementation(() => {
      throw new Error('boom');
    });
    expect(live.observe(ev({ state: 'SUCCEEDED', occurredAt: '2026-01-01T00:00:09Z', workflow: { key: 'c', runId: 'c-1' } }))).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(DetectorError);
    expect(errors[0]?.message).toMatch(/boom/);
    live.dispose();
  });
});

describe('WorkflowChecks: when a failed attempt is final', () => {
  it('at once with error.willRetry false, never with true (the retry follows), else after a second without RETRYING or at flush', () => {
    const c = new WorkflowChecks();
    c.observe(ev({ state: 'RUNNING', occurredAt: '2026-01-01T00:00:00Z' }));
    expect(c.observe(ev({ state: 'FAILED', occurredAt: '2026-01-01T00:00:01Z', error: { message: 'x', willRetry: true } }))).toEqual([]);
    expect(c.observe(ev({ state: 'RETRYING', occurredAt: '2026-01-01T00:00:01.001Z' }))).toEqual([]);
    c.observe(ev({ state: 'RUNNING', occurredAt: '2026-01-01T00:00:02Z' }, 2));
    const [last] = c.observe(ev({ state: 'FAILED', occurredAt: '2026-01-01T00:00:03Z', error: { message: 'x', willRetry: false } }, 2));
    expect(last?.event.state).toBe('FAILED');
    // failed = 1, retries = calibrate(1 retry, cutoff 2) = 1 / (1 + 8).
    expect(last?.checks[CHECK_NAMES.indexOf('failed')]).toBe(1);
    expect(last?.checks[CHECK_NAMES.indexOf('retries')]).toBeCloseTo(1 / 9, 6);
    // willRetry not said: final when the workflow's next event comes over a second later.
    const r2 = (state: TaskStateChange['state'], s: string) => ev({ state, occurredAt: `2026-01-01T00:01:${s}Z`, task: { key: 'load', runId: 'r2', attempt: 1 } });
    c.observe(r2('RUNNING', '00'));
    expect(c.observe(r2('FAILED', '01'))).toEqual([]);
    expect(c.observe(ev({ state: 'RUNNING', occurredAt: '2026-01-01T00:01:01.500Z', task: { key: 'load', runId: 'r3' } }))).toEqual([]);
    expect(c.observe(ev({ state: 'RUNNING', occurredAt: '2026-01-01T00:01:03Z', task: { key: 'save', runId: 'r4' } })).map((r) => r.event.task.runId)).toEqual(['r2']);
    c.observe(r2('RUNNING', '10'));
    c.observe(ev({ state: 'FAILED', occurredAt: '2026-01-01T00:01:11Z', task: { key: 'load', runId: 'r5' } }));
    expect(c.flush().map((r) => r.event.task.runId)).toEqual(['r5']);
    expect(c.flush()).toEqual([]);
  });
});
