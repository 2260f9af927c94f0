// GraphSAGE encoder with mean aggregation, split by edge direction:
// h^{l+1}_v = relu( W_s h_v + W_p mean_{Pa(v)} h_u + W_c mean_{Ch(v)} h_u + b ), one Dense over
// (h ; parent mean ; child mean). Reference: Hamilton et al. 2017; METHODS.md 3.3 (2 layers, F -> 64 -> 64).
import { Dense, tf } from '@awad/tensor';
import { aggregate, type BatchTensors } from './batch-tensors';

export interface GraphSageOptions {
  readonly inputs: number;
  /** Widths of the layers (default [64, 64]). */
  readonly hidden?: readonly number[];
  readonly seed?: number;
  readonly name?: string;
}

export class GraphSageEncoder {
  readonly kind = 'graphsage' as const;
  readonly layers: Dense[];
  readonly outputs: number;

  constructor(options: GraphSageOptions) {
    const hidden = options.hidden ?? [64, 64];
    const name = options.name ?? 'sage';
    let inputs = options.inputs;
    this.layers = hidden.map((units, i) => {
      const layer = new Dense({ inputs: 3 * inputs, units, activation: 'relu', seed: (options.seed ?? 1) * 131 + i, name: `${name}/${i}` });
      inputs = units;
      return layer;
    });
    this.outputs = inputs;
  }

  encode(x: tf.Tensor2D, batch: BatchTensors): tf.Tensor2D {
    return tf.tidy(() => {
      let h = x;
      for (const layer of this.layers) {
        const pa = aggregate(h, batch.parentMean, batch.n);
        const ch = aggregate(h, batch.childMean, batch.n);
        h = layer.apply(tf.concat([h, pa, ch], 1) as tf.Tensor2D);
      }
      return h;
    });
  }

  variables(): tf.Variable[] {
    return this.layers.flatMap((l) => l.variables());
  }

  namedVariables(): [string, tf.Variable][] {
    return this.layers.flatMap((l) => l.namedVariables());
  }

  dispose(): void {
    for (const l of this.layers) l.dispose();
  }
}
