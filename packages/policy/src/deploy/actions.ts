// The six remediation actions of the deployment controller and the configuration they change.
// Reference: METHODS.md 5.7 (HASH [002 §3.2]): increase/decrease batch, scale up/down, shift traffic
// to model B (the previous model), maintain.

export const DEPLOY_ACTIONS = ['increase-batch', 'decrease-batch', 'scale-up', 'scale-down', 'shift-to-b', 'maintain'] as const;
export type DeployAction = (typeof DEPLOY_ACTIONS)[number];
/** Index of `maintain`, the action that changes nothing. */
export const MAINTAIN = 5;

/** Batch sizes (per-worker concurrency) the controller steps through. */
export const BATCH_SIZES = [1, 2, 4, 8, 16, 32] as const;
export const MAX_WORKERS = 16;

/** What the controller can change: worker count, batch size index, which model serves traffic. */
export interface DeploymentConfig {
  readonly workers: number;
  readonly batchIndex: number;
  /** 'A' = the current model, 'B' = the previous one. */
  readonly model: 'A' | 'B';
}

export const INITIAL_CONFIG: DeploymentConfig = Object.freeze({ workers: 4, batchIndex: 2, model: 'A' });

/** The configuration after an action (an action at its limit changes nothing). */
export function applyAction(config: DeploymentConfig, action: number): DeploymentConfig {
  switch (action) {
    case 0:
      return { ...config, batchIndex: Math.min(BATCH_SIZES.length - 1, config.batchIndex + 1) };
    case 1:
      return { ...config, batchIndex: Math.max(0, config.batchIndex - 1) };
    case 2:
      return { ...config, workers: Math.min(MAX_WORKERS, config.workers + 1) };
    case 3:
      return { ...config, workers: Math.max(1, config.workers - 1) };
    case 4:
      return { ...config, model: 'B' };
    default:
      return config;
  }
}

export function isDeployAction(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) < DEPLOY_ACTIONS.length;
}
