// The live meta-learned threshold policy for one workflow: each finished task run's six check
// scores in, a verdict out (alert or not, the threshold and the checks it used); the operator's
// labels in through `feedback`; every `readaptEvery` decisions the policy is adapted again from the
// meta-weights on every labelled decision so far (METHODS 4.5, adaptation in deployment), as
// `compareThresholds` evaluates it.
// Reference: METHODS.md 4.5; threshold-memory.ts (the state), compare-thresholds.ts (the protocol).
// OUR CHOICE: a decision enters the state's memory at the next decision, with its label if the
// feedback came by then (else as neither a false alert nor a missed anomaly); the memory restarts
// every `horizon` decisions, as the training episodes do; labelled decisions kept: the last 20,000;
// with `adaptInWorker` adaptation runs in a worker thread (adapt-in-worker.ts) and decisions go on
// with the weights in use until it is done.
import { BoundedMap, createRandom, DetectorError, SnapshotError, ValidationError, type ValidationIssue } from '@awad/core';
import { decodeWeights, encodeWeights, ensureBackend, isBackendName, tf, type NamedWeights, type WeightsJson } from '@awad/tensor';
import { invalidField } from '../invalid-field';
import { adaptInWorker, type AdaptRun } from './adapt-in-worker';
import type { DecodedPolicyFile } from '../ppo/policy-file';
import { thresholdPolicyOptions } from '../sim/threshold-comparison';
import { DEFAULT_READAPT_EVERY } from './compare-thresholds';
import { MetaThresholdLearner, thresholdActor } from './meta-threshold-policy';
import { thresholdActionSpace, type ThresholdActionSpace } from './threshold-actions';
import { fusedScore, THRESHOLD_STATE_SIZE, ThresholdMemory } from './threshold-memory';
import { CHECK_COUNT, CHECK_NAMES, type WorkflowStream } from './workflow-stream';

const MODULE = '@awad/policy/adaptive-thresholds';
const MAX_LABELLED = 20_000;
const MAX_PENDING = 10_000;

export type CheckName = (typeof CHECK_NAMES)[number];
/** The six check scores in [0, 1], by name (a missing check scores 0) or in CHECK_NAMES order. */
export type CheckScores = Partial<Record<CheckName, number>> | readonly number[];

export interface ThresholdVerdict {
  /** Pass it to `feedback`. */
  readonly id: number;
  readonly alert: boolean;
  /** The threshold the fused score was compared with. */
  readonly threshold: number;
  /** max of the enabled checks. */
  readonly score: number;
  readonly enabled: readonly CheckName[];
  /** How many times the policy has been adapted to this workflow. */
  readonly adaptations: number;
}

/** JSON form of what AdaptiveThresholds keeps across restarts. */
export interface AdaptiveThresholdsSnapshot {
  readonly kind: 'awad-adaptive-thresholds';
  readonly version: 1;
  /** The adapted weights, or null while the policy acts with the meta-weights. */
  readonly adapted: WeightsJson | null;
  readonly adaptations: number;
  readonly sinceAdaptation: number;
  /** CHECK_COUNT scores per labelled decision, oldest first. */
  readonly labelledChecks: readonly number[];
  /** 1 = anomaly, 0 = normal, per labelled decision. */
  readonly labelledY: readonly number[];
}

export interface AdaptiveThresholdsOptions {
  /** A meta-threshold policy file (`loadDefaultThresholdPolicy()` for the shipped one). */
  readonly policy: DecodedPolicyFile;
  /** Adapt again every this many decisions (default 500, as evaluated); 0: only when `adapt()` is called. */
  readonly readaptEvery?: number;
  /** Gradient steps per adaptation, at most 5 (default 3). */
  readonly adaptSteps?: number;
  /** Labelled decisions needed before the first adaptation (default and minimum: one episode, 100). */
  readonly minLabelled?: number;
  /** Seed of adaptation's episode draws (default 1). */
  readonly seed?: number;
  /**
   * Re-adapt in a worker thread when due (default false: inside `decide`, about half a second on
   * tfjs wasm). Decisions go on with the weights in use until the adapted ones arrive.
   */
  readonly adaptInWorker?: boolean;
  /** Called with a DetectorError when an adaptation in a worker fails (the weights in use stay). */
  readonly onError?: (error: DetectorError) => void;
}

