// SeriesScorer: one point of one series through every stage: score -> calibrate -> classify ->
// fuse -> learn (a point judged anomalous is not learned, unless the series has been anomalous
// long enough that the level itself moved). The monitor runs one per event; `awad score` runs
// it over files.
// Reference: ARCHITECTURE.md section 1; river's protected anomaly detectors.
import { isHistoryAware, type Features, type HistoryAwareDetector, type ObservationContext } from '../detector/detector';
import { SeriesHistory } from '../history/series-history';
import { ConfigError } from '../errors/config-error';
import type { SeriesState } from '../store/store';
import type { Reason } from '../verdict/verdict';
import { maxFusion, type Fusion } from './fusion';
import { resolveStages, type Stage, type StageResult, type StageSpec } from './stage';

export interface SeriesScorerOptions {
  readonly fusion?: Fusion;
  /** Do not learn points the stages flag (default true). */
  readonly protect?: boolean;
  /** After this many consecutive flagged points a series learns anyway (default 10). */
  readonly adaptAfter?: number;
}

/** What the stages said about one point. */
export interface PointJudgement {
  readonly score: number;
  readonly isAnomaly: boolean;
  /** Some stage judged the point (false while every applicable stage warms up). */
  readonly judged: boolean;
  /** Some stage flagged the point. */
  readonly flagged: boolean;
  readonly results: readonly StageResult[];
  /** One reason per flagged stage, with the detector's explanation. */
  readonly reasons: Reason[];
  /** Share of the score per stage, when the fusion gives one. */
  readonly attribution?: Readonly<Record<string, number>>;
}

export type StageFailure = (stage: string, error: unknown) => void;

const MODULE = '@awad/core/series-scorer';

export class SeriesScorer {
  readonly stages: readonly Stage[];
  readonly fusion: Fusion;
  readonly protect: boolean;
  readonly adaptAfter: number;
  private readonly byName: ReadonlyMap<string, Stage>;
  /** The detectors that read the shared series history. */
  private readonly historyReaders: readonly HistoryAwareDetector[];
  /** Per feature name, the window sizes the history keeps for it (computed on first sight). */
  private readonly historyPlan = new Map<string, readonly number[]>();

  constructor(stages: readonly StageSpec[], options: SeriesScorerOptions = {}) {
    this.stages = resolveStages(stages);
    this.byName = new Map(this.stages.map((stage) => [stage.name, stage]));
    this.historyReaders = this.stages.map((stage) => stage.detector).filter(isHistoryAware);
    this.fusion = options.fusion ?? maxFusion;
    this.protect = options.protect ?? true;
    this.adaptAfter = options.adaptAfter ?? 10;
    if (!Number.isInteger(this.adaptAfter) || this.adaptAfter < 1) throw new ConfigError(MODULE, 'adaptAfter', 'a positive integer', this.adaptAfter);
  }

  /** A fresh series: one clone of each stage's detector, and a shared history if any reads one. */
  newSeries(): SeriesState {
    const detectors = this.stages.map((stage) => stage.detector.clone());
    return this.historyReaders.length > 0 ? { detectors, streak: 0, lastSeen: 0, count: 0, history: new SeriesHistory() } : { detectors, streak: 0, lastSeen: 0, count: 0 };
  }

  /** Judges a point without learning it. `rules` is the certainty of rule violations (0 when none). */
  judge(series: SeriesState, x: Features, ctx: ObservationContext, fail: StageFailure, rules = 0): PointJudgement {
    return this.judgeIn(series, x, contextFor(series, ctx), fail, rules);
  }

