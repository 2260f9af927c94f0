// @awad/graph: workflow runs as graphs: readers, encoders, self-supervised scores, checks, novelty, impact.
export { NUMERIC_FEATURES, JOB_TYPES, taskIndex, adjacency, topologicalOrder, edgesFromAdjacency, type RunGraph, type RunTask, type RawMeasurements, type NumericFeature, type JobType } from './run-graph';
export { templateOf, templateBucket } from './template';
export { FEATURE_DIMS, NUMERIC_DIMS, TEMPLATE_BUCKETS, fitFeatureScaler, runFeatures, writeTaskFeatures, type FeatureScaler } from './node-features';
export { readFlowBench, readDag, type FlowBenchData } from './flowbench';
export { readWfFormat, parseWfFormat } from './wfformat';
export { packGraphs, type GraphBatch, type MessageEdges } from './graph-batch';
export { GraphSageEncoder, type GraphSageOptions } from './graphsage-encoder';
export { GatEncoder, type GatOptions } from './gat-encoder';
export { augment, cutRun, DEFAULT_AUGMENT_OPTIONS, type AugmentOptions, type AugmentedViews } from './augment';
export { DEFAULT_SSL_OPTIONS, resolveSslOptions, type GraphSslOptions, type EncoderKind, type LatentKind, type NodeScoreKind } from './ssl-options';
export { GraphSslModel, readout, type GraphSslExport, type EpochReport } from './graph-ssl-model';
export { splitRuns } from './run-split';
export { TemplateZScore } from './template-zscore';
