import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, createRandom } from '@awad/core';
import { ensureBackend } from '@awad/tensor';
import { ANOMALY_KINDS } from '@awad/testkit';
import { CHECK_COUNT, compareThresholdPolicy, compareThresholds, evaluateThresholdPolicy, DEFAULT_WORKFLOW_REGIME, INITIAL_THRESHOLD, LEVELS, SHIFTS, thresholdActionSpace, heterogeneousRegime, THRESHOLD_STATE_SIZE, emptyConfusion, f1Of, fixedRuleConfusion, linearBaseline, MASK_COUNT, MetaThresholdLearner, newEpisodeRecord, rewardTable, alertTable, runThresholdEpisode, thresholdActor, tuneFixedRule, workflowStream } from '../src/index';
import { syntheticStream } from './synthetic-stream';


describe('threshold tasks and episodes', () => {
  it('scores a simulated workflow deterministically, with labelled anomalies and checks in [0, 1]', () => {
    const a = workflowStream({ seed: 7, days: 3 });
    const b = workflowStream({ seed: 7, days: 3 });
    expect(a.length).toBeGreaterThan(100);
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.labels.some((y) => y === 1)).toBe(true);
    expect(a.checks.every((c) => c >= 0 && c <= 1)).toBe(true);
    // the checks carry signal: the rule at 0.5 beats flagging nothing and flagging everything
    const rule = f1Of(fixedRuleConfusion(a, 0, a.length, 0.5));
    const all = f1Of(fixedRuleConfusion(a, 0, a.length, 0));
    expect(rule).toBeGreaterThan(all);
  });

  it('a heterogeneous regime is drawn from its seed within its ranges, and changes the stream', () => {
    const a = heterogeneousRegime(201);
    expect(heterogeneousRegime(201)).toEqual(a);
    expect(heterogeneousRegime(202)).not.toEqual(a);
    for (let seed = 300; seed < 320; seed++) {
      const r = heterogeneousRegime(seed);
      expect(r.noise).toBeGreaterThanOrEqual(1);
      expect(r.noise).toBeLessThanOrEqual(3);
      expect(r.kinds.length).toBeGreaterThanOrEqual(2);
      expect(r.kinds.length).toBeLessThanOrEqual(4);
      expect(new Set(r.kinds).size).toBe(r.kinds.length);
      expect(r.kinds.every((k) => (ANOMALY_KINDS as readonly string[]).includes(k))).toBe(true);
    }
    const plain = workflowStream({ seed: 7, days: 3 });
    expect(Array.from(workflowStream({ seed: 7, days: 3, regime: DEFAULT_WORKFLOW_REGIME }).checks)).toEqual(Array.from(plain.checks));
    // Only memory spikes are scored (runs with another kind are left out): no anomaly fails its task.
    const spikes = workflowStream({ seed: 7, days: 3, regime: { ...DEFAULT_WORKFLOW_REGIME, anomalyRate: 0.9, kinds: ['metric-spike'] } });
    let failedOnAnomaly = 0;
    let anomalies = 0;
    for (let i = 0; i < spikes.length; i++) {
      if (spikes.labels[i] !== 1) continue;
      anomalies += 1;
      failedOnAnomaly += spikes.checks[i * CHECK_COUNT + 4] as number;
    }
    expect(anomalies).toBeGreaterThan(0);
    expect(failedOnAnomaly).toBe(0);
    expect(spikes.length).toBeLessThan(plain.length);
  });

  it('an episode with every check on and no shift is the fixed rule at 0.5, and rewards TP +1, FN -1, FP -0.5', () => {
    const s = syntheticStream(300, 1);
    const c = emptyConfusion();
    const noShift = SHIFTS.indexOf(0);
    const total = runThresholdEpisode(s, 0, 300, () => ({ choice: noShift, mask: (1 << CHECK_COUNT) - 1 }), c, { space: thresholdActionSpace('shift') });
    expect(c).toEqual(fixedRuleConfusion(s, 0, 300, 0.5));
    expect(total).toBeCloseTo(c.tp - c.fn - 0.5 * c.fp);
  });

  it('a level sets the threshold of the step it is chosen on: one level held is that fixed rule; shifts move from 0.5 and stop at 0.95', () => {
    const s = syntheticStream(400, 6);
    const level = thresholdActionSpace('level');
    expect(LEVELS[0]).toBe(0.1);
    expect(LEVELS[LEVELS.length - 1]).toBe(0.95);
    for (const theta of [0.1, 0.35, 0.7, 0.95]) {
      const c = emptyConfusion();
      runThresholdEpisode(s, 0, 400, () => ({ choice: LEVELS.indexOf(theta), mask: 0b001001 }), c, { space: level });
      expect(c).toEqual(fixedRuleConfusion(s, 0, 400, theta, 0b001001));
    }
    // The state carries the threshold of the last step: a level is kept there for the next one.
    const seen: number[] = [];
    runThresholdEpisode(s, 0, 3, (state) => (seen.push(state[2 * CHECK_COUNT] as number), { choice: LEVELS.indexOf(0.8), mask: 1 }), emptyConfusion(), { space: level });
    expect(seen[0]).toBeCloseTo(INITIAL_THRESHOLD);
    expect(seen[1]).toBeCloseTo(0.8);
    const shift = thresholdActionSpace('shift');
    let theta = INITIAL_THRESHOLD;
    for (let i = 0; i < 20; i++) theta = shift.next(theta, SHIFTS.indexOf(2));
    expect(theta).toBeCloseTo(0.95);
    expect(shift.next(0.5, SHIFTS.indexOf(-1))).toBeCloseTo(0.48);
    expect(() => thresholdActionSpace('jump' as never)).toThrow(/actionSpace.*one of shift, level.*got "jump"/);
  });

  it('tuning a fixed rule finds the informative check', () => {
    const s = syntheticStream(1000, 2);
    const rule = tuneFixedRule([{ stream: s, from: 0, to: 1000 }]);
    expect(rule.mask & 1).toBe(1);
    expect(rule.mask & (1 << 3)).toBe(0);
  });

  it('the reward table holds, for every step, the reward of every action; the taken one is the reward the episode got', () => {
    const s = syntheticStream(500, 8);
    for (const name of ['level', 'shift'] as const) {
      const space = thresholdActionSpace(name);
      const record = newEpisodeRecord(200);
      const r = createRandom(9);
      runThresholdEpisode(s, 100, 200, () => ({ choice: r.int(0, space.choices - 1), mask: r.int(0, MASK_COUNT - 1) }), emptyConfusion(), { record, space });
      const labels = s.labels.subarray(100, 300);
      const table = rewardTable(record.states, labels, space);
      const alerts = alertTable(record.states, 200, space);
      expect(table.length).toBe(200 * space.choices * MASK_COUNT);
      expect(alerts.length).toBe(table.length);
      for (let i = 0; i < 200; i++) {
        let mask = 0;
        for (let k = 0; k < CHECK_COUNT; k++) mask |= (record.masks[i * CHECK_COUNT + k] as number) << k;
        const row = (i * space.choices + (record.choices[i] as number)) * MASK_COUNT;
        expect(table[row + mask]).toBe(record.rewards[i]);
        // The taken action's verdict: an alert earns TP +1 or FP -0.5, no alert FN -1 or TN 0.
        expect(alerts[row + mask]).toBe([1, -0.5].includes(record.rewards[i] as number) ? 1 : 0);
        // No check enabled never alerts: a missed anomaly or a true negative, whatever the threshold.
        expect(table[row]).toBe(labels[i] === 1 ? -1 : 0);
      }
    }
  });

  it('the linear baseline fits returns that are linear in the state', () => {
    const n = 200;
    const states = Float32Array.from({ length: n * 2 }, (_, i) => Math.sin(i * 0.37));
    const returns = Float32Array.from({ length: n }, (_, i) => 2 * (states[i * 2] as number) - (states[i * 2 + 1] as number) + 0.5);
    const fit = linearBaseline(states, returns, 2, 50);
    for (let i = 0; i < n; i += 17) expect(fit[i]).toBeCloseTo(returns[i] as number, 3);
  });
});

