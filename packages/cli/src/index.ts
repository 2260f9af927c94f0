// @awad/cli: the `awad` command, and its building blocks for programmatic use.
export { createProgram, runCli } from './program';
export { CliError } from './cli-error';
export { runDemo, type DemoOptions, type DemoResult, type DemoRow, type DemoGroup } from './demo/run-demo';
export { formatDemoTables, formatAnomalyLine } from './demo/format-demo';
export { readSeriesFile, SERIES_FORMATS, type SeriesFile, type SeriesFileOptions, type SeriesFormat } from './io/series-file';
export { scoreSeries, parseThresholdRule, type ScoreOptions, type ScoredSeries, type ThresholdRule } from './score/score-series';
export { evaluateScores, METRIC_NAMES, DEFAULT_METRICS, type EvalReport, type MetricName, type ScoredLabels } from './eval/evaluate-scores';
