// A hand-made workflow stream for the threshold tests.
import { createRandom } from '@awad/core';
import { CHECK_COUNT, type WorkflowStream } from '../src/index';

/** Check 0 sees every anomaly, check 3 fires at random on normal runs. */
export function syntheticStream(length: number, seed: number): WorkflowStream {
  const r = createRandom(seed);
  const checks = new Float32Array(length * CHECK_COUNT);
  const labels = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const y = r.chance(0.1) ? 1 : 0;
    labels[i] = y;
    checks[i * CHECK_COUNT] = y ? 0.8 + 0.2 * r.next() : 0.3 * r.next();
    checks[i * CHECK_COUNT + 3] = r.chance(0.3) ? 0.9 : 0.1;
  }
  return { key: `synthetic-${seed}`, checks, labels, length };
}
