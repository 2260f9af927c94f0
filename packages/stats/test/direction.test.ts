// The `direction` option of the two-sided per-feature detectors: 'up' scores only values above
// the baseline, 'down' only below, 'both' either; the ignored side scores 0 (judged, not NaN).
import { createRandom, type Detector, type Features, type ObservationContext } from '@awad/core';
import { describe, expect, it } from 'vitest';
import { BOTH, directed, DOWN, UP } from '../src/direction';
import { CusumDetector, type Direction, EwmaDetector, IqrDetector, RobustZDetector, SeasonalDetector, ShesdDetector } from '../src/index';
import { errorCode } from './helpers';

type Factory = (options: { direction?: Direction }) => Detector;

/** Each detector with its conventional cut-off. */
const DETECTORS: [string, Factory, number][] = [
  ['ewma', (o) => new EwmaDetector(o), 4],
  ['robust-z', (o) => new RobustZDetector(o), 4.5],
  ['seasonal', (o) => new SeasonalDetector(o), 4],
  ['shesd', (o) => new ShesdDetector(o), 1],
  ['cusum', (o) => new CusumDetector(o), 5],
  ['iqr', (o) => new IqrDetector(o), 1.5],
];

const HOUR = 3_600_000;
const START = Date.UTC(2026, 0, 5);

/** 200 hourly points: durations ~1 s and queue waits ~0.5 s, log-normal with sd 0.1. */
function history(): { x: Features; ctx: ObservationContext }[] {
  const rng = createRandom(12);
  return Array.from({ length: 200 }, (_, i) => ({
    x: { durationMs: 1000 * Math.exp(0.1 * rng.normal()), queueWaitMs: 500 * Math.exp(0.1 * rng.normal()) },
    ctx: { time: START + i * HOUR },
  }));
}

function trained(factory: Factory, direction?: Direction): Detector {
  const d = factory(direction === undefined ? {} : { direction });
  for (const p of history()) d.learnOne(p.x, p.ctx);
  return d;
}

const NEXT = { time: START + 200 * HOUR };
const FAR_BELOW = { durationMs: 100 };
const FAR_ABOVE = { durationMs: 10_000 };

describe('directed', () => {
  it('is max(up, down, 0) for both, max(up, 0) for up and max(down, 0) for down', () => {
    expect(directed(BOTH, 2, -2)).toBe(2);
    expect(directed(BOTH, -3, 3)).toBe(3);
    expect(directed(BOTH, -1, -2)).toBe(0); // inside both fences
    expect(directed(UP, 2, -2)).toBe(2);
    expect(directed(UP, -2, 2)).toBe(0);
    expect(directed(DOWN, -2, 2)).toBe(2);
    expect(directed(DOWN, 2, -2)).toBe(0);
    expect(Object.is(directed(BOTH, 0, -0), 0)).toBe(true); // +0, not -0
  });
});

for (const [name, factory, cutoff] of DETECTORS) {
  describe(`${name} direction`, () => {
    it("'up' scores a value far below the baseline 0 (judged normal), 'both' and 'down' score it high", () => {
      expect(trained(factory, 'up').scoreOne(FAR_BELOW, NEXT)).toBe(0);
      expect(trained(factory).scoreOne(FAR_BELOW, NEXT)).toBeGreaterThan(cutoff);
      expect(trained(factory, 'both').scoreOne(FAR_BELOW, NEXT)).toBeGreaterThan(cutoff);
      expect(trained(factory, 'down').scoreOne(FAR_BELOW, NEXT)).toBeGreaterThan(cutoff);
    });

    it("'up' scores a value far above high, as 'both' does; 'down' scores it 0", () => {
      const up = trained(factory, 'up').scoreOne(FAR_ABOVE, NEXT);
      expect(up).toBeGreaterThan(cutoff);
      expect(up).toBe(trained(factory, 'both').scoreOne(FAR_ABOVE, NEXT));
      expect(trained(factory, 'down').scoreOne(FAR_ABOVE, NEXT)).toBe(0);
    });

    it('explains the feature that scores highest under its direction', () => {
      // durationMs 10x below, queueWaitMs 4x above: 'up' can only blame the queue wait
      const x = { durationMs: 100, queueWaitMs: 2000 };
      const why = trained(factory, 'up').explainOne!(x, NEXT);
      expect(why?.feature).toBe('queueWaitMs');
      expect(why!.value).toBeGreaterThan(why!.expected!);
      expect(trained(factory, 'down').explainOne!(x, NEXT)?.feature).toBe('durationMs');
    });

    it('is config: in getConfig and clones, validated, and a snapshot restores across directions', () => {
      const up = factory({ direction: 'up' });
      expect(up.getConfig().options.direction).toBe('up');
      expect(up.clone().getConfig().options.direction).toBe('up');
      expect(factory({}).getConfig().options.direction).toBe('both');
      expect(errorCode(() => factory({ direction: 'sideways' as Direction }))).toBe('INVALID_OPTION');
      const both = trained(factory);
      const restored = factory({ direction: 'up' });
      restored.restore(JSON.parse(JSON.stringify(both.snapshot())));
      expect(restored.scoreOne(FAR_ABOVE, NEXT)).toBe(both.scoreOne(FAR_ABOVE, NEXT));
      expect(restored.scoreOne(FAR_BELOW, NEXT)).toBe(0);
    });
  });
}
