// GAT encoder (standard form of seed 000 Eq. 1, METHODS 4.2): per head
// e_ij = LeakyReLU_0.2(a^T (W h_i ; W h_j)), alpha_ij = softmax over j in Pa(i) U Ch(i) U {i},
// h_i' = act(sum_j alpha_ij W h_j). Layer 1: K heads x 16 dims, concatenated, ELU; layer 2: 1 head,
// 32 dims, linear. Edge-list form (segment sums) instead of a dense [N, N] mask.
// Reference: Velickovic et al. 2018, "Graph Attention Networks"; METHODS.md 4.2.
import { Dense, glorotUniform, tf } from '@awad/tensor';
import { createRandom } from '@awad/core';
import type { BatchTensors } from './batch-tensors';

export interface GatOptions {
  readonly inputs: number;
  readonly heads?: number;
  readonly headDims?: number;
  readonly outputs?: number;
  readonly seed?: number;
  readonly name?: string;
}

export interface GatLayerSpec {
  readonly heads: number;
  readonly dims: number;
  readonly activation: 'elu' | 'linear';
}

export class GatEncoder {
  readonly kind = 'gat' as const;
  readonly specs: readonly GatLayerSpec[];
  readonly projections: Dense[];
  /** Attention vectors per layer: [heads, 2 * dims] (a_left ; a_right). */
  readonly attention: tf.Variable[];
  readonly outputs: number;
  readonly name: string;

  constructor(options: GatOptions) {
    const heads = options.heads ?? 4;
    const headDims = options.headDims ?? 16;
    this.outputs = options.outputs ?? 32;
    this.name = options.name ?? 'gat';
    this.specs = [
      { heads, dims: headDims, activation: 'elu' },
      { heads: 1, dims: this.outputs, activation: 'linear' },
    ];
    let inputs = options.inputs;
    const seed = options.seed ?? 1;
    this.projections = [];
    this.attention = [];
    this.specs.forEach((spec, i) => {
      this.projections.push(new Dense({ inputs, units: spec.heads * spec.dims, seed: seed * 173 + i, name: `${this.name}/${i}` }));
      const random = createRandom(seed * 977 + i);
      const init = tf.tensor2d(glorotUniform(spec.heads, 2 * spec.dims, random), [spec.heads, 2 * spec.dims]);
      this.attention.push(tf.variable(init, true));
      init.dispose();
      inputs = spec.heads * spec.dims;
    });
  }

  encode(x: tf.Tensor2D, batch: BatchTensors): tf.Tensor2D {
    return tf.tidy(() => {
      let h = x;
      const { src, dst } = batch.neighbourhood;
      this.specs.forEach((spec, l) => {
        const wh = (this.projections[l] as Dense).apply(h).reshape([batch.n, spec.heads, spec.dims]);
        const a = this.attention[l] as tf.Variable;
        const aLeft = a.slice([0, 0], [spec.heads, spec.dims]).expandDims(0);
        const aRight = a.slice([0, spec.dims], [spec.heads, spec.dims]).expandDims(0);
        const sLeft = tf.sum(tf.mul(wh, aLeft), 2); // [n, heads], for the receiving node i
        const sRight = tf.sum(tf.mul(wh, aRight), 2); // for the sending node j
        const e = tf.leakyRelu(tf.add(tf.gather(sLeft, dst), tf.gather(sRight, src)), 0.2);
        const ex = tf.exp(tf.clipByValue(e, -20, 20)); // [edges, heads]
        const denom = tf.unsortedSegmentSum(ex, dst, batch.n);
        const alpha = tf.div(ex, tf.gather(denom, dst));
        const messages = tf.mul(tf.gather(wh, src), alpha.expandDims(2)); // [edges, heads, dims]
        const out = tf.unsortedSegmentSum(messages, dst, batch.n).reshape([batch.n, spec.heads * spec.dims]) as tf.Tensor2D;
        h = spec.activation === 'elu' ? (tf.elu(out) as tf.Tensor2D) : out;
      });
      return h;
    });
  }

  variables(): tf.Variable[] {
    return [...this.projections.flatMap((p) => p.variables()), ...this.attention];
  }

  namedVariables(): [string, tf.Variable][] {
    return [...this.projections.flatMap((p) => p.namedVariables()), ...this.attention.map((a, i) => [`${this.name}/${i}/attention`, a] as [string, tf.Variable])];
  }

  dispose(): void {
    for (const p of this.projections) p.dispose();
    for (const a of this.attention) a.dispose();
  }
}
