// How the threshold policy's first head sets the threshold: METHODS 4.5's shifts (theta' =
// clip(theta + 0.02 shift, 0.05, 0.95), shift in {-2..+2}, theta_1 = 0.5), or a level chosen each
// step from a grid (theta' = LEVELS[choice], the last theta kept in the state).
// OUR CHOICE: 'level' is the default. With shifts the greedy policy trained to "always +2": a shift
// moves theta for every later step, but with gamma 0.9 its return sees only the next ~10 steps, in
// which a false alert (frequent) is far likelier than a missed anomaly (2% of steps), and at the cap
// 0.95 a +2 costs nothing more; so the shipped shift policy sat at 0.95 on every validation
// workflow (packages/policy/README.md). A level acts on the current verdict only, so its reward is
// immediate and the policy can hold any threshold or move anywhere in one step.
import { ConfigError } from '@awad/core';

export type ThresholdActionSpaceName = 'shift' | 'level';
export const THRESHOLD_ACTION_SPACES: readonly ThresholdActionSpaceName[] = ['shift', 'level'];

export interface ThresholdActionSpace {
  readonly name: ThresholdActionSpaceName;
  /** How many threshold choices the policy has (its first logits). */
  readonly choices: number;
  /** The threshold after `choice` from `theta`. */
  next(theta: number, choice: number): number;
  /** A readable name of each choice (for the policy file). */
  label(choice: number): string;
}

export const SHIFTS = [-2, -1, 0, 1, 2] as const;
/** The level grid: 0.10, 0.15, ..., 0.95 (the grid the fixed rule is tuned on). */
export const LEVELS: readonly number[] = Object.freeze(Array.from({ length: 18 }, (_, i) => Math.round((0.1 + 0.05 * i) * 100) / 100));
/** The threshold an episode starts from (METHODS 4.5: theta_1 = 0.5). */
export const INITIAL_THRESHOLD = 0.5;

const SHIFT_SPACE: ThresholdActionSpace = Object.freeze({
  name: 'shift',
  choices: SHIFTS.length,
  next: (theta: number, choice: number) => Math.min(0.95, Math.max(0.05, theta + 0.02 * (SHIFTS[choice] as number))),
  label: (choice: number) => {
    const s = SHIFTS[choice] as number;
    return `shift ${s > 0 ? '+' : ''}${s}`;
  },
});

const LEVEL_SPACE: ThresholdActionSpace = Object.freeze({
  name: 'level',
  choices: LEVELS.length,
  next: (_theta: number, choice: number) => LEVELS[choice] as number,
  label: (choice: number) => `threshold ${(LEVELS[choice] as number).toFixed(2)}`,
});

export function thresholdActionSpace(name: ThresholdActionSpaceName = 'level'): ThresholdActionSpace {
  if (name === 'shift') return SHIFT_SPACE;
  if (name === 'level') return LEVEL_SPACE;
  throw new ConfigError('@awad/policy', 'actionSpace', `one of ${THRESHOLD_ACTION_SPACES.join(', ')}`, name);
}
