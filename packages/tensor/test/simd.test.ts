import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { denseForward, SimdArena, SimdDense, simdAvailable, type Activation } from '../src/index';
import { KERNELS_WASM_BASE64 } from '../src/wasm/kernels-binary';

const values = (n: number, seed: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 7.1 + i * 1.37) * 0.8);

describe('WebAssembly SIMD kernels', () => {
  it('runs on this Node', () => {
    expect(simdAvailable()).toBe(true);
  });

  it('ships the bytes that kernels.wat compiles to', async () => {
    // @ts-expect-error: a plain .mjs build script without types
    const { compileKernels } = await import('../scripts/build-wasm.mjs');
    const bytes: Buffer = await compileKernels();
    expect(bytes.toString('base64')).toBe(KERNELS_WASM_BASE64);
    expect(readFileSync(join(import.meta.dirname, '../src/wasm/kernels.wat'), 'utf8')).toContain('(func (export "dense")');
  });

  it.each([
    [1, 240, 100, 'tanh'],
    [100, 5, 100, 'tanh'],
    [100, 100, 8, 'linear'],
    [3, 7, 13, 'relu'],
    [2, 4, 1, 'sigmoid'],
  ] as [number, number, number, Activation][])('a dense layer of %i rows, %i inputs, %i units (%s) equals denseForward', (rows, inputs, units, act) => {
    const arena = SimdArena.create() as SimdArena;
    const kernel = values(inputs * units, 1);
    const bias = values(units, 2);
    const layer = new SimdDense(arena, kernel, bias, inputs, units, act);
    const x = values(rows * inputs, 3);
    // Input rows with a wider stride than inputs, as the next layer of a padded output sees them.
    const stride = inputs + 3;
    const xAt = arena.alloc(rows * stride);
    for (let r = 0; r < rows; r++) arena.f32.set(x.subarray(r * inputs, (r + 1) * inputs), xAt + r * stride);
    const out = arena.alloc(rows * layer.units4);
    layer.run(xAt, rows, stride, out);
    const want = new Float32Array(rows * units);
    denseForward(x, rows, kernel, bias, inputs, units, act, want);
    let worst = 0;
    for (let r = 0; r < rows; r++) for (let j = 0; j < units; j++) worst = Math.max(worst, Math.abs((arena.f32[out + r * layer.units4 + j] as number) - (want[r * units + j] as number)));
    expect(worst).toBeLessThan(2e-6);
  });

  it('computes tanh to about 3e-7, saturating, keeping NaN', () => {
    const arena = SimdArena.create() as SimdArena;
    const n = 4 * 5000;
    const xs = Float32Array.from({ length: n }, (_, i) => -12 + (24 * i) / n);
    xs[0] = Number.NaN;
    xs[1] = Infinity;
    xs[2] = -Infinity;
    const p = arena.store(xs);
    arena.tanh(p, n);
    const f = arena.f32;
    expect(f[p]).toBeNaN();
    expect(f[p + 1]).toBeCloseTo(1, 6);
    expect(f[p + 2]).toBeCloseTo(-1, 6);
    let worst = 0;
    for (let i = 3; i < n; i++) worst = Math.max(worst, Math.abs((f[p + i] as number) - Math.tanh(xs[i] as number)));
    expect(worst).toBeLessThan(1e-6);
  });

  it('grows its memory and keeps what it held', () => {
    const arena = SimdArena.create(16) as SimdArena;
    const a = arena.store([1, 2, 3]);
    const b = arena.alloc(3 * 65536);
    expect(arena.f32.length).toBeGreaterThanOrEqual(b + 3 * 65536);
    expect(Array.from(arena.f32.subarray(a, a + 3))).toEqual([1, 2, 3]);
    expect(b % 4).toBe(0);
  });
});
