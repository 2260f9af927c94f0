// @awad/policy: detection that acts. PPO on tfjs, a model-deployment simulator with hybrid
// detection in the loop, a safe controller API, and meta-learned (MAML) workflow thresholds.

export { DEPLOY_ACTIONS, MAINTAIN, BATCH_SIZES, MAX_WORKERS, INITIAL_CONFIG, applyAction, isDeployAction, type DeployAction, type DeploymentConfig } from './deploy/actions';
export { METRIC_NAMES, DEFAULT_SLO, isUp, type DeploymentMetrics, type Slo } from './deploy/metrics';
export { DeploymentSimulator, FAULT_KINDS, DEFAULT_SIMULATOR_OPTIONS, faultSchedule, type Fault, type FaultKind, type DeploymentSimulatorOptions, type SimStepResult } from './deploy/deployment-simulator';
export { deploymentReward, DEFAULT_REWARD_WEIGHTS, type RewardWeights } from './deploy/reward';
export { CycleAccounting, recoverySteps, outageSteps, type CycleSummary } from './deploy/cycle-accounting';
export { HybridDetector, defaultDetectorSlots, MAX_DETECTOR_SLOTS, type DetectorSlot, type HybridDetectorOptions } from './deploy/hybrid-detector';
export { StateEncoder, STATE_SIZE, HISTORY, calibrate } from './deploy/state-encoder';
export { DEPLOYMENT_REGIMES, deploymentRegime, type DeploymentRegime } from './deploy/deployment-regimes';
export { DeploymentEnv, type DeploymentEnvOptions, type EnvStep } from './deploy/deployment-env';
export type { ControlObservation, DeployPolicy } from './deploy/policy';
export { StaticThresholdController, type StaticThresholdOptions } from './deploy/static-threshold-controller';
export { evaluateDeployment, type DeploymentEvaluation } from './deploy/evaluate-deployment';
export { trainDeployPolicy, deployPolicyFile, DEFAULT_TRAIN_DEPLOY_OPTIONS, type TrainDeployOptions, type TrainDeployResult } from './deploy/train-deploy-policy';

export { PpoAgent, type Rollout, type PpoUpdateStats, type ActResult } from './ppo/ppo-agent';
export { DEFAULT_PPO_OPTIONS, resolvePpoOptions, type PpoOptions, type ResolvedPpoOptions } from './ppo/ppo-options';
export { computeGae } from './ppo/gae';
export { PpoPolicy } from './ppo/ppo-policy';
export { POLICY_KINDS, encodePolicyFile, decodePolicyFile, savePolicyFile, loadPolicyFile, type PolicyFile, type PolicyKind, type DecodedPolicyFile } from './ppo/policy-file';

export { createController, Controller, type ControllerOptions, type ControllerEvents, type ControllerStepInput, type ControlDecision, type DecisionOutcome, type Actuator, type ActuationRequest } from './controller/controller';
export { ActionLimiter } from './controller/action-limiter';

export { workflowStream, workflowSimulation, CHECK_NAMES, CHECK_COUNT, type WorkflowStream, type WorkflowStreamOptions, type WorkflowSimulation } from './threshold/workflow-stream';
export { WorkflowChecks, RETRY_GRACE_MS, MAX_OPEN_RUNS, type FinishedTaskRun } from './threshold/workflow-checks';
export { WorkflowThresholds, createWorkflowThresholds, MAX_AWAITING_FEEDBACK, type WorkflowThresholdsOptions, type WorkflowRunVerdict } from './threshold/workflow-thresholds';
export { runThresholdEpisode, fixedRuleConfusion, f1Of, emptyConfusion, newEpisodeRecord, thresholdLogits, THRESHOLD_STATE_SIZE, DEFAULT_THRESHOLD_REWARD, type ThresholdAction, type ThresholdReward, type EpisodeRecord, type EpisodeOptions, type Confusion } from './threshold/threshold-env';
export { thresholdActionSpace, SHIFTS, LEVELS, INITIAL_THRESHOLD, THRESHOLD_ACTION_SPACES, type ThresholdActionSpace, type ThresholdActionSpaceName } from './threshold/threshold-actions';
export { MetaThresholdLearner, thresholdActor, evaluateThresholdPolicy, sgd, DEFAULT_META_THRESHOLD_OPTIONS, THRESHOLD_ESTIMATORS, THRESHOLD_OBJECTIVES, type MetaThresholdOptions, type ThresholdEstimator, type ThresholdObjective, type ThresholdTask, type ActorOptions } from './threshold/meta-threshold-policy';
export { alertTable, rewardTable, MASK_COUNT } from './threshold/reward-table';
export { linearBaseline } from './threshold/linear-baseline';
export { AdaptiveThresholds, createAdaptiveThresholds, type AdaptiveThresholdsOptions, type AdaptiveThresholdsSnapshot, type ThresholdVerdict, type CheckScores, type CheckName } from './threshold/adaptive-thresholds';
export { ThresholdMemory, THRESHOLD_MEMORY } from './threshold/threshold-memory';
export { metaTrainThresholds, tuneFixedRule, compareThresholds, DEFAULT_READAPT_EVERY, type MetaTrainOptions, type CompareOptions, type ThresholdComparisonRow } from './threshold/compare-thresholds';
export { TRAINING_WORKFLOW_SEEDS, VALIDATION_WORKFLOW_SEEDS, HELD_OUT_WORKFLOW_SEEDS, HETEROGENEOUS_TRAINING_WORKFLOW_SEEDS, HETEROGENEOUS_VALIDATION_WORKFLOW_SEEDS, HETEROGENEOUS_HELD_OUT_WORKFLOW_SEEDS } from './threshold/workflow-seeds';
export { DEFAULT_WORKFLOW_REGIME, heterogeneousRegime, type WorkflowRegime } from './threshold/workflow-regime';

export { compareDeployment, cycleSeeds, type DeployComparison } from './sim/deploy-comparison';
export { compareThresholdPolicy, thresholdPolicyOptions, regimeOf, WORKFLOW_FAMILIES, type WorkflowFamily, type ThresholdComparison } from './sim/threshold-comparison';
export { loadDefaultDeployPolicy, loadDefaultThresholdPolicy, weightsDir, DEFAULT_DEPLOY_POLICY_FILE, DEFAULT_THRESHOLD_POLICY_FILE } from './default-policies';
