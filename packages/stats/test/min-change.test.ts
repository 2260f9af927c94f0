import { createRandom } from '@awad/core';
import { describe, expect, it } from 'vitest';
import { RobustZDetector, SeasonalDetector, defaultStages } from '../src/index';

const STEP = 15 * 60_000;
const START = Date.UTC(2026, 0, 5);

/** A millisecond-scale task: queue waits around 1 ms, like a BullMQ or Celery job on an idle worker. */
function train(detector: RobustZDetector | SeasonalDetector): number {
  const rng = createRandom(5);
  let time = START;
  for (let i = 0; i < 400; i++, time += STEP) detector.learnOne({ queueWaitMs: 1 + 0.05 * rng.normal() }, { time });
  return time;
}

describe('minChange: a floor in the feature\'s own units', () => {
  it.each([
    ['robust-z', (minChange: number) => new RobustZDetector({ features: ['queueWaitMs'], direction: 'up', minChange })],
    ['seasonal', (minChange: number) => new SeasonalDetector({ features: ['queueWaitMs'], direction: 'up', minChange })],
  ] as const)('%s: ignores millisecond jitter but still scores a real delay', (_name, make) => {
    const plain = make(0);
    const floored = make(250);
    const time = train(plain);
    train(floored);
    const ctx = { time };
    // 1 ms -> 6 ms: tens of sd in log space without a floor, nothing with one.
    expect(plain.scoreOne({ queueWaitMs: 6 }, ctx)).toBeGreaterThan(10);
    expect(floored.scoreOne({ queueWaitMs: 6 }, ctx)).toBe(0);
    // 1 ms -> 2 s is past the floor: scored exactly as without it.
    expect(floored.scoreOne({ queueWaitMs: 2000 }, ctx)).toBe(plain.scoreOne({ queueWaitMs: 2000 }, ctx));
    expect(floored.getConfig()).toMatchObject({ options: { minChange: 250 } });
  });

  it('is on in the default suite\'s timing stages', () => {
    const configs = defaultStages().map((s) => (s.detector.getConfig() as { options: { name?: string; minChange?: number } }).options);
    expect(configs.filter((c) => c.minChange === 250).map((c) => c.name)).toEqual(['seasonal', 'robust-z']);
  });

  it('rejects a negative floor with a typed error', () => {
    expect(() => new RobustZDetector({ minChange: -1 })).toThrow(/expected `minChange` to be/);
  });
});
