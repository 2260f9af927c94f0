// Adam over parameter blocks held in a SimdArena (see SimdTrainDense.params), with tfjs's update
// rule so that a hand-written training step follows tf.train.adam: m and v are the biased moments,
// bias-corrected by 1 - beta^t, and value -= lr · m̂ / (sqrt(v̂) + epsilon).
// Reference: Kingma & Ba 2015, Algorithm 1; tfjs-core AdamOptimizer.applyGradients.
import { ConfigError } from '@awad/core';
import type { AdamOptions } from '../adam';
import type { SimdArena } from './simd-arena';
import type { SimdParam } from './simd-train-dense';

export class SimdAdam {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private readonly arena: SimdArena;
  private readonly params: readonly SimdParam[];
  private readonly moments: readonly { readonly m: number; readonly v: number }[];
  private t = 0;

  constructor(arena: SimdArena, params: readonly SimdParam[], options: AdamOptions = {}) {
    this.learningRate = options.learningRate ?? 1e-3;
    if (!(this.learningRate > 0) || !Number.isFinite(this.learningRate)) throw new ConfigError('@awad/tensor/simd-adam', 'learningRate', 'a positive finite number', this.learningRate);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-7;
    this.arena = arena;
    this.params = params;
    this.moments = params.map((p) => ({ m: arena.alloc(p.n), v: arena.alloc(p.n) }));
  }

  /** Steps taken so far. */
  get steps(): number {
    return this.t;
  }

  /** One update of every parameter from the gradients now in the arena. */
  step(): void {
    this.t += 1;
    const { beta1: b1, beta2: b2, epsilon } = this;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    const lr = this.learningRate;
    const f = this.arena.f32;
    this.params.forEach((p, k) => {
      const { m, v } = this.moments[k] as { m: number; v: number };
      for (let i = 0; i < p.n; i++) {
        const g = f[p.grad + i] as number;
        const mi = b1 * (f[m + i] as number) + (1 - b1) * g;
        const vi = b2 * (f[v + i] as number) + (1 - b2) * g * g;
        f[m + i] = mi;
        f[v + i] = vi;
        f[p.value + i] = (f[p.value + i] as number) - (lr * (mi / c1)) / (Math.sqrt(vi / c2) + epsilon);
      }
    });
  }
}
