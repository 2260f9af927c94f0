// Choosing a per-template z configuration on a dev split (bench only: it reads the dev runs'
// labels, which a detector never does): host pooling, plain or trimmed statistics, how columns are read (two-sided, only a rise,
// only a fall), whether they are tail-calibrated, the reduction, and which columns enter, by
// greedy forward selection on dev ROC-AUC (a column must add at least 0.002).
// Reference: issue 3 (choices made on a dev split of the fit runs); template-vector-z.ts.
import { TemplateVectorZ, combineWith, type RunGraph, type TemplateVectorZOptions, type ZCalibrate, type ZCombine, type ZPool, type ZRobust, type ZSide } from '@awad/graph';
import { rocAuc } from '@awad/scoring';

const POOLS: readonly ZPool[] = ['none', 'host'];
const ROBUST: readonly ZRobust[] = ['none', 'trim'];
const SIDES: readonly ZSide[] = ['both', 'high', 'low'];
/** Reductions tried: raw sided values by sum of squares or max (session 2), tail-calibrated by sum or max. */
const SCORINGS: readonly { calibrate: ZCalibrate; combine: ZCombine }[] = [
  { calibrate: 'none', combine: 'sumsq' },
  { calibrate: 'none', combine: 'max' },
  { calibrate: 'tail', combine: 'sum' },
  { calibrate: 'tail', combine: 'max' },
];

export interface SelectSpace {
  /** Only two-sided columns, plain statistics, no calibration: session 2's search, for comparison. */
  readonly twoSidedOnly?: boolean;
  /** Statistics tried (default plain and trimmed). */
  readonly robust?: readonly ZRobust[];
}

export interface ZChoice {
  readonly options: Required<Pick<TemplateVectorZOptions, 'pool' | 'robust' | 'combine' | 'calibrate' | 'select' | 'sides'>>;
  readonly devAuc: number;
  /** The chosen configuration's scores of the dev jobs (for choosing a fusion). */
  readonly devScores: Float64Array;
  /** Best dev ROC-AUC per pool/calibrate/combine, for the record. */
  readonly tried: Record<string, { auc: number; columns: string[] }>;
}

function reduce(cols: readonly Float32Array[], width: number, combine: ZCombine, pick: readonly number[]): Float64Array {
  const out: number[] = [];
  for (const c of cols) {
    for (let i = 0; i < c.length / width; i++) {
      let s = 0;
      for (const j of pick) s = combineWith(s, c[i * width + j] as number, combine);
      out.push(s);
    }
  }
  return Float64Array.from(out);
}

function greedy(cols: readonly Float32Array[], width: number, combine: ZCombine, labels: Uint8Array, allowed: readonly number[]): { pick: number[]; auc: number } {
  const pick: number[] = [];
  let auc = 0;
  for (;;) {
    let best = -1;
    let bestAuc = auc + 0.002;
    for (const j of allowed) {
      if (pick.includes(j)) continue;
      const a = rocAuc(labels, reduce(cols, width, combine, [...pick, j]));
      if (a > bestAuc) [best, bestAuc] = [j, a];
    }
    if (best < 0) return { pick, auc: Number(auc.toFixed(4)) };
    pick.push(best);
    auc = bestAuc;
  }
}

/** Fits on `fit` (vectors N*dims per run), chooses on `dev` with `devLabels`; names[d] names column d. */
export function chooseZ(fit: readonly RunGraph[], fitVectors: readonly Float32Array[], dev: readonly RunGraph[], devVectors: readonly Float32Array[], devLabels: Uint8Array, names: readonly string[], space: SelectSpace = {}): ZChoice {
  const dims = names.length;
  const select = SIDES.flatMap(() => Array.from({ length: dims }, (_, d) => d));
  const sides = SIDES.flatMap((s) => names.map(() => s));
  const width = select.length;
  const allowed = space.twoSidedOnly ? Array.from({ length: dims }, (_, d) => d) : Array.from({ length: width }, (_, j) => j);
  const scorings = space.twoSidedOnly ? SCORINGS.filter((s) => s.calibrate === 'none') : SCORINGS;
  const tried: ZChoice['tried'] = {};
  let best: { options: ZChoice['options']; auc: number } | undefined;
  for (const pool of POOLS) {
    for (const robust of space.twoSidedOnly ? (['none'] as const) : (space.robust ?? ROBUST)) {
      for (const calibrate of ['none', 'tail'] as const) {
        const ways = scorings.filter((s) => s.calibrate === calibrate);
        if (ways.length === 0) continue;
        const z = new TemplateVectorZ(dims, { pool, robust, select, sides, calibrate }).fit(fit, fitVectors);
        const cols = dev.map((r, g) => z.columns(r, devVectors[g] as Float32Array));
        for (const { combine } of ways) {
          const g = greedy(cols, width, combine, devLabels, allowed);
          tried[`${pool}/${robust}/${calibrate}/${combine}`] = { auc: g.auc, columns: g.pick.map((j) => `${names[select[j] as number]}:${sides[j]}`) };
          if (!best || g.auc > best.auc) best = { auc: g.auc, options: { pool, robust, calibrate, combine, select: g.pick.map((j) => select[j] as number), sides: g.pick.map((j) => sides[j] as ZSide) } };
        }
      }
    }
  }
  const chosen = best as { options: ZChoice['options']; auc: number };
  const z = new TemplateVectorZ(dims, chosen.options).fit(fit, fitVectors);
  const devScores = Float64Array.from(dev.flatMap((r, g) => [...z.score(r, devVectors[g] as Float32Array)]));
  return { options: chosen.options, devAuc: chosen.auc, devScores, tried };
}

/** "name:side" labels of a choice's columns. */
export const columnLabels = (options: ZChoice['options'], names: readonly string[]): string[] => options.select.map((d, j) => `${names[d]}:${options.sides[j]}`);
