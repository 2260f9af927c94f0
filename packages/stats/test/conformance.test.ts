// Every detector of the package through the @awad/testkit conformance checks, one `it` per check.
import type { Detector } from '@awad/core';
import { detectorChecks } from '@awad/testkit';
import { describe, it } from 'vitest';
import {
  CusumDetector,
  EwmaDetector,
  HotellingT2Detector,
  IqrDetector,
  NxMedianDetector,
  RobustZDetector,
  SeasonalDetector,
  ShesdDetector,
  StaticRuleDetector,
} from '../src/index';

const factories: [string, () => Detector][] = [
  ['ewma', () => new EwmaDetector()],
  ['ewma (protectAbove 4)', () => new EwmaDetector({ protectAbove: 4 })],
  ['robust-z', () => new RobustZDetector()],
  ['seasonal (daily-weekly)', () => new SeasonalDetector()],
  ['seasonal (hour-of-week)', () => new SeasonalDetector({ mode: 'hour-of-week' })],
  ['shesd', () => new ShesdDetector()],
  ['shesd (period auto)', () => new ShesdDetector({ period: 'auto' })],
  ['shesd (period 6)', () => new ShesdDetector({ period: 6 })],
  ['cusum', () => new CusumDetector()],
  ['iqr', () => new IqrDetector()],
  ['n-x-median', () => new NxMedianDetector()],
  // The normal stream's durations stay below ~1.7 s and queue waits below ~3.4 s, so these limits
  // make the spike check meaningful: a 10× point crosses them, no normal point does.
  ['static', () => new StaticRuleDetector({ limits: { durationMs: { max: 5000 }, queueWaitMs: { max: 10_000 } } })],
  // The per-task SLA: without context.taskKey (the kit gives only time) the global limits apply.
  ['static (limitsByTask)', () => new StaticRuleDetector({ limits: { durationMs: { max: 5000 } }, limitsByTask: { extract: { durationMs: { max: 1000 } } } })],
  // Direction 'up' (the timing presets): the 10x spike is above the baseline, so it must still score highest.
  ['ewma (up)', () => new EwmaDetector({ direction: 'up' })],
  ['robust-z (up)', () => new RobustZDetector({ direction: 'up' })],
  ['seasonal (up)', () => new SeasonalDetector({ direction: 'up' })],
  ['shesd (up)', () => new ShesdDetector({ direction: 'up' })],
  ['cusum (up)', () => new CusumDetector({ direction: 'up' })],
  ['iqr (up)', () => new IqrDetector({ direction: 'up' })],
  // The window detectors as the monitor suites build them (one window of 32), and other transforms.
  ['shesd (window 32, up)', () => new ShesdDetector({ window: 32, direction: 'up' })],
  ['n-x-median (window 32)', () => new NxMedianDetector({ window: 32 })],
  ['robust-z (transform none)', () => new RobustZDetector({ transform: 'none' })],
  ['iqr (transform log)', () => new IqrDetector({ transform: 'log' })],
  ['hotelling-t2', () => new HotellingT2Detector()],
  ['hotelling-t2 (alpha 0.01, log)', () => new HotellingT2Detector({ alpha: 0.01, transform: 'log' })],
];

for (const [label, factory] of factories) {
  describe(`conformance: ${label}`, () => {
    for (const check of detectorChecks(factory)) it(`${check.name}: ${check.description}`, () => check.run());
  });
}
