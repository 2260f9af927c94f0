// The safe controller: watches a deployment's metrics through the hybrid detectors, asks a policy
// for an action, and applies it through the user's actuator, or only recommends it (dry run).
// Every decision is logged with the state that caused it; actions are rate-limited; an actuator
// that throws, rejects or hangs becomes an `error` event and a logged outcome, never a broken loop.
// Reference: the issue's "safe controller API"; p-timeout / AbortSignal.timeout for the deadline.
import { EventEmitter } from 'eventemitter3';
import { ConfigError, DetectorError, ValidationError, type ValidationIssue } from '@awad/core';
import { invalidField } from '../invalid-field';
import { DEPLOY_ACTIONS, isDeployAction, MAINTAIN, type DeployAction, type DeploymentConfig } from '../deploy/actions';
import { HybridDetector, type HybridDetectorOptions } from '../deploy/hybrid-detector';
import { METRIC_NAMES, type DeploymentMetrics } from '../deploy/metrics';
import type { ControlObservation, DeployPolicy } from '../deploy/policy';
import { StateEncoder } from '../deploy/state-encoder';
import { ActionLimiter } from './action-limiter';

const MODULE = '@awad/policy/controller';

/** What the actuator receives: the action to take and why. */
export interface ActuationRequest {
  readonly action: DeployAction;
  readonly observation: ControlObservation;
  /** Aborted when the actuator runs past its timeout. */
  readonly signal: AbortSignal;
}

/** The user's callback that changes the deployment (scale, batch size, traffic shift). */
export type Actuator = (request: ActuationRequest) => void | Promise<void>;

export type DecisionOutcome = 'maintain' | 'recommended' | 'applied' | 'failed' | 'timed-out' | 'rate-limited';

/** One logged decision, with the state that caused it. */
export interface ControlDecision {
  readonly time: number;
  readonly action: DeployAction;
  readonly outcome: DecisionOutcome;
  readonly metrics: DeploymentMetrics;
  readonly config: DeploymentConfig;
  readonly scores: Readonly<Record<string, number>>;
  readonly state: readonly number[];
  readonly error?: string;
}

export interface ControllerOptions {
  readonly policy: DeployPolicy;
  /** Required unless `dryRun`. */
  readonly actuator?: Actuator;
  /** Only recommend: the actuator is never called (default false). */
  readonly dryRun?: boolean;
  /** At most this many actions (or recommendations) per `windowMs` (default 3 per 10 minutes). */
  readonly maxActions?: number;
  readonly windowMs?: number;
  /** The actuator's deadline, ms (default 10 000). */
  readonly actuatorTimeoutMs?: number;
  readonly detectors?: HybridDetectorOptions;
  /** Decisions kept in the log (default 1000; the oldest go first). */
  readonly logSize?: number;
  /** Clock for steps without a time (default Date.now). */
  readonly now?: () => number;
}

export interface ControllerEvents {
  decision: (decision: ControlDecision) => void;
  action: (decision: ControlDecision) => void;
  recommendation: (decision: ControlDecision) => void;
  'rate-limited': (decision: ControlDecision) => void;
  error: (error: DetectorError, decision: ControlDecision) => void;
}

export interface ControllerStepInput {
  readonly metrics: DeploymentMetrics;
  readonly config: DeploymentConfig;
  /** Epoch ms of the observation (default: the controller's clock). */
  readonly time?: number;
}

export class Controller extends EventEmitter<ControllerEvents> {
  readonly dryRun: boolean;
  private readonly policy: DeployPolicy;
  private readonly actuator: Actuator | undefined;
  private readonly limiter: ActionLimiter;
  private readonly timeoutMs: number;
  private readonly detector: HybridDetector;
  private readonly encoder = new StateEncoder();
  private readonly scores: Float64Array;
  private readonly entries: ControlDecision[] = [];
  private readonly logSize: number;
  private readonly now: () => number;

  constructor(options: ControllerOptions) {
    super();
    if (typeof options?.policy?.decide !== 'function') throw new ConfigError(MODULE, 'policy', 'a DeployPolicy with decide()', options?.policy);
    this.dryRun = options.dryRun ?? false;
    if (!this.dryRun && typeof options.actuator !== 'function') throw new ConfigError(MODULE, 'actuator', 'a function (or dryRun: true)', options.actuator);
    const positive = (name: string, v: number): number => {
      if (!(Number.isFinite(v) && v > 0)) throw new ConfigError(MODULE, name, 'a positive number', v);
      return v;
    };
    const maxActions = positive('maxActions', options.maxActions ?? 3);
    if (!Number.isInteger(maxActions)) throw new ConfigError(MODULE, 'maxActions', 'a positive integer', maxActions);
    this.limiter = new ActionLimiter(maxActions, positive('windowMs', options.windowMs ?? 600_000));
    this.timeoutMs = positive('actuatorTimeoutMs', options.actuatorTimeoutMs ?? 10_000);
    this.logSize = positive('logSize', options.logSize ?? 1000);
    this.policy = options.policy;
    this.actuator = options.actuator;
    this.detector = new HybridDetector(options.detectors);
    this.scores = new Float64Array(this.detector.names.length);
    this.now = options.now ?? Date.now;
  }

