// `awad score --format flowbench`: node-level scores of Flow-Bench jobs by a graph detector, fit on
// a seeded share of the runs and written for the others only (one row per job: run id, job id,
// score). `--labels-out` writes the matching labels file for `awad eval --format csv`.
// Reference: issue 3 item 8; METHODS.md 6.3 (Flow-Bench protocol).
import { writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { GraphSslModel, MULTI_Z_FEATURES, NUMERIC_FEATURES, SslResidualScorer, TemplateFeatureZScore, TemplateZScore, rankAverage, readFlowBench, splitRuns, type MultiZFeature, type RunGraph, type ZCombine, type ZPool } from '@awad/graph';
import { ensureBackend } from '@awad/tensor';
import { CliError } from '../cli-error';

export const GRAPH_DETECTORS = ['graph-ssl', 'graph-gat', 'template-zscore', 'template-zscore-multi'] as const;
/** Node score of the graph models: latent distance d(v) (METHODS 3.8), per-template z of the residuals + d(v), or per-template z of d(v). */
export const GRAPH_SCORES = ['latent', 'residual', 'latent-z'] as const;
export type GraphScoreKind = (typeof GRAPH_SCORES)[number];
export type GraphDetectorName = (typeof GRAPH_DETECTORS)[number];

export interface GraphScoreOptions {
  readonly input: string;
  readonly dag: string;
  readonly detector: GraphDetectorName;
  readonly trainRuns: number;
  readonly seed: number;
  readonly epochs: number;
  readonly out: string;
  readonly labelsOut?: string;
  /** graph-ssl / graph-gat: node score (default 'latent'). */
  readonly score?: GraphScoreKind;
  /** residual, latent-z and template-zscore-multi: reduction and host pooling (defaults sumsq, none). */
  readonly combine?: ZCombine;
  readonly pool?: ZPool;
  /** template-zscore-multi: features among MULTI_Z_FEATURES; residual: among NUMERIC_FEATURES and 'latent' (default all). */
  readonly features?: readonly string[];
  /** graph-ssl / graph-gat: rank-average the node score with template-zscore-multi on these features (same --pool and --combine). */
  readonly fuseMultiZ?: readonly string[];
}

export async function scoreFlowBench(opts: GraphScoreOptions): Promise<{ train: number; scored: number; jobs: number }> {
  if (!(GRAPH_DETECTORS as readonly string[]).includes(opts.detector)) throw new CliError(`--detector: expected one of ${GRAPH_DETECTORS.join(', ')} with --format flowbench, got ${JSON.stringify(opts.detector)}`);
  if (!(opts.trainRuns > 0 && opts.trainRuns < 1)) throw new CliError(`--train-runs: expected a fraction in (0, 1), got ${opts.trainRuns}`);
  const data = readFlowBench(opts.input, opts.dag);
  const { train, test } = splitRuns(data.runs, opts.trainRuns, opts.seed);
  let scores: Float32Array[];
  const zOptions = { combine: opts.combine ?? 'sumsq', pool: opts.pool ?? 'none' } as const;
  const score = opts.score ?? 'latent';
  if (!(GRAPH_SCORES as readonly string[]).includes(score)) throw new CliError(`--graph-score: expected one of ${GRAPH_SCORES.join(', ')}, got ${JSON.stringify(score)}`);
  if (!['sumsq', 'max'].includes(zOptions.combine)) throw new CliError(`--combine: expected sumsq or max, got ${JSON.stringify(zOptions.combine)}`);
  if (!['none', 'host'].includes(zOptions.pool)) throw new CliError(`--pool: expected none or host, got ${JSON.stringify(zOptions.pool)}`);
  const residualColumns: readonly string[] = [...NUMERIC_FEATURES, 'latent'];
  const allowed: readonly string[] = opts.detector === 'template-zscore-multi' ? MULTI_Z_FEATURES : residualColumns;
  const unknown = opts.features?.find((f) => !allowed.includes(f));
  if (unknown !== undefined) throw new CliError(`--features: expected names among ${allowed.join(', ')}, got ${JSON.stringify(unknown)}`);
  if (opts.fuseMultiZ && !opts.detector.startsWith('graph-')) throw new CliError('--fuse-multi-z: only with --detector graph-ssl or graph-gat');
  if (opts.detector === 'template-zscore') {
    const z = new TemplateZScore().fit(train);
    scores = test.map((r) => z.score(r));
  } else if (opts.detector === 'template-zscore-multi') {
    const z = new TemplateFeatureZScore({ ...zOptions, ...(opts.features ? { features: opts.features as MultiZFeature[] } : {}) }).fit(train);
    scores = test.map((r) => z.score(r));
  } else {
    await ensureBackend();
    const model = GraphSslModel.train(train, { encoder: opts.detector === 'graph-gat' ? 'gat' : 'graphsage', epochs: opts.epochs, seed: opts.seed });
    if (score === 'latent') scores = model.scoreRuns(test);
    else scores = new SslResidualScorer(model, { ...zOptions, columns: score === 'latent-z' ? 'latent' : 'all', ...(opts.features && score === 'residual' ? { select: opts.features.map((f) => residualColumns.indexOf(f)) } : {}) }).fit(train).scoreRuns(test);
    model.dispose();
    if (opts.fuseMultiZ) {
      const bad = opts.fuseMultiZ.find((f) => !(MULTI_Z_FEATURES as readonly string[]).includes(f));
      if (bad !== undefined) throw new CliError(`--fuse-multi-z: expected names among ${MULTI_Z_FEATURES.join(', ')}, got ${JSON.stringify(bad)}`);
      const z = new TemplateFeatureZScore({ ...zOptions, features: opts.fuseMultiZ as MultiZFeature[] }).fit(train);
      const fused = rankAverage([Float64Array.from(scores.flatMap((x) => [...x])), Float64Array.from(test.flatMap((r) => [...z.score(r)]))]);
      let at = 0;
      scores = scores.map((x) => Float32Array.from(x, () => fused[at++] as number));
    }
  }
  const rows = (fn: (run: RunGraph, j: number, g: number) => (string | number)[]): (string | number)[][] => test.flatMap((run, g) => run.tasks.map((_, j) => fn(run, j, g)));
  writeFileSync(opts.out, stringify([['job', 'run_index', 'score'], ...rows((run, j, g) => [`${run.runId}/${run.tasks[j]?.id}`, g, Number((scores[g]?.[j] as number).toPrecision(8))])]));
  if (opts.labelsOut) {
    writeFileSync(opts.labelsOut, stringify([['job', 'run_index', 'label'], ...rows((run, j, g) => [`${run.runId}/${run.tasks[j]?.id}`, g, data.labels.get(run.runId)?.[j] ?? 0])]));
  }
  return { train: train.length, scored: test.length, jobs: scores.reduce((a, s) => a + s.length, 0) };
}
