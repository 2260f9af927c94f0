// Location and spread of one template's values of one feature, plain or trimmed: with 'trim' the
// mean and standard deviation are re-estimated on the values within 2.5 sd of the previous
// estimate, three times, so that a share of anomalous fit tasks (about a third of Flow-Bench's
// compute jobs) widens the spread less. Labels are never read; the dev split decides whether to use it.
// Reference: issue 3 (robust per-template statistics fit on pseudo-normal jobs); iterative
// sigma-clipping as in astropy.stats.sigma_clip.
export type ZRobust = 'none' | 'trim';

const CLIP = 2.5;
const ROUNDS = 3;
/** Added to every spread, so a constant feature does not divide by zero. */
const FLOOR = 1e-3;

/** Mean and sd (+FLOOR) of finite `values`; sd is +Infinity with fewer than two. */
export function robustSpread(values: readonly number[], robust: ZRobust): { mean: number; std: number } {
  let xs = values;
  let mean = 0;
  let std = Number.POSITIVE_INFINITY;
  for (let round = 0; round <= (robust === 'trim' ? ROUNDS : 0); round++) {
    if (round > 0) {
      const kept = xs.filter((x) => Math.abs(x - mean) <= CLIP * std);
      if (kept.length < 2 || kept.length === xs.length) break;
      xs = kept;
    }
    const n = xs.length;
    if (n === 0) return { mean: 0, std };
    mean = xs.reduce((a, b) => a + b, 0) / n;
    std = n > 1 ? Math.sqrt(Math.max(0, xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n)) + FLOOR : Number.POSITIVE_INFINITY;
  }
  return { mean, std };
}
