import { beforeAll, describe, expect, it } from 'vitest';
import { DetectorError, SnapshotError, ValidationError } from '@awad/core';
import { ensureBackend } from '@awad/tensor';
import { AdaptiveThresholds, CHECK_COUNT, CHECK_NAMES, evaluateThresholdPolicy, loadDefaultThresholdPolicy, MetaThresholdLearner, THRESHOLD_STATE_SIZE, workflowStream, type DecodedPolicyFile, type WorkflowStream } from '../src/index';
import { syntheticStream } from './synthetic-stream';
import { adaptInWorker } from '../src/threshold/adapt-in-worker';

/** A small untrained policy file (reward objective, adaptation step 0.1, 60-step episodes). */
function smallPolicy(): DecodedPolicyFile {
  const learner = new MetaThresholdLearner({ seed: 3, hidden: [16, 16] });
  const weights = learner.weights();
  learner.dispose();
  return { kind: 'awad-meta-threshold-policy', version: 1, observationSize: THRESHOLD_STATE_SIZE, actions: [], hidden: [16, 16], detectors: [...CHECK_NAMES], training: { actionSpace: 'level', estimator: 'expected', objective: 'reward', adaptAlpha: 0.1, adaptEpisodes: 20, horizon: 60 }, weights };
}

const row = (s: WorkflowStream, i: number): number[] => Array.from(s.checks.subarray(i * CHECK_COUNT, (i + 1) * CHECK_COUNT));

