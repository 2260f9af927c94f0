// Scoring a series file with stats detectors: online (score, then learn each row), or SKAB-style
// (learn the first N rows, then score the rest with the model frozen). Labels are never read here.
// Reference: SKAB convention (first 400 rows train); Phase I / Phase II control charts.
import { SeriesScorer, StaticThreshold, type StageSpec } from '@awad/core';
import { statsStage } from '@awad/stats';
import type { VaeModel } from '@awad/vae';
import { CliError } from '../cli-error';
import type { SeriesFile } from '../io/series-file';
import { finishVaeTraining, isVaeStageName, useModel, vaeStage } from './vae-stages';

/** How each stage's threshold is set. */
export type ThresholdRule =
  | { readonly kind: 'default' }
  /** multiplier x the q-quantile of the stage's raw scores on the training rows. */
  | { readonly kind: 'train-quantile'; readonly q: number; readonly multiplier: number };

export interface ScoreOptions {
  readonly detectors: readonly string[];
  /** Learn the first N rows, then score the rest frozen. Without it, learn online. */
  readonly trainRows?: number;
  readonly threshold?: ThresholdRule;
  /** A saved VAE for the vae stages (instead of fitting one on the training rows). */
  readonly model?: VaeModel;
}

export interface ScoredSeries {
  readonly stageNames: readonly string[];
  /** 'train' rows are learned, not scored; 'test' rows are scored. */
  readonly split: readonly ('train' | 'test')[];
  /** Fused calibrated score per row (NaN where not scored or still warming up). */
  readonly score: Float64Array;
  readonly isAnomaly: Uint8Array;
  /** Raw score per stage per row. */
  readonly raw: readonly Float64Array[];
  readonly reason: readonly string[];
  /** Threshold of each stage on its raw scale, where the rule set one. */
  readonly thresholds: Readonly<Record<string, number>>;
}

export function parseThresholdRule(text: string): ThresholdRule {
  if (text === 'default') return { kind: 'default' };
  const m = /^q:(0?\.\d+|1(?:\.0*)?)(?:x(\d+(?:\.\d+)?))?$/.exec(text);
  if (!m) throw new CliError(`--threshold: expected "default" or "q:<quantile>[x<multiplier>]" (e.g. q:0.99x1.5), got ${JSON.stringify(text)}`);
  return { kind: 'train-quantile', q: Number(m[1]), multiplier: m[2] === undefined ? 1 : Number(m[2]) };
}

export function scoreSeries(file: SeriesFile, options: ScoreOptions): ScoredSeries {
  const specs: StageSpec[] = options.detectors.map((name) => (isVaeStageName(name) ? vaeStage(name, options.model) : statsStage(name)));
  const vaeStages = options.detectors.flatMap((name, k) => (isVaeStageName(name) ? [k] : []));
  if (vaeStages.length > 0 && trainRowsOf(options) === 0 && options.model === undefined) throw new CliError('--detector vae: needs --train-rows N (it fits on the first N rows) or --model FILE');
  const trainRows = options.trainRows ?? 0;
  const rule = options.threshold ?? { kind: 'default' };
  if (rule.kind !== 'default' && trainRows === 0) throw new CliError('--threshold q:...: needs --train-rows (the quantile is taken over the training rows)');
  if (trainRows >= file.rows.length) throw new CliError(`--train-rows: expected fewer than the ${file.rows.length} rows of ${file.path}, got ${trainRows}`);
  const failures: string[] = [];
  const fail = (stage: string, error: unknown): void => void failures.push(`${stage}: ${error instanceof Error ? error.message : String(error)}`);

  let scorer = new SeriesScorer(specs);
  const series = scorer.newSeries();
  if (options.model) for (const k of vaeStages) useModel(series.detectors[k], options.model);
  const n = file.rows.length;
  const score = new Float64Array(n).fill(Number.NaN);
  const isAnomaly = new Uint8Array(n);
  const raw = specs.map(() => new Float64Array(n).fill(Number.NaN));
  const reason: string[] = new Array<string>(n).fill('');
  const split: ('train' | 'test')[] = [];
  const thresholds: Record<string, number> = {};

  if (trainRows > 0) {
    // Phase I: learn the training rows; keep each stage's raw score of each row before learning it.
    const trainScores = specs.map(() => [] as number[]);
    for (let i = 0; i < trainRows; i++) {
      const ctx = contextOf(file, i);
      const judgement = scorer.judge(series, file.rows[i] as Record<string, number>, ctx, fail);
      for (const r of judgement.results) trainScores[scorer.stages.findIndex((s) => s.name === r.name)]?.push(r.raw);
      scorer.calibrate(judgement.results, fail);
      scorer.learn(series, file.rows[i] as Record<string, number>, ctx, fail);
      split.push('train');
    }
    // The VAE stages fit now, on the training rows, and set their own cut-offs.
    const vaeCuts = new Map(vaeStages.map((k) => [k, finishVaeTraining(series.detectors[k], rule)]));
    if (rule.kind === 'train-quantile' || vaeStages.length > 0) {
      // Same stages with new thresholds; the trained series (detectors and history) carries over.
      scorer = new SeriesScorer(
        specs.map((spec, k) => {
          if (rule.kind !== 'train-quantile' && !vaeCuts.has(k)) return spec;
          const cut = vaeCuts.get(k) ?? (rule as { multiplier: number }).multiplier * quantile(trainScores[k] as number[], (rule as { q: number }).q);
          thresholds[scorer.stages[k]?.name as string] = cut;
          const calibrator = scorer.stages[k]?.calibrator;
          return { ...spec, threshold: new StaticThreshold(calibrator ? calibrator.transform(cut) : cut) };
        }),
      );
    }
  }
  for (let i = trainRows; i < n; i++) {
    const ctx = contextOf(file, i);
    const x = file.rows[i] as Record<string, number>;
    // Phase II (frozen) after training rows; online (score, then learn unless flagged) otherwise.
    const judgement = trainRows > 0 ? scorer.judge(series, x, ctx, fail) : scorer.observe(series, x, ctx, fail);
    split.push('test');
    for (const r of judgement.results) (raw[scorer.stages.findIndex((s) => s.name === r.name)] as Float64Array)[i] = r.raw;
    if (!judgement.judged) continue;
    score[i] = judgement.score;
    isAnomaly[i] = judgement.isAnomaly ? 1 : 0;
    const top = judgement.reasons[0];
    if (top) reason[i] = `${top.detector}: ${top.message}`;
  }
  if (failures.length > 0) throw new CliError(`${file.path}: a detector failed: ${failures[0]}`, 1);
  return { stageNames: scorer.stages.map((s) => s.name), split, score, isAnomaly, raw, reason, thresholds };
}

function trainRowsOf(options: ScoreOptions): number {
  return options.trainRows ?? 0;
}

function contextOf(file: SeriesFile, i: number): { time?: number } {
  const t = file.times[i] as number;
  return Number.isFinite(t) ? { time: t } : {};
}

/** Linear-interpolation quantile (numpy's default). */
function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}
