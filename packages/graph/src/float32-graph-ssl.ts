// The trained GraphSAGE SSL model's forward pass in plain Float32Array loops, for the live path:
// a node's score needs only its 2-hop neighbourhood (2 layers), so one event costs a few small
// matrix-vector products and no tfjs op. Same weights and same results as GraphSslModel.scoreRuns.
// Reference: METHODS.md 3.9 step 9 (re-encode the 2-hop neighbourhood of the changed task).
import { ConfigError } from '@awad/core';
import { Float32Mlp, denseForward, type WeightTensor } from '@awad/tensor';
import type { GraphSslExport } from './graph-ssl-model';
import { FEATURE_DIMS, NUMERIC_DIMS } from './node-features';
import type { ResolvedSslOptions } from './ssl-options';

const MODULE = '@awad/graph/float32-graph-ssl';

interface Layer {
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
  readonly inputs: number;
  readonly units: number;
}

function layer(weights: GraphSslExport['weights'], name: string): Layer {
  const k = weights[`${name}/kernel`] as WeightTensor | undefined;
  const b = weights[`${name}/bias`] as WeightTensor | undefined;
  if (!k || !b) throw new ConfigError(MODULE, 'weights', `weights ${name}/kernel and ${name}/bias`, Object.keys(weights));
  return { kernel: k.values, bias: b.values, inputs: k.shape[0] as number, units: k.shape[1] as number };
}

export class Float32GraphSsl {
  readonly options: ResolvedSslOptions;
  private readonly sage: Layer[];
  private readonly mu: Layer;
  private readonly decoder: Float32Mlp;

  constructor(exported: GraphSslExport) {
    if (exported.kind !== 'awad-graph-ssl') throw new ConfigError(MODULE, 'model', 'an awad-graph-ssl export', exported.kind);
    if (exported.options.encoder !== 'graphsage') throw new ConfigError(MODULE, 'options.encoder', '"graphsage" (the GAT has no Float32 path yet)', exported.options.encoder);
    this.options = exported.options;
    this.sage = exported.options.hidden.map((_, i) => layer(exported.weights, `sage/${i}`));
    this.mu = layer(exported.weights, 'latent/mu');
    this.decoder = Float32Mlp.fromWeights(exported.weights, 'decoder', ['relu', 'linear']);
  }

  /**
   * Score of node `v` of a graph given as feature rows x [n, F] and parent / child lists.
   * Only the 2-hop neighbourhood of v is computed.
   */
  scoreNode(x: Float32Array, parents: readonly (readonly number[])[], children: readonly (readonly number[])[], v: number): number {
    // Layer by layer, the set of nodes whose output the next layer needs.
    const layers = this.sage.length;
    const needed: number[][] = [[v]];
    for (let l = 1; l < layers; l++) {
      const next = new Set<number>();
      for (const u of needed[l - 1] as number[]) {
        next.add(u);
        for (const p of parents[u] ?? []) next.add(p);
        for (const c of children[u] ?? []) next.add(c);
      }
      needed.push([...next]);
    }
    const h = this.encodeNodes(x, parents, children, needed.reverse());
    return this.scoreHidden(h.get(v) as Float32Array, x.subarray(v * FEATURE_DIMS, (v + 1) * FEATURE_DIMS));
  }

  /** Encoder output h_v of every node (n x d), as GraphSslModel.embedRuns computes it with tfjs. */
  encodeAll(x: Float32Array, parents: readonly (readonly number[])[], children: readonly (readonly number[])[]): Float32Array {
    const n = x.length / FEATURE_DIMS;
    const all = Array.from({ length: n }, (_, i) => i);
    const h = this.encodeNodes(x, parents, children, this.sage.map(() => all));
    const d = (this.sage[this.sage.length - 1] as Layer).units;
    const out = new Float32Array(n * d);
    for (let i = 0; i < n; i++) out.set(h.get(i) as Float32Array, i * d);
    return out;
  }

  /** The SAGE layers; needed[l] holds the nodes whose layer-l output is required. */
  private encodeNodes(x: Float32Array, parents: readonly (readonly number[])[], children: readonly (readonly number[])[], needed: readonly (readonly number[])[]): Map<number, Float32Array> {
    let h = new Map<number, Float32Array>();
    const rowOf = (u: number): Float32Array => x.subarray(u * FEATURE_DIMS, (u + 1) * FEATURE_DIMS);
    const input = (u: number, l: number): Float32Array => (l === 0 ? rowOf(u) : (h.get(u) as Float32Array));
    for (let l = 0; l < this.sage.length; l++) {
      const spec = this.sage[l] as Layer;
      const width = spec.inputs / 3;
      const next = new Map<number, Float32Array>();
      const concat = new Float32Array(spec.inputs);
      for (const u of needed[l] as number[]) {
        concat.fill(0);
        concat.set(input(u, l), 0);
        meanInto(concat, width, parents[u] ?? [], (p) => input(p, l));
        meanInto(concat, 2 * width, children[u] ?? [], (c) => input(c, l));
        const out = new Float32Array(spec.units);
        denseForward(concat, 1, spec.kernel, spec.bias, spec.inputs, spec.units, 'relu', out);
        next.set(u, out);
      }
      h = next;
    }
    return h;
  }

  /** Node score from its encoder output and its own feature row. */
  private scoreHidden(hv: Float32Array, row: Float32Array): number {
    const head = new Float32Array(this.mu.units);
    denseForward(hv, 1, this.mu.kernel, this.mu.bias, this.mu.inputs, this.mu.units, 'linear', head);
    let latent: number;
    let z = head;
    if (this.options.latent === 'normal') {
      let s = 0;
      for (const m of head) s += m * m;
      latent = Math.sqrt(s) / Math.sqrt(this.options.latentDims);
    } else {
      z = head.map((l) => 1 / (1 + Math.exp(-l)));
      latent = 1 - z.reduce((a, b) => a + b, 0) / z.length;
    }
    if (this.options.score === 'latent') return latent;
    const xhat = this.decoder.forward(z);
    let err = 0;
    for (let k = 0; k < NUMERIC_DIMS; k++) if (row[NUMERIC_DIMS + k] === 0) err += ((row[k] as number) - (xhat[k] as number)) ** 2;
    return this.options.score === 'reconstruction' ? err : err + latent;
  }
}

function meanInto(out: Float32Array, at: number, nodes: readonly number[], rowOf: (u: number) => Float32Array): void {
  if (nodes.length === 0) return;
  for (const u of nodes) {
    const r = rowOf(u);
    for (let k = 0; k < r.length; k++) out[at + k] = (out[at + k] as number) + (r[k] as number) / nodes.length;
  }
}
