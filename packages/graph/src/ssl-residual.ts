// The self-supervised model's per-feature reconstruction residuals (and latent distance), z-scored
// per job template on the fitting runs, read two- or one-sided, optionally pooled over the run's
// tasks on the same host and calibrated, then reduced (template-vector-z.ts). The decoder's error
// is thereby comparable across job types.
// Labels are never read. Reference: METHODS.md 3.2 (normalisation), 3.5 (decoder), 3.8 (scoring,
// the reconstruction ablation); template-vector-z.ts.
import { GraphSslModel, type EpochReport } from './graph-ssl-model';
import { NUMERIC_DIMS } from './node-features';
import type { RunGraph } from './run-graph';
import type { GraphSslOptions } from './ssl-options';
import { TemplateVectorZ, type TemplateVectorZOptions } from './template-vector-z';

/** Which columns are z-scored: the residuals and the latent distance ('all'), or the latent distance alone. */
export type ResidualColumns = 'all' | 'latent';

export interface SslResidualOptions extends TemplateVectorZOptions {
  /** 'latent' keeps only d(v); with 'all', `select` picks among the residual columns (NUMERIC_FEATURES order) and d(v) (last). */
  readonly columns?: ResidualColumns;
}

export class SslResidualScorer {
  private readonly z: TemplateVectorZ;
  readonly columns: ResidualColumns;

  constructor(
    readonly model: GraphSslModel,
    options: SslResidualOptions = {},
  ) {
    this.columns = options.columns ?? 'all';
    this.z = new TemplateVectorZ(this.columns === 'latent' ? 1 : NUMERIC_DIMS + 1, this.columns === 'latent' ? { ...options, select: [0], sides: [options.sides?.[0] ?? 'both'] } : options);
  }

  private vectors(runs: readonly RunGraph[]): Float32Array[] {
    const all = this.model.residuals(runs);
    return this.columns === 'latent' ? all.map((r) => r.filter((_, i) => i % (NUMERIC_DIMS + 1) === NUMERIC_DIMS)) : all;
  }

  /** Trains a GraphSslModel on `runs`, then fits the per-template residual statistics on them. */
  static train(runs: readonly RunGraph[], ssl: GraphSslOptions = {}, options: SslResidualOptions = {}, onEpoch?: (report: EpochReport) => void): SslResidualScorer {
    return new SslResidualScorer(GraphSslModel.train(runs, ssl, onEpoch), options).fit(runs);
  }

  /** (Re)fits the per-template residual statistics on `runs` (after more training, for instance). */
  fit(runs: readonly RunGraph[]): this {
    this.z.fit(runs, this.vectors(runs));
    return this;
  }

  /** A scorer over the same model and fitted runs with another reduction or pooling. */
  withOptions(runs: readonly RunGraph[], options: SslResidualOptions): SslResidualScorer {
    return new SslResidualScorer(this.model, options).fit(runs);
  }

  scoreRuns(runs: readonly RunGraph[]): Float32Array[] {
    const residuals = this.vectors(runs);
    return runs.map((run, g) => this.z.score(run, residuals[g] as Float32Array));
  }

  dispose(): void {
    this.model.dispose();
  }
}
