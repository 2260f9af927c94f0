// SKAB valve1 under SKAB's convention: each file's first 400 rows train (learned, not scored),
// the rest is scored with the model frozen; counts pooled over the 16 files. Every stats
// detector, with both threshold rules fixed in advance (no test label chooses them); the best
// F1 over thresholds is reported beside them as an oracle.
// The same code as `awad score --train-rows 400` + `awad eval --metrics skab,bestf1,auc`.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { evaluateScores, parseThresholdRule, readSeriesFile, scoreSeries } from '@awad/cli';
import { STATS_STAGE_NAMES } from '@awad/stats';

export interface SkabRow {
  readonly detector: string;
  readonly threshold: string;
  readonly f1: number;
  readonly far: number;
  readonly mar: number;
  readonly oracleF1: number;
  readonly rocAuc: number;
}

export function runSkabBench(datasets: string): { files: number; testRows: number; anomalousShare: number; rows: SkabRow[] } {
  const dir = join(datasets, 'skab', 'valve1');
  const names = readdirSync(dir).filter((f) => f.endsWith('.csv')).sort();
  const files = names.map((n) => readSeriesFile(join(dir, n), { format: 'skab' }));
  const rows: SkabRow[] = [];
  let testRows = 0;
  let positives = 0;
  for (const detector of STATS_STAGE_NAMES) {
    for (const threshold of ['default', 'q:0.99x1.5']) {
      const scored = files.map((file) => {
        const s = scoreSeries(file, { detectors: [detector], trainRows: 400, threshold: parseThresholdRule(threshold) });
        const keep = [...s.score.keys()].filter((i) => !Number.isNaN(s.score[i] as number));
        return {
          name: file.path,
          labels: Uint8Array.from(keep, (i) => file.labels?.[i] ?? 0),
          scores: Float64Array.from(keep, (i) => s.score[i] as number),
          predictions: Uint8Array.from(keep, (i) => s.isAnomaly[i] as number),
        };
      });
      const report = evaluateScores(scored, ['skab', 'bestf1', 'auc']);
      testRows = report.rows;
      positives = report.positives;
      rows.push({
        detector,
        threshold,
        f1: report.skab?.f1 ?? Number.NaN,
        far: report.skab?.far ?? Number.NaN,
        mar: report.skab?.mar ?? Number.NaN,
        oracleF1: report.bestf1?.oracleF1 ?? Number.NaN,
        rocAuc: report.auc?.rocAuc ?? Number.NaN,
      });
    }
  }
  return { files: files.length, testRows, anomalousShare: positives / testRows, rows };
}

export const DEFAULT_DATASETS = process.env.AWAD_DATASETS ?? resolve(import.meta.dirname, '..', '..', 'shared', 'datasets');
