// A simulated model-serving deployment: diurnal load with short bursts, four kinds of degradation,
// and the metrics a serving stack reports. One step = one minute; one cycle (episode) = 240 steps.
// Reference: METHODS.md 5.9 (OUR CHOICE: the seed's generator is not a simulator), extended with the
// issue's fault list (memory leak, bad rollout, slow upstream, traffic spike) and metrics (CPU,
// memory, GPU, prediction drift).
import { ConfigError, createRandom, type Random } from '@awad/core';
import { applyAction, BATCH_SIZES, INITIAL_CONFIG, MAX_WORKERS, type DeploymentConfig } from './actions';
import type { DeploymentMetrics } from './metrics';

export const FAULT_KINDS = ['memory-leak', 'bad-rollout', 'slow-upstream', 'traffic-spike'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  readonly kind: FaultKind;
  /** Step at which it starts. */
  readonly onset: number;
  /** Steps it lasts when nothing clears it (Infinity for faults only an action clears). */
  readonly duration: number;
}

export interface DeploymentSimulatorOptions {
  readonly seed?: number;
  /** Steps per cycle (default 240). */
  readonly steps?: number;
  /** Unscored steps of normal traffic before step 0, to warm the detectors (default 30). */
  readonly preroll?: number;
  /** Faults to inject instead of the seeded schedule (1-2 faults, onsets in [30, 180]). */
  readonly faults?: readonly Fault[];
  /** Faults per cycle of the seeded schedule, [min, max] (default [1, 2]). */
  readonly faultsPerCycle?: readonly [number, number];
}

export const DEFAULT_SIMULATOR_OPTIONS = Object.freeze({ steps: 240, preroll: 30 });

export interface SimStepResult {
  /** Step index (negative during the preroll). */
  readonly t: number;
  readonly metrics: DeploymentMetrics;
  /** Configuration the step ran with. */
  readonly config: DeploymentConfig;
  /** Offered load (requests per minute) and utilisation lambda / capacity. */
  readonly load: number;
  readonly utilisation: number;
  /** Faults active during the step. */
  readonly active: readonly FaultKind[];
}

interface FaultState {
  fault: Fault;
  cleared: boolean;
}

/**
 * The seeded fault schedule of a cycle: `min`-`max` faults (default 1-2) with onsets uniform in
 * [30, 180]; the kinds are distinct until all four are used, then drawn afresh.
 */
export function faultSchedule(random: Random, [min, max]: readonly [number, number] = [1, 2]): Fault[] {
  const count = random.int(min, max);
  let kinds: FaultKind[] = [];
  const out: Fault[] = [];
  for (let i = 0; i < count; i++) {
    if (kinds.length === 0) kinds = [...FAULT_KINDS];
    const kind = kinds.splice(random.int(0, kinds.length - 1), 1)[0] as FaultKind;
    const onset = random.int(30, 180);
    const duration = kind === 'memory-leak' || kind === 'bad-rollout' ? Number.POSITIVE_INFINITY : random.int(30, 60);
    out.push({ kind, onset, duration });
  }
  return out.sort((a, b) => a.onset - b.onset);
}

/**
 * Dynamics (b = batch size, n = workers, h = health):
 *   load      lambda = 100 (1 + 0.3 sin(2 pi t / 240 + phase)) (1 + 0.05 e) x burst x spike
 *   capacity  C = n 20 sqrt(b) h x (0.9 on model B) x (0.7 under a slow upstream)
 *   latency   (100 + 5 b) / (1 - min(rho, 0.95)) x (1.5 under a bad rollout) + upstream delay
 *   errors    0.002 + 0.05 (bad rollout) + 0.01 (slow upstream) + max(0, 1 - C / lambda)
 * A memory leak lowers h by 1% a step (floor 0.3) until a scale action restarts the workers; a
 * bad rollout (on model A) lasts until traffic shifts to B; a slow upstream (+150-250 ms, 30% of
 * capacity blocked) and a traffic spike (x2 load) pass after 30-60 steps. A scale action that changes the
 * worker count restarts the workers: the next step has 15% less capacity.
 */
export class DeploymentSimulator {
  readonly steps: number;
  readonly preroll: number;
  readonly faults: readonly Fault[];
  private readonly random: Random;
  private readonly phase: number;
  private readonly state: FaultState[];
  private cfg: DeploymentConfig = INITIAL_CONFIG;
  private t: number;
  private health = 1;
  private burstLeft = 0;
  private burstFactor = 1;
  private upstreamDelay: number;
  private restarting = false;

  constructor(options: DeploymentSimulatorOptions = {}) {
    const seed = options.seed ?? 0;
    if (!Number.isInteger(seed)) throw new ConfigError('@awad/policy/deployment-simulator', 'seed', 'an integer', seed);
    this.steps = options.steps ?? DEFAULT_SIMULATOR_OPTIONS.steps;
    this.preroll = options.preroll ?? DEFAULT_SIMULATOR_OPTIONS.preroll;
    if (!Number.isInteger(this.steps) || this.steps < 1) throw new ConfigError('@awad/policy/deployment-simulator', 'steps', 'a positive integer', this.steps);
    if (!Number.isInteger(this.preroll) || this.preroll < 0) throw new ConfigError('@awad/policy/deployment-simulator', 'preroll', 'an integer >= 0', this.preroll);
    this.random = createRandom(seed * 2654435761 + 17);
    this.phase = this.random.next() * 2 * Math.PI;
    this.faults = options.faults ?? faultSchedule(this.random, faultsPerCycle(options.faultsPerCycle));
    this.upstreamDelay = 150 + 100 * this.random.next();
    this.state = this.faults.map((fault) => ({ fault, cleared: false }));
    this.t = -this.preroll;
  }

