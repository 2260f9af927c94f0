// Augmentation and partial runs for self-supervised training (seed 001 Mechanisms 1 and 3):
// a selection rate r picks V_a; the positive view masks features (same task, less information),
// the negative view is out-of-context (a non-neighbour's numeric block) or inflated delays.
// Training also cuts runs at random topological points so the model sees partial graphs.
// Reference: METHODS.md 3.2 (partial runs), 3.6.
import type { Random } from '@awad/core';
import { FEATURE_DIMS, NUMERIC_DIMS, type FeatureScaler } from './node-features';
import { adjacency, topologicalOrder, type RunGraph } from './run-graph';

export interface AugmentOptions {
  /** Selection rate r (default 0.1). */
  readonly rate: number;
  /** Per-feature masking probability of the positive view (default 0.2). */
  readonly maskProbability: number;
}

export const DEFAULT_AUGMENT_OPTIONS: AugmentOptions = { rate: 0.1, maskProbability: 0.2 };

/** Numeric features the delay inflation may touch: queue_delay, runtime, stage_in_delay, stage_out_delay. */
const DELAY_FEATURES = [1, 2, 4, 5];

export interface AugmentedViews {
  readonly positive: Float32Array;
  readonly negative: Float32Array;
  /** Node indexes of V_a within the graph. */
  readonly selected: number[];
}

function maskNode(x: Float32Array, row: number, k: number): void {
  x[row * FEATURE_DIMS + k] = 0;
  x[row * FEATURE_DIMS + NUMERIC_DIMS + k] = 1;
}

/** Tasks after a random topological cut lose their numeric block (unknown yet). */
export function cutRun(run: RunGraph, x: Float32Array, random: Random): Float32Array {
  const order = topologicalOrder(run);
  if (order === undefined || order.length < 2) return x;
  const keep = 1 + Math.floor(random.next() * (order.length - 1));
  const out = x.slice();
  for (const i of order.slice(keep)) for (let k = 0; k < NUMERIC_DIMS; k++) maskNode(out, i, k);
  return out;
}

export function augment(run: RunGraph, x: Float32Array, scaler: FeatureScaler, random: Random, options: AugmentOptions = DEFAULT_AUGMENT_OPTIONS): AugmentedViews {
  const n = run.tasks.length;
  const count = Math.min(n, Math.max(1, Math.ceil(options.rate * n)));
  const selected = sample(n, count, random);
  const positive = x.slice();
  const negative = x.slice();
  const { parents, children } = adjacency(run);
  for (const v of selected) {
    let masked = 0;
    for (let k = 0; k < NUMERIC_DIMS; k++) {
      if (random.next() < options.maskProbability) {
        maskNode(positive, v, k);
        masked++;
      }
    }
    if (masked === 0) maskNode(positive, v, Math.floor(random.next() * NUMERIC_DIMS));
    const near = new Set([v, ...(parents[v] as number[]), ...(children[v] as number[])]);
    const candidates: number[] = [];
    for (let u = 0; u < n; u++) if (!near.has(u) && run.tasks[u]?.template !== run.tasks[v]?.template) candidates.push(u);
    if (random.next() < 0.5 && candidates.length > 0) {
      const u = candidates[Math.floor(random.next() * candidates.length)] as number;
      negative.copyWithin(v * FEATURE_DIMS, u * FEATURE_DIMS, u * FEATURE_DIMS + 2 * NUMERIC_DIMS);
    } else {
      let touched = 0;
      for (const k of DELAY_FEATURES) {
        if (random.next() < 0.5 || (touched === 0 && k === DELAY_FEATURES[DELAY_FEATURES.length - 1])) {
          const kappa = 1.5 + 2.5 * random.next();
          const at = v * FEATURE_DIMS + k;
          // log1p(y) + log(kappa) in log space, then z-scored like every value.
          negative[at] = (negative[at] as number) + Math.log(kappa) / (scaler.std[k] as number);
          negative[v * FEATURE_DIMS + NUMERIC_DIMS + k] = 0;
          touched++;
        }
      }
    }
  }
  return { positive, negative, selected };
}

function sample(n: number, count: number, random: Random): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random.next() * (n - i));
    [all[i], all[j]] = [all[j] as number, all[i] as number];
  }
  return all.slice(0, count);
}
