// The live score of a trained ACVAE: its contrast pairs (model_full, model_ano), one pair or an
// ensemble of pairs trained on the same labels, scored in Float32Array code. a = the mean over
// pairs of S_ano - S_full in contrast mode, of -S_full otherwise; per window from z_0 = 0
// (PairWindowScorers, the seed's Algorithm 2) or from carried filter states (PairFilters).
// Reference: METHODS.md sections 2.5 and 2.9 (seed [003] Alg. 2, Eq. (6)); the ensemble mean is
// OUR CHOICE (packages/vae/README.md "Ensemble").
import { SnapshotError } from '@awad/core';
import type { AcvaeModel, AcvaePairWeights } from './acvae-model';
import { Float32SsmFilter, type FilterState } from './float32-filter';
import { Float32SsmScorer } from './float32-ssm';

const MODULE = '@awad/vae/acvae';

/** Where the reconstruction of the newest row goes (the first pair's): mu_x and s_x per metric. */
export type ScoreDetail = { mu: Float64Array; sd: Float64Array };

/** The scored pairs of a model: model_ano only in contrast mode. */
export function scoredPairs(model: AcvaeModel): AcvaePairWeights[] {
  return model.pairs.map((p) => ({ full: p.full, ano: model.mode === 'contrast' ? p.ano : null }));
}

export class PairWindowScorers {
  private readonly pairs: { full: Float32SsmScorer; ano: Float32SsmScorer | undefined }[];

  /** noise: [L, W, Z] (scoreNoise(seed, L, W, Z)). */
  constructor(model: AcvaeModel, noise: Float32Array, samples: number, window: number) {
    this.pairs = scoredPairs(model).map((p) => ({
      full: new Float32SsmScorer(p.full, model.sizes, noise, samples, window),
      ano: p.ano ? new Float32SsmScorer(p.ano, model.sizes, noise, samples, window) : undefined,
    }));
  }

  score(x: Float32Array, t: Float32Array | null, detail?: ScoreDetail): number {
    let sum = 0;
    this.pairs.forEach((p, k) => {
      const full = p.full.score(x, t, k === 0 ? detail : undefined).s;
      sum += p.ano ? p.ano.score(x, t).s - full : -full;
    });
    return sum / this.pairs.length;
  }
}

interface FilterPair {
  readonly full: Float32SsmFilter;
  readonly ano: Float32SsmFilter | undefined;
  /** The carried states (after the last learned row) and the states after the last scored row. */
  readonly state: FilterState;
  readonly anoState: FilterState;
  readonly peek: FilterState;
  readonly anoPeek: FilterState;
}

/** A pair's carried state as JSON (snapshots). */
export interface FilterStateJson {
  readonly z: number[];
  readonly steps: number;
  readonly anoZ: number[];
  readonly anoSteps: number;
}

export class PairFilters {
  private readonly pairs: FilterPair[];
  /** The row the peek states last stepped on (null after a learned row). */
  private peekRow: Float32Array | null = null;

  /** noise: [L, P, Z] (scoreNoise(seed, L, FILTER_PERIOD, Z)). */
  constructor(model: AcvaeModel, noise: Float32Array, samples: number) {
    this.pairs = scoredPairs(model).map((p) => {
      const full = new Float32SsmFilter(p.full, model.sizes, noise, samples);
      const ano = p.ano ? new Float32SsmFilter(p.ano, model.sizes, noise, samples) : undefined;
      return { full, ano, state: full.newState(), anoState: full.newState(), peek: full.newState(), anoPeek: full.newState() };
    });
  }

  /**
   * Steps the carried states onto a learned row (offset xo of x; t at to). When that row is the one
   * the last peek scored (and there is no background), the peek states are taken instead.
   */
  learn(x: Float32Array, xo: number, m: number, t: Float32Array | null, to: number): void {
    const last = this.peekRow;
    const first = this.pairs[0] as FilterPair;
    let same = last !== null && t === null && first.peek.steps === first.state.steps + 1;
    for (let k = 0; same && k < m; k++) same = x[xo + k] === (last as Float32Array)[k];
    for (const p of this.pairs) {
      if (same) {
        p.full.copyState(p.peek, p.state);
        if (p.ano) p.ano.copyState(p.anoPeek, p.anoState);
      } else {
        p.full.advance(p.state, x, xo, t, to);
        p.ano?.advance(p.anoState, x, xo, t, to);
      }
    }
    this.peekRow = null;
  }

  /** The score of the row at xo as the newest point: copies of the carried states step onto it. */
  peek(win: Float32Array, xo: number, m: number, t: Float32Array | null, to: number, detail?: ScoreDetail): number {
    let sum = 0;
    this.pairs.forEach((p, k) => {
      p.full.copyState(p.state, p.peek);
      p.full.advance(p.peek, win, xo, t, to);
      const full = p.full.emit(p.peek, win, xo, t, to, k === 0 ? detail : undefined).s;
      if (!p.ano) {
        sum -= full;
        return;
      }
      p.ano.copyState(p.anoState, p.anoPeek);
      p.ano.advance(p.anoPeek, win, xo, t, to);
      sum += p.ano.emit(p.anoPeek, win, xo, t, to).s - full;
    });
    this.peekRow = win.slice(xo, xo + m);
    return sum / this.pairs.length;
  }

  toJSON(): FilterStateJson[] {
    return this.pairs.map((p) => ({ z: Array.from(p.state.z), steps: p.state.steps, anoZ: Array.from(p.anoState.z), anoSteps: p.anoState.steps }));
  }

  /** Loads carried states (one per pair; a single object is the one-pair form of earlier snapshots). */
  load(json: FilterStateJson | readonly FilterStateJson[]): void {
    const list = Array.isArray(json) ? json : [json as FilterStateJson];
    if (list.length !== this.pairs.length) throw new SnapshotError(MODULE, `filter states of ${this.pairs.length} pair(s)`, `${list.length}`);
    list.forEach((s, k) => {
      const p = this.pairs[k] as FilterPair;
      if (s.z.length !== p.state.z.length || s.anoZ.length !== p.anoState.z.length) throw new SnapshotError(MODULE, `filter states of ${p.state.z.length} values`, `${s.z.length}`);
      p.state.z.set(s.z);
      p.state.steps = s.steps;
      p.anoState.z.set(s.anoZ);
      p.anoState.steps = s.anoSteps;
    });
    this.peekRow = null;
  }
}
