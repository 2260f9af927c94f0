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