  private judgeIn(series: SeriesState, x: Features, ctx: ObservationContext, fail: StageFailure, rules: number): PointJudgement {
    const results: StageResult[] = [];
    const indexes: number[] = [];
    let flagged = false;
    for (let i = 0; i < this.stages.length; i++) {
      const stage = this.stages[i] as Stage;
      const detector = series.detectors[i];
      if (detector === undefined || !detector.isReady || !stage.calibrator.isReady) continue;
      // A fallback is silent when the stage it stands in for judged this point.
      if (stage.fallbackFor >= 0 && indexes.includes(stage.fallbackFor)) continue;
      try {
        const raw = detector.scoreOne(x, ctx);
        if (Number.isNaN(raw)) continue; // abstains: none of its features, or still warming up
        const calibrated = stage.calibrator.transform(raw);
        const isFlagged = stage.threshold.isReady && stage.threshold.classify(calibrated);
        flagged ||= isFlagged;
        results.push({ name: stage.name, raw, calibrated, flagged: isFlagged });
        indexes.push(i);
      } catch (error) {
        fail(stage.name, error);
      }
    }
    const fused = this.fusion.fuse({ stages: results, rules });
    const reasons: Reason[] = [];
    for (let j = 0; j < results.length; j++) {
      const result = results[j] as StageResult;
      if (!result.flagged) continue;
      let why;
      try {
        why = series.detectors[indexes[j] as number]?.explainOne?.(x, ctx);
      } catch (error) {
        fail(result.name, error);
      }
      reasons.push({
        detector: result.name,
        score: result.calibrated,
        rawScore: result.raw,
        ...(why ? { feature: why.feature, kind: why.expected === undefined ? 'outlier' : why.value >= why.expected ? 'above-baseline' : 'below-baseline' } : {}),
        message: why?.message ?? `${result.name} scored ${result.raw.toPrecision(3)}`,
      });
    }
    return { score: fused.score, isAnomaly: fused.isAnomaly, judged: results.length > 0, flagged, results, reasons, ...(fused.attribution ? { attribution: fused.attribution } : {}) };
  }

  /** Judges a point, then learns it unless protected, and updates calibrators on normal points. */
  observe(series: SeriesState, x: Features, ctx: ObservationContext, fail: StageFailure, rules = 0): PointJudgement {
    const c = contextFor(series, ctx);
    const judgement = this.judgeIn(series, x, c, fail, rules);
    const learnPoint = !this.protect || !judgement.flagged || series.streak >= this.adaptAfter;
    // Only judged points move the streak: an event every stage abstained on says nothing.
    if (judgement.judged) series.streak = judgement.flagged ? series.streak + 1 : 0;
    if (learnPoint) this.learnIn(series, x, c, fail);
    else this.learnSequential(series, x, c, fail);
    if (!judgement.flagged) this.calibrate(judgement.results, fail);
    return judgement;
  }

  /** Window sizes the history keeps for a feature: one per size its readers ask for. */
  private sizesFor(feature: string): readonly number[] {
    let sizes = this.historyPlan.get(feature);
    if (sizes === undefined) {
      sizes = [...new Set(this.historyReaders.filter((d) => d.readsFeature(feature)).map((d) => d.historySize))];
      // Metric names are user data: bound the plan rather than let it grow with them.
      if (this.historyPlan.size >= 4096) this.historyPlan.clear();
      this.historyPlan.set(feature, sizes);
    }
    return sizes;
  }

  /** A protected point is still learned by the detectors whose statistic must see every point. */
  private learnSequential(series: SeriesState, x: Features, ctx: ObservationContext, fail: StageFailure): void {
    for (let i = 0; i < this.stages.length; i++) {
      const detector = series.detectors[i];
      if (detector?.learnsAnomalies !== true) continue;
      try {
        detector.learnOne(x, ctx);
      } catch (error) {
        fail((this.stages[i] as Stage).name, error);
      }
    }
  }

  /** Learns a point unconditionally (training data is assumed normal). */
  learn(series: SeriesState, x: Features, ctx: ObservationContext, fail: StageFailure): void {
    this.learnIn(series, x, contextFor(series, ctx), fail);
  }

  private learnIn(series: SeriesState, x: Features, ctx: ObservationContext, fail: StageFailure): void {
    // The history first: history-aware detectors read the point from it in learnOne.
    const history = series.history;
    if (history !== undefined) {
      for (const feature in x) {
        const value = x[feature] as number;
        if (!Number.isFinite(value)) continue;
        for (const size of this.sizesFor(feature)) history.push(size, feature, value);
      }
    }
    series.count += 1;
    if (ctx.time !== undefined) series.lastSeen = ctx.time;
    for (let i = 0; i < this.stages.length; i++) {
      try {
        series.detectors[i]?.learnOne(x, ctx);
      } catch (error) {
        fail((this.stages[i] as Stage).name, error);
      }
    }
  }

  /** Feeds the shared calibrators and thresholds the scores of a point judged normal. */
  calibrate(results: readonly StageResult[], fail: StageFailure): void {
    for (const result of results) {
      const stage = this.byName.get(result.name) as Stage;
      try {
        stage.calibrator.update(result.raw);
        stage.threshold.update(result.calibrated);
      } catch (error) {
        fail(stage.name, error);
      }
    }
  }
}

/** The context detectors see: the caller's, with the series' shared history. */
function contextFor(series: SeriesState, ctx: ObservationContext): ObservationContext {
  return series.history === undefined || ctx.history === series.history ? ctx : { ...ctx, history: series.history };
}