describe('MetaThresholdLearner', () => {
  beforeAll(async () => {
    await ensureBackend({ backend: 'wasm' });
  });

  it.each([
    ['expected', 'reward'],
    ['reinforce', 'reward'],
    ['expected', 'f1'],
  ] as const)('adaptation in a few gradient steps (%s gradient of the %s) turns off a check that only makes false alerts', (estimator, objective) => {
    const learner = new MetaThresholdLearner({ seed: 3, episodes: 6, horizon: 60, adaptAlpha: 0.1, adaptEpisodes: 20, estimator, objective });
    const s = syntheticStream(2000, 4);
    const theta = learner.weights();
    const adapted = learner.adapt(theta, { stream: s, from: 0, to: 2000 }, 5);
    const enabled = (w: typeof theta): number => {
      const act = thresholdActor(w, createRandom(1), false);
      let on = 0;
      const state = new Float32Array(THRESHOLD_STATE_SIZE);
      for (let i = 0; i < 400; i++) {
        state[3] = i % 2 ? 0.9 : 0.1;
        state[0] = (i * 0.13) % 0.3;
        on += (act(state).mask >> 3) & 1;
      }
      return on / 400;
    };
    expect(enabled(adapted)).toBeLessThan(enabled(theta) - 0.1);
    learner.dispose();
  });

  it('compareThresholdPolicy acts and adapts as the file was trained: levels by default, shifts for a file that names none', () => {
    for (const actionSpace of ['level', 'shift'] as const) {
      const learner = new MetaThresholdLearner({ seed: 2, hidden: [8, 8], actionSpace, estimator: actionSpace === 'shift' ? 'reinforce' : 'expected' });
      const training = actionSpace === 'shift' ? {} : { actionSpace, estimator: 'expected' };
      const file = { kind: 'awad-meta-threshold-policy' as const, version: 1 as const, observationSize: THRESHOLD_STATE_SIZE, actions: [], hidden: [8, 8], detectors: [], training, weights: learner.weights() };
      const r = compareThresholdPolicy(file, [7], { adaptSteps: 1 });
      const meta = r.summary['meta-learned, not adapted'];
      // The same weights acted on by hand in the same action space give the same confusion.
      const stream = workflowStream({ seed: 7 });
      const c = evaluateThresholdPolicy(file.weights, stream, Math.floor(stream.length * 0.3), stream.length, { space: thresholdActionSpace(actionSpace) });
      expect(meta?.falsePositives).toBe(c.fp);
      expect(meta?.f1).toBeCloseTo(f1Of(c));
      learner.dispose();
    }
  });

  it('compareThresholds re-adapts and re-tunes on the runs labelled so far: one block is the plain per-workflow rule; 0 leaves the rows out', () => {
    const learner = new MetaThresholdLearner({ seed: 2, hidden: [8, 8], episodes: 2, horizon: 50, adaptEpisodes: 2 });
    const s = syntheticStream(1000, 11);
    const rule = { theta: 0.5, mask: MASK_COUNT - 1 };
    const [one] = compareThresholds(learner, learner.weights(), [], [s], { globalRule: rule, adaptSteps: 1, readaptEvery: 700 });
    const m = one!.methods;
    expect(m['fixed, re-tuned every 700 runs on the feedback so far']).toEqual(m["fixed, tuned on this workflow's labelled runs"]);
    expect(m['meta-learned, re-adapted every 700 runs on the feedback so far (1 steps)']).toBeDefined();
    // Blocks of 200 from row 300: before each, the rule is tuned on every row before it.
    const [blocks] = compareThresholds(learner, learner.weights(), [], [s], { globalRule: rule, adaptSteps: 1, readaptEvery: 200 });
    const c = emptyConfusion();
    for (let from = 300; from < 1000; from += 200) {
      const r = tuneFixedRule([{ stream: s, from: 0, to: from }]);
      const b = fixedRuleConfusion(s, from, Math.min(1000, from + 200), r.theta, r.mask);
      c.tp += b.tp;
      c.fp += b.fp;
      c.fn += b.fn;
    }
    expect(blocks!.methods['fixed, re-tuned every 200 runs on the feedback so far']?.falsePositives).toBe(c.fp);
    expect(blocks!.methods['fixed, re-tuned every 200 runs on the feedback so far']?.f1).toBeCloseTo(f1Of(c), 12);
    const [none] = compareThresholds(learner, learner.weights(), [], [s], { globalRule: rule, adaptSteps: 1, readaptEvery: 0 });
    expect(Object.keys(none!.methods).some((k) => k.includes('so far'))).toBe(false);
    expect(() => compareThresholds(learner, learner.weights(), [], [s], { readaptEvery: -1 })).toThrow(ConfigError);
    learner.dispose();
  });

  it('rejects an unknown estimator or objective, and the F1 objective with REINFORCE, with a ConfigError naming the choices', () => {
    expect(() => new MetaThresholdLearner({ estimator: 'ppo' as never })).toThrow(/estimator.*one of expected, reinforce.*got "ppo"/);
    expect(() => new MetaThresholdLearner({ objective: 'auc' as never })).toThrow(/objective.*one of reward, f1.*got "auc"/);
    expect(() => new MetaThresholdLearner({ objective: 'f1', estimator: 'reinforce' })).toThrow(ConfigError);
  });

  it('one meta step moves theta and leaves the net at the new theta', () => {
    const learner = new MetaThresholdLearner({ seed: 1, episodes: 2, horizon: 30 });
    const before = learner.weights();
    learner.metaStep([{ stream: syntheticStream(300, 5), from: 0, to: 300 }]);
    const after = learner.weights();
    expect(Array.from(after['threshold/0/kernel']!.values)).not.toEqual(Array.from(before['threshold/0/kernel']!.values));
    learner.dispose();
  });
});
