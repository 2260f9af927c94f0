// Graphs packed block-diagonally into one batch, as edge lists for message passing: the parent
// mean (Dp^-1 A^T H), the child mean (Dc^-1 A H) and the GAT neighbourhood Pa(i) U Ch(i) U {i}.
// Edge lists with gather + segment sum instead of METHODS 3.3's dense matrices: a 32-graph batch
// costs O(E) instead of O(N^2) (@awad/tensor registers the segment-sum kernel wasm lacks).
// Reference: METHODS.md 3.2 (batches of 32 graphs, block-diagonal), 3.3, 4.2.
import { FEATURE_DIMS } from './node-features';
import type { RunGraph } from './run-graph';

/** Messages to aggregate: row `dst[e]` receives `weight[e] * h[src[e]]`. */
export interface MessageEdges {
  readonly src: Int32Array;
  readonly dst: Int32Array;
  readonly weight: Float32Array;
}

export interface GraphBatch {
  /** Total nodes. */
  readonly n: number;
  /** X [n, FEATURE_DIMS], row-major. */
  readonly x: Float32Array;
  readonly parentMean: MessageEdges;
  readonly childMean: MessageEdges;
  /** GAT neighbourhoods (unweighted), self loops included. */
  readonly neighbourhood: MessageEdges;
  /** Graph index of each node. */
  readonly graphOf: Int32Array;
  /** First node of each graph. */
  readonly offsets: Int32Array;
}

/** Packs runs with their feature matrices (X of each run, [N_i, F]). */
export function packGraphs(runs: readonly RunGraph[], features: readonly Float32Array[]): GraphBatch {
  let n = 0;
  let e = 0;
  const offsets = new Int32Array(runs.length);
  runs.forEach((run, g) => {
    offsets[g] = n;
    n += run.tasks.length;
    e += run.edges.length;
  });
  const x = new Float32Array(n * FEATURE_DIMS);
  const graphOf = new Int32Array(n);
  const indeg = new Float32Array(n);
  const outdeg = new Float32Array(n);
  runs.forEach((run, g) => {
    const o = offsets[g] as number;
    x.set(features[g] as Float32Array, o * FEATURE_DIMS);
    graphOf.fill(g, o, o + run.tasks.length);
    for (const [u, v] of run.edges) {
      indeg[o + v] = (indeg[o + v] as number) + 1;
      outdeg[o + u] = (outdeg[o + u] as number) + 1;
    }
  });
  const pm = { src: new Int32Array(e), dst: new Int32Array(e), weight: new Float32Array(e) };
  const cm = { src: new Int32Array(e), dst: new Int32Array(e), weight: new Float32Array(e) };
  const nb = { src: new Int32Array(2 * e + n), dst: new Int32Array(2 * e + n), weight: new Float32Array(2 * e + n).fill(1) };
  let k = 0;
  runs.forEach((run, g) => {
    const o = offsets[g] as number;
    for (const [u0, v0] of run.edges) {
      const u = o + u0;
      const v = o + v0;
      pm.src[k] = u; pm.dst[k] = v; pm.weight[k] = 1 / (indeg[v] as number);
      cm.src[k] = v; cm.dst[k] = u; cm.weight[k] = 1 / (outdeg[u] as number);
      nb.src[2 * k] = u; nb.dst[2 * k] = v;
      nb.src[2 * k + 1] = v; nb.dst[2 * k + 1] = u;
      k++;
    }
  });
  for (let i = 0; i < n; i++) {
    nb.src[2 * e + i] = i;
    nb.dst[2 * e + i] = i;
  }
  return { n, x, parentMean: pm, childMean: cm, neighbourhood: nb, graphOf, offsets };
}