export class AdaptiveThresholds {
  private readonly space: ThresholdActionSpace;
  private readonly horizon: number;
  private readonly hidden: number;
  private readonly metaWeights: NamedWeights;
  private weights: NamedWeights;
  private act: (state: Float32Array) => { choice: number; mask: number };
  private memory: ThresholdMemory;
  private readonly state = new Float32Array(THRESHOLD_STATE_SIZE);
  private learner: MetaThresholdLearner | undefined;
  private nextId = 0;
  private sinceAdaptation = 0;
  private adaptations = 0;
  /** The last decision, not yet folded into the memory, with its label if feedback came already. */
  private last: { id: number; checks: Float32Array; alert: boolean; mask: number; anomaly?: boolean } | undefined;
  private readonly pending = new BoundedMap<number, Float32Array>(MAX_PENDING);
  private labelledChecks: number[] = [];
  private labelledY: number[] = [];
  private readonly options: Required<Omit<AdaptiveThresholdsOptions, 'policy' | 'onError'>> & { policy: DecodedPolicyFile; onError?: (error: DetectorError) => void };
  /** The episode draws' state after the last adaptation in a worker (the in-thread learner continues from it). */
  private drawState: number | undefined;
  /** A worker adaptation in flight, and its outcome. */
  private worker: AdaptRun | undefined;
  private running: Promise<boolean> | undefined;
  /** Bumped by reset, restore, dispose and in-thread adapt: a worker's result from before is dropped. */
  private generation = 0;

  constructor(options: AdaptiveThresholdsOptions) {
    if (options.policy?.kind !== 'awad-meta-threshold-policy') throw issue('policy', 'a meta-threshold policy file (kind "awad-meta-threshold-policy")', String(options.policy?.kind));
    // An option given as undefined keeps its default.
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as AdaptiveThresholdsOptions;
    const o = { readaptEvery: DEFAULT_READAPT_EVERY, adaptSteps: 3, minLabelled: 0, seed: 1, adaptInWorker: false, ...given };
    if (typeof o.adaptInWorker !== 'boolean') throw issue('adaptInWorker', 'a boolean', typeof o.adaptInWorker);
    if (!Number.isInteger(o.readaptEvery) || o.readaptEvery < 0) throw issue('readaptEvery', 'a whole number >= 0', String(o.readaptEvery));
    if (!Number.isInteger(o.adaptSteps) || o.adaptSteps < 0 || o.adaptSteps > 5) throw issue('adaptSteps', 'an integer in 0..5', String(o.adaptSteps));
    const trained = thresholdPolicyOptions(o.policy);
    this.space = thresholdActionSpace(trained.actionSpace);
    this.horizon = trained.horizon ?? 100;
    this.hidden = o.policy.hidden.length;
    o.minLabelled = Math.max(this.horizon, options.minLabelled ?? this.horizon);
    this.options = o;
    this.metaWeights = o.policy.weights;
    this.weights = this.metaWeights;
    this.act = this.actor();
    this.memory = new ThresholdMemory(this.space);
  }

  /** Decides on one finished task run's check scores. */
  decide(checks: CheckScores): ThresholdVerdict {
    const row = readChecks(checks);
    this.foldLast();
    if (this.options.readaptEvery > 0 && this.sinceAdaptation >= this.options.readaptEvery && this.labelledY.length >= this.options.minLabelled) {
      if (!this.options.adaptInWorker) this.adapt();
      else if (this.running === undefined) void this.adaptAsync();
    }
    const id = this.nextId++;
    if (id % this.horizon === 0) this.memory = new ThresholdMemory(this.space);
    this.memory.state(row, 0, this.state);
    const a = this.act(this.state);
    const alert = this.memory.decide(row, 0, a.choice, a.mask);
    const enabled = CHECK_NAMES.filter((_, k) => (a.mask >> k) & 1);
    this.last = { id, checks: row, alert, mask: a.mask };
    this.pending.set(id, row);
    this.sinceAdaptation += 1;
    return { id, alert, threshold: this.memory.theta, score: fusedScore(row, 0, a.mask), enabled, adaptations: this.adaptations };
  }

  /** The operator's label for a decision: true = a real anomaly, false = normal. Returns false for an unknown or already labelled id. */
  feedback(id: number, anomaly: boolean): boolean {
    if (typeof anomaly !== 'boolean') throw issue('anomaly', 'a boolean', typeof anomaly);
    const row = this.pending.get(id);
    if (row === undefined) return false;
    this.pending.delete(id);
    if (this.last?.id === id) this.last.anomaly = anomaly;
    for (let k = 0; k < CHECK_COUNT; k++) this.labelledChecks.push(row[k] as number);
    this.labelledY.push(anomaly ? 1 : 0);
    if (this.labelledY.length > MAX_LABELLED) {
      this.labelledY = this.labelledY.slice(-MAX_LABELLED);
      this.labelledChecks = this.labelledChecks.slice(-MAX_LABELLED * CHECK_COUNT);
    }
    return true;
  }