  /** Logged decisions, oldest first. */
  log(): readonly ControlDecision[] {
    return [...this.entries];
  }

  /**
   * Scores the step's metrics, asks the policy, and applies or recommends its action. Resolves
   * with the logged decision; throws only a ValidationError for malformed input (nothing changes then).
   */
  async step(input: ControllerStepInput): Promise<ControlDecision> {
    checkInput(input);
    const time = input.time ?? this.now();
    this.detector.observe(input.metrics, this.scores);
    const state = this.encoder.encode(input.metrics, this.scores, this.detector.cutoffs, input.config);
    const scores: Record<string, number> = {};
    this.detector.names.forEach((n, i) => (scores[n] = this.scores[i] as number));
    const observation: ControlObservation = { metrics: input.metrics, config: input.config, scores, state };
    let index = MAINTAIN;
    let policyError: unknown;
    try {
      index = this.policy.decide(observation);
      if (!isDeployAction(index)) throw new TypeError(`expected an action index in 0..${DEPLOY_ACTIONS.length - 1}, got ${String(index)}`);
    } catch (error) {
      policyError = error;
      index = MAINTAIN;
    }
    const action = DEPLOY_ACTIONS[index] as DeployAction;
    const base = { time, action, metrics: input.metrics, config: input.config, scores, state: Array.from(state) };
    if (policyError !== undefined) return this.finish({ ...base, outcome: 'maintain', error: message(policyError) }, new DetectorError(this.policy.name, policyError));
    if (index === MAINTAIN) return this.finish({ ...base, outcome: 'maintain' });
    if (!this.limiter.allows(time)) return this.finish({ ...base, outcome: 'rate-limited' });
    this.limiter.record(time);
    if (this.dryRun) return this.finish({ ...base, outcome: 'recommended' });
    const result = await this.actuate(action, observation);
    if (result.outcome === 'applied') this.detector.noteAction();
    return this.finish({ ...base, ...result }, result.error === undefined ? undefined : new DetectorError('actuator', new Error(result.error), undefined, 'HOOK_FAILED'));
  }

  private async actuate(action: DeployAction, observation: ControlObservation): Promise<{ outcome: DecisionOutcome; error?: string }> {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.timeoutMs);
    });
    try {
      const run = Promise.resolve().then(() => (this.actuator as Actuator)({ action, observation, signal: controller.signal }));
      run.catch(() => undefined); // a rejection after the deadline must not go unhandled
      const winner = await Promise.race([run.then(() => 'done' as const), deadline]);
      if (winner === 'timeout') {
        controller.abort();
        return { outcome: 'timed-out', error: `actuator did not finish ${action} within ${this.timeoutMs} ms` };
      }
      return { outcome: 'applied' };
    } catch (error) {
      return { outcome: 'failed', error: message(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  private finish(decision: ControlDecision, error?: DetectorError): ControlDecision {
    this.entries.push(decision);
    if (this.entries.length > this.logSize) this.entries.shift();
    this.emitSafely('decision', decision);
    if (decision.outcome === 'applied') this.emitSafely('action', decision);
    if (decision.outcome === 'recommended') this.emitSafely('recommendation', decision);
    if (decision.outcome === 'rate-limited') this.emitSafely('rate-limited', decision);
    if (error !== undefined && this.listenerCount('error') > 0) {
      try {
        this.emit('error', error, decision);
      } catch {
        // A listener that throws never breaks the loop.
      }
    }
    return decision;
  }

  private emitSafely(event: 'decision' | 'action' | 'recommendation' | 'rate-limited', decision: ControlDecision): void {
    try {
      this.emit(event, decision);
    } catch {
      // A listener that throws never breaks the loop.
    }
  }
}

/** Creates a controller; see {@link ControllerOptions}. */
export function createController(options: ControllerOptions): Controller {
  return new Controller(options);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function checkInput(input: ControllerStepInput): void {
  const issues: ValidationIssue[] = [];
  const bad = (path: string, expected: string, received: unknown): void => {
    const r = typeof received === 'number' ? String(received) : received === undefined ? 'undefined' : typeof received;
    issues.push(invalidField(MODULE, path, expected, r));
  };
  if (typeof input !== 'object' || input === null) bad('', 'an object with metrics and config', input);
  else {
    if (typeof input.metrics !== 'object' || input.metrics === null) bad('metrics', 'an object', input.metrics);
    else for (const k of METRIC_NAMES) if (!Number.isFinite(input.metrics[k]) || (input.metrics[k] as number) < 0) bad(`metrics.${k}`, 'a finite number >= 0', input.metrics[k]);
    const c = input.config;
    if (typeof c !== 'object' || c === null) bad('config', 'an object', c);
    else {
      if (!Number.isInteger(c.workers) || c.workers < 1) bad('config.workers', 'a positive integer', c.workers);
      if (!Number.isInteger(c.batchIndex) || c.batchIndex < 0 || c.batchIndex > 5) bad('config.batchIndex', 'an integer in 0..5', c.batchIndex);
      if (c.model !== 'A' && c.model !== 'B') bad('config.model', '"A" or "B"', c.model);
    }
    if (input.time !== undefined && !Number.isFinite(input.time)) bad('time', 'a finite epoch ms', input.time);
  }
  if (issues.length > 0) throw new ValidationError(issues);
}
