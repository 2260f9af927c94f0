// @awad/testkit: the conformance kit every AWAD detector's tests run.
export {
  checkDetector,
  detectorChecks,
  DetectorCheckError,
  DEFAULT_CHECK_OPTIONS,
  type CheckDetectorOptions,
  type CheckName,
  type CheckReport,
  type DetectorCheck,
  type DetectorFactory,
} from './check-detector';
export { normalStream, DEFAULT_STREAM_OPTIONS, type StreamOptions, type StreamPoint } from './streams';
export {
  simulateWorkflows,
  seasonalFactor,
  ANOMALY_KINDS,
  DEFAULT_SIMULATION_OPTIONS,
  type AnomalyKind,
  type Simulation,
  type SimulationOptions,
  type SimStep,
  type TaskRunTruth,
} from './simulate/simulate-workflows';
export { makeWorkflow, demoWorkflows, type SimTask, type SimWorkflow } from './simulate/workflow-spec';
