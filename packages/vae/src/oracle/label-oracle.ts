// The label oracle ACVAE asks during active learning: point indices in, 0/1 labels out. The
// detector sees labels only through it. createGroundTruthOracle answers from known labels for
// evaluation, counts every labeled point against a budget and refuses beyond it.
// Reference: METHODS.md section 2.6-2.8 (seed [003] Alg. 1 lines 10-11, 3% budget).
import { AwadError, ConfigError } from '@awad/core';

const MODULE = '@awad/vae/oracle';

/** Asks for the labels (1 = anomalous) of points, by index into the data given to fit(). */
export type LabelOracle = (indices: readonly number[]) => Promise<Uint8Array>;

/** Thrown (as a rejection) when a query would label more points than the budget allows. */
export class LabelBudgetError extends AwadError {
  override readonly name = 'LabelBudgetError' as const;
  readonly budget: number;
  readonly used: number;
  readonly requested: number;

  constructor(budget: number, used: number, requested: number) {
    super('LABEL_BUDGET_EXCEEDED', `${MODULE}: expected a query of at most ${budget - used} new point(s) (budget ${budget}, ${used} used), got ${requested}`);
    this.budget = budget;
    this.used = used;
    this.requested = requested;
  }
}

export interface GroundTruthOracle extends LabelOracle {
  /** Points it may label in all. */
  readonly budget: number;
  /** Distinct points labeled so far. */
  readonly used: number;
  readonly remaining: number;
  /** Calls answered. */
  readonly queries: number;
  /** The points labeled so far. */
  readonly asked: ReadonlySet<number>;
}

export interface GroundTruthOracleOptions {
  /** Share of the points it may label (default 0.03), or use `points`. */
  readonly budget?: number;
  /** Absolute number of points it may label (overrides `budget`). */
  readonly points?: number;
}

/**
 * An oracle that reads ground-truth labels (for evaluation). A point asked twice costs once; a
 * query that would pass the budget is refused whole with a LabelBudgetError.
 */
export function createGroundTruthOracle(labels: ArrayLike<number>, options: GroundTruthOracleOptions = {}): GroundTruthOracle {
  const share = options.budget ?? 0.03;
  if (typeof share !== 'number' || !(share >= 0 && share <= 1)) throw new ConfigError(MODULE, 'budget', 'a share in [0, 1]', share);
  if (options.points !== undefined && (!Number.isInteger(options.points) || options.points < 0)) throw new ConfigError(MODULE, 'points', 'a non-negative integer', options.points);
  const budget = options.points ?? Math.floor(share * labels.length);
  const asked = new Set<number>();
  let queries = 0;
  const oracle = async (indices: readonly number[]): Promise<Uint8Array> => {
    const fresh = new Set<number>();
    for (const i of indices) {
      if (!Number.isInteger(i) || i < 0 || i >= labels.length) throw new AwadError('INVALID_INPUT', `${MODULE}: expected point indices in [0, ${labels.length}), got ${String(i)}`);
      if (!asked.has(i)) fresh.add(i);
    }
    if (asked.size + fresh.size > budget) throw new LabelBudgetError(budget, asked.size, fresh.size);
    for (const i of fresh) asked.add(i);
    queries++;
    return Uint8Array.from(indices, (i) => ((labels[i] as number) > 0 ? 1 : 0));
  };
  return Object.defineProperties(oracle, {
    budget: { get: () => budget, enumerable: true },
    used: { get: () => asked.size, enumerable: true },
    remaining: { get: () => budget - asked.size, enumerable: true },
    queries: { get: () => queries, enumerable: true },
    asked: { get: () => asked, enumerable: true },
  }) as GroundTruthOracle;
}
