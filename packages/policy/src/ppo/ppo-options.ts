// PPO hyperparameters and their defaults.
// Reference: METHODS.md 5.7 (STANDARD: Stable-Baselines3 defaults, entropy 0.01 from Schulman et
// al. 2017); validated here so a bad option fails with a ConfigError naming it.
import { ConfigError } from '@awad/core';

export interface PpoOptions {
  readonly observationSize: number;
  readonly actionCount: number;
  /** Hidden widths of the actor and of the critic (default [64, 64], tanh). */
  readonly hidden?: readonly number[];
  readonly seed?: number;
  readonly learningRate?: number;
  readonly gamma?: number;
  readonly lambda?: number;
  /** Clip range epsilon of the surrogate. */
  readonly clip?: number;
  /** Passes over each rollout. */
  readonly epochs?: number;
  readonly minibatchSize?: number;
  readonly valueCoef?: number;
  readonly entropyCoef?: number;
  readonly maxGradNorm?: number;
}

export const DEFAULT_PPO_OPTIONS = Object.freeze({
  hidden: Object.freeze([64, 64]) as readonly number[],
  seed: 1,
  learningRate: 3e-4,
  gamma: 0.99,
  lambda: 0.95,
  clip: 0.2,
  epochs: 10,
  minibatchSize: 64,
  valueCoef: 0.5,
  entropyCoef: 0.01,
  maxGradNorm: 0.5,
});

export type ResolvedPpoOptions = Required<PpoOptions>;

const MODULE = '@awad/policy/ppo';

export function resolvePpoOptions(options: PpoOptions): ResolvedPpoOptions {
  const o = { ...DEFAULT_PPO_OPTIONS, ...options } as ResolvedPpoOptions;
  const int = (name: keyof PpoOptions, min: number): void => {
    const v = o[name] as number;
    if (!Number.isInteger(v) || v < min) throw new ConfigError(MODULE, name, `an integer >= ${min}`, v);
  };
  const num = (name: keyof PpoOptions, lo: number, hi: number): void => {
    const v = o[name] as number;
    if (typeof v !== 'number' || !(v >= lo && v <= hi)) throw new ConfigError(MODULE, name, `a number in [${lo}, ${hi}]`, v);
  };
  int('observationSize', 1);
  int('actionCount', 2);
  int('seed', 0);
  int('epochs', 1);
  int('minibatchSize', 1);
  num('learningRate', 1e-8, 1);
  num('gamma', 0, 1);
  num('lambda', 0, 1);
  num('clip', 0, 1);
  num('valueCoef', 0, 100);
  num('entropyCoef', 0, 100);
  num('maxGradNorm', 1e-8, 1e6);
  if (!Array.isArray(o.hidden) || o.hidden.some((h) => !Number.isInteger(h) || h < 1)) throw new ConfigError(MODULE, 'hidden', 'an array of positive integers', o.hidden);
  return o;
}