  /** How many labelled decisions adaptation can use. */
  get labelled(): number {
    return this.labelledY.length;
  }

  /**
   * Adapts the policy again from the meta-weights on every labelled decision kept (needs
   * `minLabelled` of them; returns false otherwise). Runs tfjs (the backend is chosen on first use);
   * it takes about a second, so with `readaptEvery: 0` call it off the hot path.
   */
  adapt(): boolean {
    if (this.labelledY.length < this.options.minLabelled || this.options.adaptSteps === 0) return false;
    this.dropWorker();
    this.learner ??= new MetaThresholdLearner({ ...thresholdPolicyOptions(this.options.policy), seed: this.options.seed });
    if (this.drawState !== undefined) this.learner.continueRandom(this.drawState);
    this.drawState = undefined;
    const stream: WorkflowStream = { key: 'live', checks: Float32Array.from(this.labelledChecks), labels: Uint8Array.from(this.labelledY), length: this.labelledY.length };
    this.weights = this.learner.adapt(this.metaWeights, { stream, from: 0, to: stream.length }, this.options.adaptSteps);
    this.act = this.actor();
    this.adaptations += 1;
    this.sinceAdaptation = 0;
    return true;
  }

  /**
   * `adapt()` in a worker thread, on the labelled decisions kept now: resolves true once the adapted
   * weights are in use (exactly the weights `adapt()` would give), false when there are too few
   * labels, or the worker failed (reported on `onError`), or a reset, restore or in-thread
   * adaptation came first. One runs at a time: a call while one runs returns that one.
   */
  adaptAsync(): Promise<boolean> {
    if (this.running !== undefined) return this.running;
    if (this.labelledY.length < this.options.minLabelled || this.options.adaptSteps === 0) return Promise.resolve(false);
    const generation = this.generation;
    const backend = tf.getBackend();
    // The episode draws continue where the last adaptation (here or in a worker) left them.
    const randomState = this.drawState ?? this.learner?.randomState();
    const run = adaptInWorker({
      policy: this.options.policy,
      from: this.metaWeights,
      checks: Float32Array.from(this.labelledChecks),
      labels: Uint8Array.from(this.labelledY),
      steps: this.options.adaptSteps,
      seed: this.options.seed,
      ...(isBackendName(backend) ? { backend } : {}),
      ...(randomState !== undefined ? { randomState } : {}),
    });
    this.sinceAdaptation = 0;
    this.worker = run;
    const outcome = run.result.then(
      (r) => {
        if (generation !== this.generation) return false;
        this.weights = r.weights;
        this.act = this.actor();
        this.adaptations += 1;
        this.drawState = r.randomState;
        return true;
      },
      (error: unknown) => {
        if (generation === this.generation) this.options.onError?.(new DetectorError('adaptive-thresholds', error));
        return false;
      },
    );
    const done: Promise<boolean> = outcome.finally(() => {
      if (this.running === done) {
        this.running = undefined;
        this.worker = undefined;
      }
    });
    this.running = done;
    return done;
  }

