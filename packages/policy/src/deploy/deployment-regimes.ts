// Named settings of the deployment simulator. `default` is METHODS.md 5.9's 1-2 faults a cycle,
// where the static-threshold baseline keeps 92% uptime. The seed [002 §5] reports its baseline at
// 78% uptime, so its +14-point margin cannot be reproduced over a 92% baseline; `stormy` raises the
// fault rate alone (8-12 faults a cycle, kinds as before) until the baseline, on its own, sits at
// the seed's 78%. OUR CHOICE, calibrated on validation cycles (seed 9) with the baseline only,
// before any policy was trained or scored on it: 1-2 faults 92.5%, 5-8 82.9%, 6-10 81.7%, 8-12
// 78.6%, 10-14 76.3% (200 cycles; 100 for the last three).
import { ConfigError } from '@awad/core';
import type { DeploymentSimulatorOptions } from './deployment-simulator';

export const DEPLOYMENT_REGIMES = ['default', 'stormy'] as const;
export type DeploymentRegime = (typeof DEPLOYMENT_REGIMES)[number];

const SETTINGS: Readonly<Record<DeploymentRegime, Omit<DeploymentSimulatorOptions, 'seed'>>> = Object.freeze({
  default: Object.freeze({ faultsPerCycle: [1, 2] as const }),
  stormy: Object.freeze({ faultsPerCycle: [8, 12] as const }),
});

/** The simulator options of a named regime; a ConfigError names the regimes for anything else. */
export function deploymentRegime(name: string): Omit<DeploymentSimulatorOptions, 'seed'> {
  if (!(DEPLOYMENT_REGIMES as readonly string[]).includes(name)) throw new ConfigError('@awad/policy/deployment-regimes', 'regime', `one of ${DEPLOYMENT_REGIMES.join(', ')}`, name);
  return SETTINGS[name as DeploymentRegime];
}
