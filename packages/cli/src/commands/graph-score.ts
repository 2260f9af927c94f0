// `awad score --format flowbench`: node-level scores of Flow-Bench jobs by a graph detector, fit on
// a seeded share of the runs and written for the others only (one row per job: run id, job id,
// score). `--labels-out` writes the matching labels file for `awad eval --format csv`; `--model-out`
// writes a fitted template-zscore-multi as the state a live GraphNodeDetector is built from.
// Reference: issue 3 item 8; METHODS.md 6.3 (Flow-Bench protocol).
import { writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { GraphSslModel, MULTI_Z_FEATURES, NUMERIC_FEATURES, SslResidualScorer, TemplateFeatureZScore, TemplateZScore, rankAverage, readFlowBench, splitRuns, type MultiZFeature, type RunGraph, type TemplateVectorZOptions, type ZCalibrate, type ZCombine, type ZPool, type ZRobust, type ZSide } from '@awad/graph';
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
  /** residual, latent-z and template-zscore-multi: reduction, host pooling, calibration, statistics (defaults sumsq, none, none, none). */
  readonly combine?: ZCombine;
  readonly pool?: ZPool;
  readonly calibrate?: ZCalibrate;
  readonly robust?: ZRobust;
  /** With pool 'host': pool each job only with the peers that ended no later (the live monitor's view). */
  readonly causal?: boolean;
  /** template-zscore-multi: features among MULTI_Z_FEATURES; residual: among NUMERIC_FEATURES and 'latent' (default all); each "name" or "name:both|high|low". */
  readonly features?: readonly string[];
  /** graph-ssl / graph-gat: rank-average the node score with template-zscore-multi on these features (same --pool, --combine, --calibrate, --robust). */
  readonly fuseMultiZ?: readonly string[];
  /** template-zscore-multi: write the fitted TemplateVectorZ state (JSON) here. */
  readonly modelOut?: string;
}

const SIDES: readonly ZSide[] = ['both', 'high', 'low'];

/** "name[:side]" specs as column names and sides; `flag` names the option in errors. */
function columnSpecs(specs: readonly string[], allowed: readonly string[], flag: string): { names: string[]; sides: ZSide[] } {
  const names: string[] = [];
  const sides: ZSide[] = [];
  for (const spec of specs) {
    const [name = '', side = 'both', ...rest] = spec.split(':');
    if (!allowed.includes(name)) throw new CliError(`${flag}: expected names among ${allowed.join(', ')}, got ${JSON.stringify(name)}`);
    if (rest.length > 0 || !(SIDES as readonly string[]).includes(side)) throw new CliError(`${flag}: expected name or name:${SIDES.join('|')}, got ${JSON.stringify(spec)}`);
    names.push(name);
    sides.push(side as ZSide);
  }
  return { names, sides };
}

export async function scoreFlowBench(opts: GraphScoreOptions): Promise<{ train: number; scored: number; jobs: number }> {
  if (!(GRAPH_DETECTORS as readonly string[]).includes(opts.detector)) throw new CliError(`--detector: expected one of ${GRAPH_DETECTORS.join(', ')} with --format flowbench, got ${JSON.stringify(opts.detector)}`);
  if (!(opts.trainRuns > 0 && opts.trainRuns < 1)) throw new CliError(`--train-runs: expected a fraction in (0, 1), got ${opts.trainRuns}`);
  const data = readFlowBench(opts.input, opts.dag);
  const { train, test } = splitRuns(data.runs, opts.trainRuns, opts.seed);
  let scores: Float32Array[];
  const zOptions: TemplateVectorZOptions = { combine: opts.combine ?? 'sumsq', pool: opts.pool ?? 'none', calibrate: opts.calibrate ?? 'none', robust: opts.robust ?? 'none', causal: opts.causal ?? false };
  const score = opts.score ?? 'latent';
  if (!(GRAPH_SCORES as readonly string[]).includes(score)) throw new CliError(`--graph-score: expected one of ${GRAPH_SCORES.join(', ')}, got ${JSON.stringify(score)}`);
  const choice = (flag: string, value: string | undefined, allowed: readonly string[]): void => {
    if (!allowed.includes(value as string)) throw new CliError(`${flag}: expected ${allowed.join(' or ')}, got ${JSON.stringify(value)}`);
  };
  choice('--combine', zOptions.combine, ['sumsq', 'max', 'sum']);
  choice('--pool', zOptions.pool, ['none', 'host']);
  choice('--calibrate', zOptions.calibrate, ['none', 'tail']);
  choice('--robust', zOptions.robust, ['none', 'trim']);
  const residualColumns: readonly string[] = [...NUMERIC_FEATURES, 'latent'];
  const columns = opts.features ? columnSpecs(opts.features, opts.detector === 'template-zscore-multi' ? MULTI_Z_FEATURES : residualColumns, '--features') : undefined;
  if (opts.fuseMultiZ && !opts.detector.startsWith('graph-')) throw new CliError('--fuse-multi-z: only with --detector graph-ssl or graph-gat');
  if (opts.modelOut && opts.detector !== 'template-zscore-multi') throw new CliError('--model-out: only with --detector template-zscore-multi');
  const multiZ = (spec: { names: string[]; sides: ZSide[] } | undefined): TemplateFeatureZScore => new TemplateFeatureZScore({ ...zOptions, ...(spec ? { features: spec.names as MultiZFeature[], sides: spec.sides } : {}) }).fit(train);
  if (opts.detector === 'template-zscore') {
    const z = new TemplateZScore().fit(train);
    scores = test.map((r) => z.score(r));
  } else if (opts.detector === 'template-zscore-multi') {
    const z = multiZ(columns);
    scores = test.map((r) => z.score(r));
    if (opts.modelOut) writeFileSync(opts.modelOut, `${JSON.stringify(z.z.toState())}\n`);
  } else {
    const fuse = opts.fuseMultiZ ? columnSpecs(opts.fuseMultiZ, MULTI_Z_FEATURES, '--fuse-multi-z') : undefined;
    await ensureBackend();
    const model = GraphSslModel.train(train, { encoder: opts.detector === 'graph-gat' ? 'gat' : 'graphsage', epochs: opts.epochs, seed: opts.seed });
    if (score === 'latent') scores = model.scoreRuns(test);
    else scores = new SslResidualScorer(model, { ...zOptions, columns: score === 'latent-z' ? 'latent' : 'all', ...(columns && score === 'residual' ? { select: columns.names.map((f) => residualColumns.indexOf(f)), sides: columns.sides } : {}) }).fit(train).scoreRuns(test);
    model.dispose();
    if (fuse) {
      const z = multiZ(fuse);
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
