import { describe, expect, it } from 'vitest';
import type { NamedWeights } from '@awad/tensor';
import { FILTER_PERIOD, filterSeriesScores, Float32SsmFilter, scoreNoise } from '../src/index';

// Weights of an SsmVae of the given sizes, deterministic, scaled like a trained net's.
function weightsFor(m: number, t: number, z: number, h: number): NamedWeights {
  const layer = (name: string, inputs: number, units: number, seed: number): NamedWeights => ({
    [`${name}/kernel`]: { shape: [inputs, units], values: Float32Array.from({ length: inputs * units }, (_, i) => Math.sin(seed * 3.7 + i * 0.91) / Math.sqrt(inputs)) },
    [`${name}/bias`]: { shape: [units], values: Float32Array.from({ length: units }, (_, i) => 0.1 * Math.cos(seed + i)) },
  });
  return { ...layer('q/0', m + t + z, h, 1), ...layer('q/1', h, h, 2), ...layer('q/2', h, 2 * z, 3), ...layer('x/0', z + t, h, 4), ...layer('x/1', h, h, 5), ...layer('x/2', h, 2 * m, 6) };
}

describe('Float32SsmFilter on WebAssembly SIMD', () => {
  it.each([
    [3, 2, 4, 10],
    [8, 0, 4, 32],
  ])('gives the plain-JS filter scores (M %i, T %i, Z %i, H %i) over a series', (m, t, z, h) => {
    const sizes = { metrics: m, background: t, latent: z, hidden: h };
    const samples = 20;
    const noise = scoreNoise(5, samples, FILTER_PERIOD, z);
    const n = 120;
    const data = {
      x: Float32Array.from({ length: n * m }, (_, i) => Math.sin(i * 0.37) * 0.8 + (i > 80 * m ? 0.6 : 0)),
      t: t > 0 ? Float32Array.from({ length: n * t }, (_, i) => (i % 7 === 0 ? 1 : 0)) : null,
      m,
      tdim: t,
      n,
      bounds: [[0, 70], [70, n]] as [number, number][],
    };
    const simd = new Float32SsmFilter(weightsFor(m, t, z, h), sizes, noise, samples);
    const plain = new Float32SsmFilter(weightsFor(m, t, z, h), sizes, noise, samples, { simd: false });
    expect(simd.usesSimd).toBe(true);
    expect(plain.usesSimd).toBe(false);
    const a = filterSeriesScores(data, simd, 5);
    const b = filterSeriesScores(data, plain, 5);
    let compared = 0;
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(b.s[i] as number)) {
        expect(a.s[i]).toBeNaN();
        continue;
      }
      expect(Math.abs((a.s[i] as number) - (b.s[i] as number))).toBeLessThan(1e-4 * Math.max(1, Math.abs(b.s[i] as number)));
      expect(Math.abs((a.sigma[i] as number) - (b.sigma[i] as number))).toBeLessThan(1e-4 * Math.max(1, Math.abs(b.sigma[i] as number)));
      compared++;
    }
    expect(compared).toBe(n - 2 * 4);
    expect(new Set(Array.from(a.s.filter((v) => !Number.isNaN(v))).map((v) => v.toFixed(4))).size).toBeGreaterThan(50);
  });
});
