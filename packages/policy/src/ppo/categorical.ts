// Categorical distribution helpers on logits in plain Float32Arrays (acting without tfjs).

/** Softmax of `logits[offset .. offset + n)` into `out`; returns out. */
export function softmax(logits: Float32Array, offset: number, n: number, out: Float32Array): Float32Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < n; j++) max = Math.max(max, logits[offset + j] as number);
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const v = Math.exp((logits[offset + j] as number) - max);
    out[j] = v;
    sum += v;
  }
  for (let j = 0; j < n; j++) out[j] = (out[j] as number) / sum;
  return out;
}

/** Samples an index from probabilities with a uniform u in [0, 1). */
export function sampleIndex(probs: Float32Array, n: number, u: number): number {
  let acc = 0;
  for (let j = 0; j < n; j++) {
    acc += probs[j] as number;
    if (u < acc) return j;
  }
  return n - 1;
}

export function argmax(values: ArrayLike<number>, offset = 0, n = values.length): number {
  let best = 0;
  for (let j = 1; j < n; j++) if ((values[offset + j] as number) > (values[offset + best] as number)) best = j;
  return best;
}
