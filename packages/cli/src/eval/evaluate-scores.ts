// Metrics of scored files against labels, pooled over files the way each benchmark pools them.
// Reference: METHODS.md 6.1 (point, SKAB), 6.2 (range-based, best F1, range AUPRC), 6.3 (AUC, AP, P@k).
import { averagePrecision, bestF1Threshold, pointMetrics, precisionAtK, rangeAuprc, rangeMetrics, rocAuc, skabMetrics } from '@awad/scoring';
import { CliError } from '../cli-error';

export const METRIC_NAMES = ['point', 'skab', 'range', 'auc', 'ap', 'pk', 'bestf1', 'bestrangef1', 'auprc'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
export const DEFAULT_METRICS: readonly MetricName[] = ['point', 'skab', 'range', 'auc', 'ap'];

/** One scored file: rows with a score, aligned with their labels. */
export interface ScoredLabels {
  readonly name: string;
  readonly labels: Uint8Array;
  readonly scores: Float64Array;
  /** 0/1 decisions, when the file has them. */
  readonly predictions: Uint8Array | undefined;
}

export type EvalReport = Partial<Record<MetricName, Record<string, number>>> & { readonly rows: number; readonly positives: number; readonly files: number };

export function evaluateScores(files: readonly ScoredLabels[], metrics: readonly MetricName[] = DEFAULT_METRICS): EvalReport {
  const labels = concat(files.map((f) => f.labels), (n) => new Uint8Array(n));
  const scores = concat(files.map((f) => f.scores), (n) => new Float64Array(n));
  const needsPredictions = metrics.some((m) => m === 'point' || m === 'skab' || m === 'range');
  if (needsPredictions) {
    const missing = files.find((f) => f.predictions === undefined);
    if (missing) throw new CliError(`${missing.name}: expected an is_anomaly column for the point, skab and range metrics`);
  }
  const series = files.map((f) => ({ labels: f.labels, predictions: f.predictions as Uint8Array }));
  const scoreSeries = files.map((f) => ({ labels: f.labels, scores: f.scores }));
  const report: Record<string, unknown> = { rows: labels.length, positives: labels.reduce((a, b) => a + b, 0), files: files.length };
  for (const metric of metrics) {
    switch (metric) {
      case 'point': {
        const m = pointMetrics(labels, concat(series.map((s) => s.predictions), (n) => new Uint8Array(n)));
        report.point = { precision: m.precision, recall: m.recall, f1: m.f1, fpr: m.fpr };
        break;
      }
      case 'skab': {
        const m = skabMetrics(series);
        report.skab = { f1: m.f1, far: m.far, mar: m.mar };
        break;
      }
      case 'range': {
        const m = rangeMetrics(series);
        report.range = { precision: m.precision, recall: m.recall, f1: m.f1, meanDetectionDelay: m.meanDetectionDelay };
        break;
      }
      case 'auc':
        report.auc = { rocAuc: rocAuc(labels, scores) };
        break;
      case 'ap':
        report.ap = { averagePrecision: averagePrecision(labels, scores) };
        break;
      case 'pk':
        report.pk = { precisionAtK: precisionAtK(labels, scores) };
        break;
      case 'bestf1': {
        const b = bestF1Threshold(labels, scores, { metric: 'point' });
        report.bestf1 = { oracleF1: b.f1, precision: b.precision, recall: b.recall, threshold: b.threshold };
        break;
      }
      case 'bestrangef1': {
        const b = bestF1Threshold(scoreSeries, { metric: 'range' });
        report.bestrangef1 = { oracleF1: b.f1, precision: b.precision, recall: b.recall, threshold: b.threshold };
        break;
      }
      case 'auprc':
        report.auprc = { rangeAuprc: rangeAuprc(scoreSeries) };
        break;
    }
  }
  return report as EvalReport;
}

/** The parts end to end, in a new array of the parts' own type. */
function concat<T extends Uint8Array | Float64Array>(parts: readonly T[], make: (length: number) => T): T {
  const out = make(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