describe('AdaptiveThresholds (the live meta-threshold policy)', () => {
  let shipped: DecodedPolicyFile;
  beforeAll(async () => {
    await ensureBackend({ backend: 'wasm' });
    shipped = await loadDefaultThresholdPolicy();
  });

  it('with feedback after each decision it gives the verdicts of the evaluated policy, run for run', () => {
    const stream = workflowStream({ seed: 2 });
    const live = new AdaptiveThresholds({ policy: shipped, readaptEvery: 0 });
    const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
    for (let i = 1000; i < 1650; i++) {
      const v = live.decide(row(stream, i));
      const y = stream.labels[i] === 1;
      expect(live.feedback(v.id, y)).toBe(true);
      if (v.alert && y) c.tp++;
      else if (v.alert) c.fp++;
      else if (y) c.fn++;
      else c.tn++;
      expect(v.enabled.length).toBeGreaterThanOrEqual(0);
    }
    expect(c).toEqual(evaluateThresholdPolicy(shipped.weights, stream, 1000, 1650, { horizon: 100 }));
    expect(live.labelled).toBe(650);
    live.dispose();
  });

  it('adapts again every readaptEvery decisions once it has enough labels, and learns to drop a check that only makes false alerts', () => {
    const policy = smallPolicy();
    const s = syntheticStream(900, 4);
    const live = new AdaptiveThresholds({ policy, readaptEvery: 300, adaptSteps: 5, minLabelled: 200 });
    const onFor = (from: number, to: number): number => {
      let on = 0;
      for (let i = from; i < to; i++) {
        const v = live.decide(row(s, i));
        live.feedback(v.id, s.labels[i] === 1);
        on += v.enabled.includes('memory-robust-z') ? 1 : 0;
      }
      return on / (to - from);
    };
    const before = onFor(0, 300);
    expect(live.decide(row(s, 300)).adaptations).toBe(1);
    const after = onFor(301, 900);
    expect(after).toBeLessThan(before - 0.1);
    live.dispose();
  });

  it('adaptAsync adapts in a worker thread exactly as adapt() does, twice in a row (the episode draws continue)', async () => {
    const policy = smallPolicy();
    const s = syntheticStream(700, 6);
    const here = new AdaptiveThresholds({ policy, readaptEvery: 0, adaptSteps: 2 });
    const there = new AdaptiveThresholds({ policy, readaptEvery: 0, adaptSteps: 2 });
    const same = (from: number, to: number): void => {
      for (let i = from; i < to; i++) {
        const a = here.decide(row(s, i));
        const b = there.decide(row(s, i));
        expect({ ...b, id: 0 }).toEqual({ ...a, id: 0 });
        here.feedback(a.id, s.labels[i] === 1);
        there.feedback(b.id, s.labels[i] === 1);
      }
    };
    same(0, 240);
    expect(here.adapt()).toBe(true);
    expect(await there.adaptAsync()).toBe(true);
    same(240, 480);
    expect(here.adapt()).toBe(true);
    expect(await there.adaptAsync()).toBe(true);
    same(480, 700);
    expect(there.decide(row(s, 0)).adaptations).toBe(2);
    here.dispose();
    there.dispose();
  });

  it('adaptInWorker: decide() goes on with the weights in use while a worker adapts; a reset drops the result', async () => {
    const policy = smallPolicy();
    const s = syntheticStream(400, 7);
    const live = new AdaptiveThresholds({ policy, readaptEvery: 150, adaptSteps: 2, minLabelled: 100, adaptInWorker: true });
    for (let i = 0; i < 150; i++) live.feedback(live.decide(row(s, i)).id, s.labels[i] === 1);
    // The 151st decision starts the worker and returns at once, as do the next ones.
    for (let i = 150; i < 160; i++) expect(live.decide(row(s, i)).adaptations).toBe(0);
    await live.settled();
    expect(live.decide(row(s, 160)).adaptations).toBe(1);
    // A reset while a worker runs: its weights never arrive.
    const pending = live.adaptAsync();
    live.reset();
    expect(await pending).toBe(false);
    await live.settled();
    expect(live.decide(row(s, 161)).adaptations).toBe(0);
    expect(() => new AdaptiveThresholds({ policy, adaptInWorker: 'yes' as never })).toThrow(/adaptInWorker/);
    live.dispose();
  });

  it('a worker adaptation that fails is reported on onError and leaves the weights in use', async () => {
    await expect(adaptInWorker({ policy: smallPolicy(), from: {}, checks: new Float32Array(600), labels: new Uint8Array(100), steps: 1, seed: 1 }).result).rejects.toThrow(/threshold adaptation failed in the worker/);
    // A policy file this thread can act with, but whose training settings the worker's learner refuses.
    const good = smallPolicy();
    const policy = { ...good, training: { ...good.training, estimator: 'psychic' } };
    const errors: DetectorError[] = [];
    const live = new AdaptiveThresholds({ policy, readaptEvery: 0, onError: (e) => errors.push(e) });
    const s = syntheticStream(120, 8);
    for (let i = 0; i < 110; i++) live.feedback(live.decide(row(s, i)).id, s.labels[i] === 1);
    expect(await live.adaptAsync()).toBe(false);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(DetectorError);
    expect(errors[0]?.message).toMatch(/estimator/);
    expect(live.decide(row(s, 110)).adaptations).toBe(0);
    live.dispose();
  });

  it('a snapshot carries the adapted weights and the labels across a restart; a malformed one is refused and changes nothing', () => {
    const policy = smallPolicy();
    const s = syntheticStream(800, 5);
    const a = new AdaptiveThresholds({ policy, readaptEvery: 240, adaptSteps: 2 });
    for (let i = 0; i < 300; i++) a.feedback(a.decide(row(s, i)).id, s.labels[i] === 1);
    const snap = JSON.parse(JSON.stringify(a.snapshot()));
    const b = new AdaptiveThresholds({ policy, readaptEvery: 240, adaptSteps: 2 });
    expect(snap.adapted).not.toBeNull();
    b.restore(snap);
    expect(b.labelled).toBe(300);
    // 300 decisions = 5 episodes of 60: both start a new episode with the same adapted weights.
    for (let i = 300; i < 420; i++) {
      const va = a.decide(row(s, i));
      const vb = b.decide(row(s, i));
      expect({ ...vb, id: 0 }).toEqual({ ...va, id: 0 });
      expect(va.adaptations).toBe(1);
    }
    expect(() => b.restore({ ...snap, labelledY: [...snap.labelledY, 2] })).toThrow(SnapshotError);
    expect(() => b.restore({ ...snap, kind: 'other' })).toThrow(/awad-adaptive-thresholds/);
    expect(b.labelled).toBe(300);
    a.dispose();
    b.dispose();
  });

  it('reads checks by name or in order; rejects a bad score, an unknown check or a wrong length with a ValidationError; unknown feedback is refused', () => {
    const a = new AdaptiveThresholds({ policy: shipped, readaptEvery: 0 });
    const b = new AdaptiveThresholds({ policy: shipped, readaptEvery: 0 });
    const byName = a.decide({ 'duration-robust-z': 0.9, failed: 1 });
    const inOrder = b.decide([0.9, 0, 0, 0, 1, 0]);
    expect({ ...byName, id: 0 }).toEqual({ ...inOrder, id: 0 });
    expect(() => a.decide([0.5, 0, 0])).toThrow(ValidationError);
    expect(() => a.decide({ 'duration-robust-z': 1.5 })).toThrow(/checks\.duration-robust-z.*score in \[0, 1\].*got 1\.5/);
    expect(() => a.decide({ latency: 0.5 } as never)).toThrow(/checks\.latency.*one of duration-robust-z/);
    expect(a.feedback(12345, true)).toBe(false);
    expect(a.feedback(byName.id, true)).toBe(true);
    expect(a.feedback(byName.id, false)).toBe(false);
    expect(() => new AdaptiveThresholds({ policy: { ...shipped, kind: 'awad-ppo-policy' } })).toThrow(/meta-threshold policy file/);
    expect(() => new AdaptiveThresholds({ policy: shipped, adaptSteps: 6 })).toThrow(/adaptSteps/);
  });
});
