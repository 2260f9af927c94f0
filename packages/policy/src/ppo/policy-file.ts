// A trained policy on disk (the PPO deployment controller or the meta-learned threshold policy): its weights (awad-weights, base64 float32) with what is needed to act
// on them without tfjs: sizes, action names, activations, and how it was trained.
import { readFile, writeFile } from 'node:fs/promises';
import { SnapshotError } from '@awad/core';
import { decodeWeights, encodeWeights, type NamedWeights, type WeightsJson } from '@awad/tensor';

const MODULE = '@awad/policy/policy-file';

export const POLICY_KINDS = ['awad-ppo-policy', 'awad-meta-threshold-policy'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

export interface PolicyFile {
  readonly kind: PolicyKind;
  readonly version: 1;
  readonly observationSize: number;
  readonly actions: readonly string[];
  readonly hidden: readonly number[];
  /** Names of the detector scores the state was built from, in slot order. */
  readonly detectors: readonly string[];
  /** Free-form record of the training run (seeds, steps, wall time). */
  readonly training: Readonly<Record<string, unknown>>;
  readonly weights: WeightsJson;
}

export interface DecodedPolicyFile extends Omit<PolicyFile, 'weights'> {
  readonly weights: NamedWeights;
}

export function encodePolicyFile(file: DecodedPolicyFile): PolicyFile {
  return { ...file, weights: encodeWeights(file.weights) };
}

export function decodePolicyFile(json: unknown, kind: PolicyKind = 'awad-ppo-policy'): DecodedPolicyFile {
  const f = json as Partial<PolicyFile> | null;
  if (f?.kind !== kind || f.version !== 1) throw new SnapshotError(MODULE, `a policy of kind "${kind}", version 1`, `kind ${String(f?.kind)}, version ${String(f?.version)}`);
  if (!Number.isInteger(f.observationSize) || !Array.isArray(f.actions) || !Array.isArray(f.hidden) || f.weights === undefined) throw new SnapshotError(MODULE, 'observationSize, actions, hidden and weights', 'a policy missing some of them');
  return { ...(f as PolicyFile), detectors: f.detectors ?? [], training: f.training ?? {}, weights: decodeWeights(f.weights) };
}

export async function savePolicyFile(path: string, file: DecodedPolicyFile): Promise<void> {
  await writeFile(path, JSON.stringify(encodePolicyFile(file)));
}

export async function loadPolicyFile(path: string, kind: PolicyKind = 'awad-ppo-policy'): Promise<DecodedPolicyFile> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new SnapshotError(MODULE, `a JSON policy file at ${path}`, error instanceof Error ? error.message : String(error));
  }
  return decodePolicyFile(json, kind);
}
