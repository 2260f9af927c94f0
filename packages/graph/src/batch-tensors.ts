// A GraphBatch as tfjs tensors (created once per batch, disposed by the caller), and the mean
// aggregation both encoders use: out[dst] += w * h[src] (gather, then segment sum).
import { tf } from '@awad/tensor';
import type { GraphBatch, MessageEdges } from './graph-batch';
import { FEATURE_DIMS } from './node-features';

export interface EdgeTensors {
  readonly src: tf.Tensor1D;
  readonly dst: tf.Tensor1D;
  readonly weight: tf.Tensor2D;
}

export interface BatchTensors {
  readonly n: number;
  readonly parentMean: EdgeTensors;
  readonly childMean: EdgeTensors;
  readonly neighbourhood: EdgeTensors;
  dispose(): void;
}

function edgeTensors(e: MessageEdges): EdgeTensors {
  return { src: tf.tensor1d(e.src, 'int32'), dst: tf.tensor1d(e.dst, 'int32'), weight: tf.tensor2d(e.weight, [e.weight.length, 1]) };
}

export function batchTensors(batch: GraphBatch): BatchTensors {
  const parentMean = edgeTensors(batch.parentMean);
  const childMean = edgeTensors(batch.childMean);
  const neighbourhood = edgeTensors(batch.neighbourhood);
  return {
    n: batch.n,
    parentMean,
    childMean,
    neighbourhood,
    dispose() {
      for (const e of [parentMean, childMean, neighbourhood]) tf.dispose([e.src, e.dst, e.weight]);
    },
  };
}

export function featureTensor(x: Float32Array, n: number): tf.Tensor2D {
  return tf.tensor2d(x, [n, FEATURE_DIMS]);
}

/** Weighted sum of messages per destination row: out[d] = sum_{e: dst[e]=d} weight[e] * h[src[e]]. */
export function aggregate(h: tf.Tensor2D, edges: EdgeTensors, n: number): tf.Tensor2D {
  return tf.tidy(() => {
    if (edges.src.shape[0] === 0) return tf.zeros([n, h.shape[1]]) as tf.Tensor2D;
    return tf.unsortedSegmentSum(tf.mul(tf.gather(h, edges.src), edges.weight), edges.dst, n) as tf.Tensor2D;
  });
}
