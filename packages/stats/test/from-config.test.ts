import type { Detector, DetectorSnapshot } from '@awad/core';
import { normalStream } from '@awad/testkit';
import { describe, expect, it } from 'vitest';
import {
  CusumDetector,
  EwmaDetector,
  fromConfig,
  HotellingT2Detector,
  IqrDetector,
  NxMedianDetector,
  RobustZDetector,
  SeasonalDetector,
  ShesdDetector,
  STATS_DETECTOR_TYPES,
  StaticRuleDetector,
} from '../src/index';
import { errorCode } from './helpers';

const detectors: Detector[] = [
  new EwmaDetector({ name: 'fast', alpha: 0.3, protectAbove: 5, direction: 'up' }),
  new RobustZDetector({ window: 16, features: ['durationMs'], direction: 'down' }),
  new SeasonalDetector({ mode: 'hour-of-week', direction: 'up' }),
  new ShesdDetector({ period: 'auto', window: 48, direction: 'up' }),
  new CusumDetector({ k: 1, decisionInterval: 4, direction: 'up' }),
  new IqrDetector({ transform: 'log', direction: 'up' }),
  new NxMedianDetector({ window: 10 }),
  new StaticRuleDetector({ limits: { durationMs: { max: 5000 } }, limitsByTask: { extract: { durationMs: { max: 1000 }, queueWaitMs: { max: 2000 } } } }),
  new HotellingT2Detector({ shrinkage: 0.2 }),
];

describe('fromConfig', () => {
  it('covers every detector type', () => {
    expect(detectors.map((d) => d.getConfig().type).sort()).toEqual([...STATS_DETECTOR_TYPES].sort());
  });

  for (const original of detectors) {
    it(`rebuilds ${original.getConfig().type} from its JSON config, and restore reproduces its scores`, () => {
      const points = normalStream(300, 3);
      // taskKey picks the static detector's per-task limits; the others ignore it.
      for (const p of points.slice(0, 200)) original.learnOne(p.x, { time: p.time, taskKey: 'extract' });
      const config = JSON.parse(JSON.stringify(original.getConfig()));
      const copy = fromConfig(config);
      expect(copy.getConfig()).toEqual(original.getConfig());
      expect(copy.name).toBe(original.name);
      copy.restore(JSON.parse(JSON.stringify(original.snapshot())) as DetectorSnapshot);
      for (const p of points.slice(200)) {
        const ctx = { time: p.time, taskKey: 'extract' };
        expect(copy.scoreOne(p.x, ctx)).toBe(original.scoreOne(p.x, ctx));
        copy.learnOne(p.x, ctx);
        original.learnOne(p.x, ctx);
      }
    });
  }

  it('rejects unknown types and invalid options with ConfigError', () => {
    expect(errorCode(() => fromConfig({ type: 'isolation-forest', options: {} }))).toBe('INVALID_OPTION');
    expect(errorCode(() => fromConfig({ type: 'ewma', options: { alpha: -1 } }))).toBe('INVALID_OPTION');
  });
});
