// The policies shipped in the package (weights/), trained by `pnpm --filter @awad/policy train`.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPolicyFile, type DecodedPolicyFile } from './ppo/policy-file';
import { PpoPolicy } from './ppo/ppo-policy';

declare const __dirname: string | undefined;

/** The package's weights folder (src/ and dist/ both sit beside it). */
export function weightsDir(): string {
  const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  return join(here, '..', 'weights');
}

export const DEFAULT_DEPLOY_POLICY_FILE = 'deploy-ppo.json';
export const DEFAULT_THRESHOLD_POLICY_FILE = 'meta-thresholds.json';

/** The shipped PPO deployment controller, acting without tfjs. */
export async function loadDefaultDeployPolicy(path = join(weightsDir(), DEFAULT_DEPLOY_POLICY_FILE)): Promise<PpoPolicy> {
  return new PpoPolicy(await loadPolicyFile(path));
}

/** The shipped meta-learned threshold initialisation (theta). */
export async function loadDefaultThresholdPolicy(path = join(weightsDir(), DEFAULT_THRESHOLD_POLICY_FILE)): Promise<DecodedPolicyFile> {
  return loadPolicyFile(path, 'awad-meta-threshold-policy');
}
