// ACVAE on series files for the CLI: files to ACVAE series, the oracle over their labels (the only
// way labels reach the detector), fitting, scoring to `awad score`-style rows.
// Reference: METHODS.md section 2 (seed [003]); SKAB file format (series-file.ts).
import { ensureBackend } from '@awad/tensor';
import { AcvaeDetector, createGroundTruthOracle, type AcvaeOptions, type AcvaeSeries } from '@awad/vae';
import { CliError } from '../cli-error';
import type { SeriesFile } from '../io/series-file';
import type { ScoredSeries } from './score-series';

export function toAcvaeSeries(file: SeriesFile, from = 0, to = file.rows.length): AcvaeSeries {
  return { rows: file.rows.slice(from, to), times: file.times.subarray(from, to) };
}

/** Fits ACVAE on the files (labels only through a budgeted oracle) and returns the detector. */
export async function fitAcvaeOnFiles(files: readonly SeriesFile[], options: AcvaeOptions & { readonly labelBudget: number; readonly trainRows?: number }, normal: readonly SeriesFile[] = []): Promise<{ detector: AcvaeDetector; used: number; budget: number }> {
  await ensureBackend();
  const series = files.map((f) => toAcvaeSeries(f, 0, options.trainRows ?? f.rows.length));
  const labels: number[] = [];
  files.forEach((f, k) => {
    const n = (series[k] as AcvaeSeries).rows.length;
    if (options.labelBudget > 0 && !f.labels) throw new CliError(`${f.path}: --label-budget needs a label column to answer the oracle, found none`);
    for (let i = 0; i < n; i++) labels.push(f.labels?.[i] ?? 0);
  });
  const oracle = createGroundTruthOracle(labels, { budget: options.labelBudget });
  const { trainRows: _t, ...acvae } = options;
  void _t;
  const detector = new AcvaeDetector({ ...acvae, fitAfter: 0 });
  await detector.fit(series, { ...(options.labelBudget > 0 ? { oracle } : {}), normal: normal.map((f) => toAcvaeSeries(f)) });
  return { detector, used: oracle.used, budget: oracle.budget };
}

/** Scores every row of a file with a fitted detector; rows before `from` are 'train' rows. */
export function scoreFileWithAcvae(detector: AcvaeDetector, file: SeriesFile, from = 0): ScoredSeries {
  const n = file.rows.length;
  const { scores } = detector.scoreSeries(toAcvaeSeries(file));
  const score = new Float64Array(n).fill(Number.NaN);
  const isAnomaly = new Uint8Array(n);
  const reason = new Array<string>(n).fill('');
  for (let i = from; i < n; i++) {
    const s = scores[i] as number;
    score[i] = s;
    if (s >= detector.threshold) {
      isAnomaly[i] = 1;
      reason[i] = `acvae: score ${Number(s.toPrecision(4))} >= threshold ${Number(detector.threshold.toPrecision(4))}`;
    }
  }
  return { stageNames: ['acvae'], split: Array.from({ length: n }, (_, i) => (i < from ? 'train' : 'test')), score, isAnomaly, raw: [Float64Array.from(score)], reason, thresholds: { acvae: detector.threshold } };
}
