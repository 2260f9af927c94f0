import { createRandom } from '@awad/core';
import { describe, expect, it } from 'vitest';
import { EwmaDetector, SeasonalDetector } from '../src/index';
import { errorCode } from './helpers';

const HOUR = 3_600_000;
const STEP = 15 * 60_000;
const MONDAY = Date.UTC(2026, 0, 5);
/** Median duration: 1 s by day, 2 s from 18:00 to midnight (UTC). */
const medianAt = (time: number): number => (new Date(time).getUTCHours() >= 18 ? 2000 : 1000);

describe('SeasonalDetector', () => {
  it('learns a daily cycle that a plain EWMA mistakes for anomalies', () => {
    const rng = createRandom(3);
    const seasonal = new SeasonalDetector({ features: ['durationMs'] });
    const ewma = new EwmaDetector({ features: ['durationMs'] });
    // Three weeks every 15 minutes, then the next day up to 18:00.
    const end = MONDAY + 21 * 24 * HOUR + 18 * HOUR;
    for (let time = MONDAY; time < end; time += STEP) {
      const x = { durationMs: medianAt(time) * Math.exp(0.05 * rng.normal()) };
      seasonal.learnOne(x, { time });
      ewma.learnOne(x, { time });
    }
    const evening = { durationMs: 2000 }; // the usual evening duration
    const ctx = { time: end };
    expect(seasonal.scoreOne(evening, ctx)).toBeLessThan(2.5);
    expect(ewma.scoreOne(evening, ctx)).toBeGreaterThan(4); // the ewma preset's cut-off
    const spike = { durationMs: 6000 }; // 3x the evening median
    expect(seasonal.scoreOne(spike, ctx)).toBeGreaterThan(10);
    const why = seasonal.explainOne(spike, ctx);
    expect(why?.expected).toBeGreaterThan(1800);
    expect(why?.expected).toBeLessThan(2200);
    expect(why?.message).toMatch(/^durationMs 6\.0s is \d+\.\d sd above its usual 2\.\ds for Mon 18:00$/);
  });

  it('abstains without context.time, and does not learn then', () => {
    const d = new SeasonalDetector({ warmup: 2 });
    d.learnOne({ v: 1 });
    d.learnOne({ v: 1 }, {});
    expect(d.snapshot().state).toEqual({ names: [], data: [] });
    d.learnOne({ v: 1 }, { time: MONDAY });
    d.learnOne({ v: 1 }, { time: MONDAY + HOUR });
    expect(d.isReady).toBe(true);
    expect(d.scoreOne({ v: 1 })).toBeNaN();
    expect(d.scoreOne({ v: 1 }, { time: MONDAY })).toBeCloseTo(0, 5); // float32 offsets
  });

  it('places points by local time with utcOffsetMinutes', () => {
    // Two weeks, hourly: 10 at 09:00 local time (+02:00), 0 otherwise.
    const d = new SeasonalDetector({ transform: 'none', minStd: 1, beta: 0.5 });
    const local = { utcOffsetMinutes: 120 };
    for (let time = MONDAY; time < MONDAY + 14 * 24 * HOUR; time += HOUR) {
      const hour = new Date(time + 2 * HOUR).getUTCHours();
      d.learnOne({ v: hour === 9 ? 10 : 0 }, { time, ...local });
    }
    const nine = MONDAY + 14 * 24 * HOUR + 7 * HOUR; // 07:00 UTC = 09:00 local
    expect(d.scoreOne({ v: 10 }, { time: nine, ...local })).toBeLessThan(1);
    expect(d.scoreOne({ v: 10 }, { time: nine, utcOffsetMinutes: 0 })).toBeGreaterThan(4);
    expect(d.explainOne({ v: 10 }, { time: nine, ...local })?.message).toMatch(/for Mon 09:00$/);
  });

  it('validates options', () => {
    expect(errorCode(() => new SeasonalDetector({ mode: 'hourly' as 'daily-weekly' }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new SeasonalDetector({ beta: 0 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new SeasonalDetector({ warmup: 1 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new SeasonalDetector().restore({ type: 'seasonal', version: 1, state: { names: ['a'], data: [] } }))).toBe('INVALID_SNAPSHOT');
  });
});