  /** Resolves when no adaptation runs in a worker. */
  async settled(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  /**
   * What survives a restart, as JSON: the adapted weights, the labelled decisions kept and the
   * adaptation counters. The episode memory (the last 50 decisions) and decisions still awaiting
   * feedback are not kept; a restored policy starts a new episode.
   */
  snapshot(): AdaptiveThresholdsSnapshot {
    return { kind: 'awad-adaptive-thresholds', version: 1, adapted: this.weights === this.metaWeights ? null : encodeWeights(this.weights), adaptations: this.adaptations, sinceAdaptation: this.sinceAdaptation, labelledChecks: [...this.labelledChecks], labelledY: [...this.labelledY] };
  }

  /** Restores a snapshot; a malformed one raises a SnapshotError and changes nothing. */
  restore(snapshot: AdaptiveThresholdsSnapshot): void {
    const s = snapshot as Partial<AdaptiveThresholdsSnapshot> | null;
    if (s?.kind !== 'awad-adaptive-thresholds' || s.version !== 1) throw new SnapshotError(MODULE, 'a snapshot of kind "awad-adaptive-thresholds", version 1', `kind ${String(s?.kind)}, version ${String(s?.version)}`);
    const y = s.labelledY;
    const x = s.labelledChecks;
    if (!Array.isArray(y) || !Array.isArray(x) || x.length !== y.length * CHECK_COUNT || !y.every((v) => v === 0 || v === 1) || !x.every((v) => typeof v === 'number' && v >= 0 && v <= 1)) throw new SnapshotError(MODULE, `labelledY of 0/1 and ${CHECK_COUNT} scores in [0, 1] per label in labelledChecks`, 'labels or checks that do not match');
    if (!Number.isInteger(s.adaptations) || !Number.isInteger(s.sinceAdaptation)) throw new SnapshotError(MODULE, 'whole adaptations and sinceAdaptation counts', `${String(s.adaptations)}, ${String(s.sinceAdaptation)}`);
    let weights = this.metaWeights;
    if (s.adapted !== null && s.adapted !== undefined) {
      const decoded = decodeWeights(s.adapted);
      for (const [name, w] of Object.entries(this.metaWeights)) {
        if (decoded[name]?.values.length !== w.values.length) throw new SnapshotError(MODULE, `adapted weights shaped as this policy's (${name}: ${w.values.length} values)`, `${decoded[name]?.values.length ?? 'none'}`);
      }
      weights = decoded;
    }
    this.dropWorker();
    this.weights = weights;
    this.act = this.actor();
    this.adaptations = s.adaptations as number;
    this.sinceAdaptation = s.sinceAdaptation as number;
    this.labelledChecks = [...x];
    this.labelledY = [...y];
    this.memory = new ThresholdMemory(this.space);
    this.last = undefined;
    this.pending.clear();
    this.nextId = Math.ceil(this.nextId / this.horizon) * this.horizon;
  }

  /** Back to the meta-weights (a new workflow, or a reset). Labels are kept unless `forget`. */
  reset(forget = false): void {
    this.dropWorker();
    this.weights = this.metaWeights;
    this.act = this.actor();
    this.adaptations = 0;
    this.sinceAdaptation = 0;
    if (forget) {
      this.labelledChecks = [];
      this.labelledY = [];
    }
  }

  dispose(): void {
    this.dropWorker();
    this.learner?.dispose();
    this.learner = undefined;
  }

  /** Stops a worker adaptation in flight; its result, if it still comes, is dropped. */
  private dropWorker(): void {
    this.generation += 1;
    this.worker?.terminate();
    this.worker = undefined;
    this.running = undefined;
  }

  private actor(): (state: Float32Array) => { choice: number; mask: number } {
    return thresholdActor(this.weights, createRandom(0), true, { hidden: this.hidden, space: this.space });
  }

  private foldLast(): void {
    const last = this.last;
    if (last === undefined) return;
    this.memory.learn(last.checks, 0, last.alert, last.mask, last.anomaly);
    this.last = undefined;
  }
}

/** Creates the live policy, choosing the tensor backend adaptation will use. */
export async function createAdaptiveThresholds(options: AdaptiveThresholdsOptions): Promise<AdaptiveThresholds> {
  await ensureBackend();
  return new AdaptiveThresholds(options);
}

function readChecks(checks: CheckScores): Float32Array {
  const row = new Float32Array(CHECK_COUNT);
  const issues: ValidationIssue[] = [];
  const read = (path: string, v: unknown, k: number): void => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
      const received = typeof v === 'number' ? String(v) : v === undefined ? 'undefined' : typeof v;
      issues.push(invalidField(MODULE, path, 'a score in [0, 1]', received));
    } else row[k] = v;
  };
  if (Array.isArray(checks)) {
    if (checks.length !== CHECK_COUNT) throw issue('checks', `${CHECK_COUNT} scores (${CHECK_NAMES.join(', ')})`, `${checks.length}`);
    checks.forEach((v, k) => read(`checks[${k}]`, v, k));
  } else if (typeof checks === 'object' && checks !== null) {
    const known = new Set<string>(CHECK_NAMES);
    for (const key of Object.keys(checks)) if (!known.has(key)) throw issue(`checks.${key}`, `one of ${CHECK_NAMES.join(', ')}`, 'an unknown check');
    CHECK_NAMES.forEach((name, k) => {
      const v = (checks as Record<string, unknown>)[name];
      if (v !== undefined) read(`checks.${name}`, v, k);
    });
  } else throw issue('checks', 'an array of 6 scores or an object by check name', checks === null ? 'null' : typeof checks);
  if (issues.length > 0) throw new ValidationError(issues);
  return row;
}

function issue(path: string, expected: string, received: string): ValidationError {
  return new ValidationError([invalidField(MODULE, path, expected, received)]);
}
