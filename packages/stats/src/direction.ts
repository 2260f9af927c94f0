// Direction: which side of the baseline a two-sided detector scores.
// Reference: one-sided control charts (Montgomery, Introduction to Statistical Quality Control,
// §9.1): an upper chart ignores deviations below the centre line.

/**
 * 'both' (default): a deviation on either side scores; 'up': only values above the baseline
 * (slow, queued too long); 'down': only values below it. A value on the ignored side scores 0:
 * it is judged and normal, the detector does not abstain.
 */
export type Direction = 'both' | 'up' | 'down';

/** Every {@link Direction}, in the order error messages list them. */
export const DIRECTIONS: readonly Direction[] = Object.freeze(['both', 'up', 'down']);

/** Numeric code of a direction for the hot path (a small-integer compare, no string compare). */
export const BOTH = 0;
export const UP = 1;
export const DOWN = 2;

/** The code of a validated direction. */
export function directionCode(direction: Direction): number {
  return direction === 'up' ? UP : direction === 'down' ? DOWN : BOTH;
}

/**
 * The directed deviation, never negative: `up` is how far the value lies above the baseline
 * (or its upper fence), `down` how far below (or below its lower fence), in the same units.
 * BOTH gives max(up, down, 0), UP max(up, 0), DOWN max(down, 0). For a centre c and a value t,
 * `directed(code, t - c, c - t)` is |t - c| under BOTH and max(0, t - c) under UP.
 *
 * @example
 * directed(UP, 12 - 10, 10 - 12); // 2
 * directed(UP, 8 - 10, 10 - 8); // 0: below the baseline, judged normal
 * directed(BOTH, 8 - 10, 10 - 8); // 2
 */
export function directed(code: number, up: number, down: number): number {
  if (code === UP) return up > 0 ? up : 0;
  if (code === DOWN) return down > 0 ? down : 0;
  const m = up > down ? up : down;
  return m > 0 ? m : 0;
}