  get config(): DeploymentConfig {
    return this.cfg;
  }

  /** Current step index (negative during the preroll); the cycle is over at `steps`. */
  get time(): number {
    return this.t;
  }

  get done(): boolean {
    return this.t >= this.steps;
  }

  /** Applies an action (restarts on scaling, rollback on shift) before the next step. */
  act(action: number): void {
    const before = this.cfg;
    this.cfg = applyAction(this.cfg, action);
    if ((action === 2 || action === 3) && this.cfg.workers !== before.workers) {
      // Scaling rolls the workers: a leak's memory is released, and the next step runs with 15%
      // less capacity while they restart. A scale action at its limit (16 workers up, 1 down)
      // changes nothing, so it restarts nothing.
      this.health = 1;
      this.restarting = true;
      for (const s of this.state) if (s.fault.kind === 'memory-leak' && this.isActive(s)) s.cleared = true;
    }
    if (action === 4 && before.model === 'A') for (const s of this.state) if (s.fault.kind === 'bad-rollout' && this.isActive(s)) s.cleared = true;
  }

  /** Runs one step with the current configuration. */
  step(): SimStepResult {
    const t = this.t;
    const r = this.random;
    const active = this.state.filter((s) => this.isActive(s)).map((s) => s.fault.kind);
    for (const s of this.state) {
      // A new rollout replaces model A and takes the traffic back to it.
      if (s.fault.kind === 'bad-rollout' && s.fault.onset === t) this.cfg = { ...this.cfg, model: 'A' };
    }
    const has = (k: FaultKind): boolean => active.includes(k);
    if (has('memory-leak')) this.health = Math.max(0.3, this.health * 0.99);
    if (this.burstLeft > 0) this.burstLeft -= 1;
    else if (r.chance(0.02)) {
      this.burstLeft = r.int(3, 8);
      this.burstFactor = 1.2 + 0.25 * r.next();
    }
    const burst = this.burstLeft > 0 ? this.burstFactor : 1;
    const spike = has('traffic-spike') ? 2 : 1;
    const load = 100 * (1 + 0.3 * Math.sin((2 * Math.PI * t) / this.steps + this.phase)) * (1 + 0.05 * r.normal()) * burst * spike;
    const b = BATCH_SIZES[this.cfg.batchIndex] as number;
    const onB = this.cfg.model === 'B';
    const badRollout = has('bad-rollout') && !onB;
    const slow = has('slow-upstream');
    const capacity = this.cfg.workers * 20 * Math.sqrt(b) * this.health * (onB ? 0.9 : 1) * (slow ? 0.7 : 1) * (this.restarting ? 0.85 : 1);
    this.restarting = false;
    const rho = load / capacity;
    const latencyMs = ((100 + 5 * b) / (1 - Math.min(rho, 0.95))) * (badRollout ? 1.5 : 1) * Math.exp(0.05 * r.normal()) + (slow ? this.upstreamDelay : 0);
    const throughput = Math.min(load, capacity);
    const errorRate = Math.min(1, Math.max(0, 0.002 + (badRollout ? 0.05 : 0) + (slow ? 0.01 : 0) + Math.max(0, 1 - capacity / load) + 0.001 * r.normal()));
    const busy = Math.min(1, rho);
    const metrics: DeploymentMetrics = {
      latencyMs,
      throughput,
      errorRate,
      cpu: clamp01(busy + 0.02 * r.normal()),
      memory: clamp01(0.35 + 0.03 * this.cfg.batchIndex + (0.55 * (1 - this.health)) / 0.7 + 0.01 * r.normal()),
      gpu: clamp01(busy * (0.4 + (0.6 * b) / 32) + 0.02 * r.normal()),
      drift: clamp01((badRollout ? 0.35 : onB ? 0.08 : 0.05) + 0.02 * r.normal()),
    };
    this.t += 1;
    return { t, metrics, config: this.cfg, load, utilisation: rho, active };
  }

  /** Cost of the current configuration: workers / max workers. */
  cost(): number {
    return this.cfg.workers / MAX_WORKERS;
  }

  private isActive(s: FaultState): boolean {
    return !s.cleared && this.t >= s.fault.onset && this.t < s.fault.onset + s.fault.duration;
  }
}

function faultsPerCycle(range: readonly [number, number] | undefined): readonly [number, number] {
  if (range === undefined) return [1, 2];
  const [min, max] = range;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < min) throw new ConfigError('@awad/policy/deployment-simulator', 'faultsPerCycle', 'integers [min, max] with 0 <= min <= max', range);
  return range;
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
