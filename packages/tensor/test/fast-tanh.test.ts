import { describe, expect, it } from 'vitest';
import { fastTanh, fastTanhInPlace } from '../src/index';

describe('fastTanh', () => {
  it('is within 1e-8 of Math.tanh over [-12, 12], knots and midpoints included', () => {
    let worst = 0;
    for (let i = -12 * 4096; i <= 12 * 4096; i++) {
      const x = i / 4096 + 1e-5;
      worst = Math.max(worst, Math.abs(fastTanh(x) - Math.tanh(x)));
    }
    expect(worst).toBeLessThan(1e-8);
    expect(worst).toBeGreaterThan(0);
  });

  it('is odd to within its error, saturates, and keeps NaN', () => {
    for (const x of [0.1, 0.77, 3.2, 9.99]) expect(fastTanh(-x) + fastTanh(x)).toBeCloseTo(0, 8);
    expect(fastTanh(0)).toBeCloseTo(0, 12);
    expect(fastTanh(50)).toBe(1);
    expect(fastTanh(-50)).toBe(-1);
    expect(fastTanh(Infinity)).toBe(1);
    expect(fastTanh(-Infinity)).toBe(-1);
    expect(fastTanh(Number.NaN)).toBeNaN();
  });

  it('works in place on a slice only', () => {
    const a = Float32Array.from([0.5, 1, 2, 3]);
    fastTanhInPlace(a, 1, 3);
    expect(a[0]).toBe(0.5);
    expect(a[1]).toBeCloseTo(Math.tanh(1), 6);
    expect(a[2]).toBeCloseTo(Math.tanh(2), 6);
    expect(a[3]).toBe(3);
  });
});
