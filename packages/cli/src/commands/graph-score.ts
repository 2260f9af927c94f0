// `awad score --format flowbench`: node-level scores of Flow-Bench jobs by a graph detector, fit on
// a seeded share of the runs and written for the others only (one row per job: run id, job id,
// score). `--labels-out` writes the matching labels file for `awad eval --format csv`.
// Reference: issue 3 item 8; METHODS.md 6.3 (Flow-Bench protocol).
import { writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { GraphSslModel, TemplateZScore, readFlowBench, splitRuns, type RunGraph } from '@awad/graph';
import { ensureBackend } from '@awad/tensor';
import { CliError } from '../cli-error';

export const GRAPH_DETECTORS = ['graph-ssl', 'graph-gat', 'template-zscore'] as const;
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
}

export async function scoreFlowBench(opts: GraphScoreOptions): Promise<{ train: number; scored: number; jobs: number }> {
  if (!(GRAPH_DETECTORS as readonly string[]).includes(opts.detector)) throw new CliError(`--detector: expected one of ${GRAPH_DETECTORS.join(', ')} with --format flowbench, got ${JSON.stringify(opts.detector)}`);
  if (!(opts.trainRuns > 0 && opts.trainRuns < 1)) throw new CliError(`--train-runs: expected a fraction in (0, 1), got ${opts.trainRuns}`);
  const data = readFlowBench(opts.input, opts.dag);
  const { train, test } = splitRuns(data.runs, opts.trainRuns, opts.seed);
  let scores: Float32Array[];
  if (opts.detector === 'template-zscore') {
    const z = new TemplateZScore().fit(train);
    scores = test.map((r) => z.score(r));
  } else {
    await ensureBackend();
    const model = GraphSslModel.train(train, { encoder: opts.detector === 'graph-gat' ? 'gat' : 'graphsage', epochs: opts.epochs, seed: opts.seed });
    scores = model.scoreRuns(test);
    model.dispose();
  }
  const rows = (fn: (run: RunGraph, j: number, g: number) => (string | number)[]): (string | number)[][] => test.flatMap((run, g) => run.tasks.map((_, j) => fn(run, j, g)));
  writeFileSync(opts.out, stringify([['job', 'run_index', 'score'], ...rows((run, j, g) => [`${run.runId}/${run.tasks[j]?.id}`, g, Number((scores[g]?.[j] as number).toPrecision(8))])]));
  if (opts.labelsOut) {
    writeFileSync(opts.labelsOut, stringify([['job', 'run_index', 'label'], ...rows((run, j, g) => [`${run.runId}/${run.tasks[j]?.id}`, g, data.labels.get(run.runId)?.[j] ?? 0])]));
  }
  return { train: train.length, scored: test.length, jobs: scores.reduce((a, s) => a + s.length, 0) };
}
