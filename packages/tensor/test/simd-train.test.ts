import { beforeAll, describe, expect, it } from 'vitest';
import { applyActivation, ensureBackend, SimdAdam, SimdArena, SimdTrainDense, tf, type Activation } from '../src/index';

const values = (n: number, seed: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 7.1 + i * 1.37) * 0.8);
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
  return worst;
};

/** The layer's rows [rows, width] out of an arena block `stride` floats wide. */
const rowsOf = (arena: SimdArena, at: number, rows: number, width: number, stride: number): Float32Array => {
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) out.set(arena.f32.subarray(at + r * stride, at + r * stride + width), r * width);
  return out;
};

beforeAll(async () => {
  await ensureBackend();
});

describe('SimdTrainDense', () => {
  it('keeps each time step\'s rows and accumulates their gradients (as one batch of all steps would)', () => {
    const arena = SimdArena.create() as SimdArena;
    const [inputs, units, b, steps] = [6, 5, 3, 4];
    const kernel = values(inputs * units, 4).map((v) => v * 0.4);
    const bias = values(units, 5);
    const stepped = new SimdTrainDense(arena, inputs, units, 'tanh', b * steps);
    const whole = new SimdTrainDense(arena, inputs, units, 'tanh', b * steps);
    stepped.setWeights(kernel, bias);
    whole.setWeights(kernel, bias);
    const x = arena.store(values(b * steps * inputs, 6));
    const g = values(b * steps * units, 7);
    const dy = arena.alloc(b * steps * stepped.units4);
    const putDy = (from: number, rows: number): void => {
      arena.f32.fill(0, dy, dy + rows * stepped.units4);
      for (let r = 0; r < rows; r++) arena.f32.set(g.subarray((from + r) * units, (from + r + 1) * units), dy + r * stepped.units4);
    };
    for (let i = 0; i < steps; i++) stepped.forward(x + i * b * inputs, b, inputs, i * b);
    whole.forward(x, b * steps, inputs);
    expect(maxDiff(rowsOf(arena, stepped.y, b * steps, units, stepped.units4), rowsOf(arena, whole.y, b * steps, units, whole.units4))).toBe(0);
    // Newest step first, as backpropagation through time runs; the first call overwrites.
    for (let i = steps - 1; i >= 0; i--) {
      putDy(i * b, b);
      stepped.backward(x + i * b * inputs, b, inputs, dy, false, i * b, i < steps - 1);
    }
    putDy(0, b * steps);
    whole.backward(x, b * steps, inputs, dy, false);
    expect(maxDiff(rowsOf(arena, stepped.gw, inputs, units, stepped.units4), rowsOf(arena, whole.gw, inputs, units, whole.units4))).toBeLessThan(1e-5);
    expect(maxDiff(arena.f32.subarray(stepped.gb, stepped.gb + units), arena.f32.subarray(whole.gb, whole.gb + units))).toBeLessThan(1e-5);
    expect(() => stepped.forward(x, b, inputs, b * steps - 1)).toThrow(/fit in 12/);
  });

  it.each([
    [5, 240, 100, 'tanh'],
    [7, 5, 13, 'sigmoid'],
    [3, 10, 6, 'relu'],
    [4, 6, 3, 'linear'],
    [2, 9, 4, 'softplus'],
    [3, 4, 5, 'elu'],
  ] as [number, number, number, Activation][])('gives the gradients tfjs gives (%i rows, %i -> %i, %s)', (rows, inputs, units, act) => {
    const arena = SimdArena.create() as SimdArena;
    const layer = new SimdTrainDense(arena, inputs, units, act, 8);
    const kernel = values(inputs * units, 1).map((v) => v * 0.3);
    const bias = values(units, 2);
    layer.setWeights(kernel, bias);
    expect(maxDiff(layer.kernel(), kernel)).toBe(0);
    const x = values(rows * inputs, 3);
    const stride = inputs + 2;
    const xAt = arena.alloc(rows * stride);
    for (let r = 0; r < rows; r++) arena.f32.set(x.subarray(r * inputs, (r + 1) * inputs), xAt + r * stride);
    // Loss = Σ y ⊙ R for a fixed R, so dL/dy = R.
    const weightsR = values(rows * units, 4);
    const y = layer.forward(xAt, rows, stride);
    const dy = arena.alloc(rows * layer.units4);
    for (let r = 0; r < rows; r++) arena.f32.set(weightsR.subarray(r * units, (r + 1) * units), dy + r * layer.units4);
    layer.backward(xAt, rows, stride, dy, true);

    const [wT, bT, xT, rT] = [tf.tensor2d(kernel, [inputs, units]), tf.tensor1d(bias), tf.tensor2d(x, [rows, inputs]), tf.tensor2d(weightsR, [rows, units])];
    const f = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor): tf.Tensor => applyActivation(tf.add(tf.matMul(xx as tf.Tensor2D, ww as tf.Tensor2D), bb), act);
    const want = f(xT, wT, bT);
    const [gx, gw, gb] = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(f(xx, ww, bb), rT)))([xT, wT, bT]);
    const tol = act === 'tanh' ? 2e-5 : 5e-6;
    expect(maxDiff(rowsOf(arena, y, rows, units, layer.units4), want.dataSync())).toBeLessThan(tol);
    expect(maxDiff(rowsOf(arena, layer.gw, inputs, units, layer.units4), (gw as tf.Tensor).dataSync())).toBeLessThan(tol * 10);
    expect(maxDiff(arena.f32.subarray(layer.gb, layer.gb + units), (gb as tf.Tensor).dataSync())).toBeLessThan(tol * 10);
    expect(maxDiff(rowsOf(arena, layer.dx, rows, inputs, layer.inputs4), (gx as tf.Tensor).dataSync())).toBeLessThan(tol * 10);
    // Padding columns keep zero gradients, so an optimizer leaves them at zero.
    for (let k = 0; k < inputs; k++) for (let j = units; j < layer.units4; j++) expect(arena.f32[layer.gw + k * layer.units4 + j]).toBe(0);
    tf.dispose([wT, bT, xT, rT, want, gx as tf.Tensor, gw as tf.Tensor, gb as tf.Tensor]);
  });

  it('rejects a batch larger than it was sized for', () => {
    const arena = SimdArena.create() as SimdArena;
    const layer = new SimdTrainDense(arena, 3, 2, 'tanh', 4);
    expect(() => layer.forward(0, 5, 3)).toThrow(/expected 1 to 4 rows, got 5/);
  });
});

describe('SimdAdam', () => {
  it('follows tf.train.adam step for step', () => {
    const arena = SimdArena.create() as SimdArena;
    const n = 37;
    const value = arena.store(values(n, 5));
    const grad = arena.alloc(n);
    const adam = new SimdAdam(arena, [{ value, grad, n }], { learningRate: 0.01 });
    const v = tf.variable(tf.tensor1d(values(n, 5)));
    const opt = tf.train.adam(0.01, 0.9, 0.999, 1e-7);
    for (let step = 0; step < 5; step++) {
      const g = values(n, 10 + step).map((x) => x * (step + 1));
      arena.f32.set(g, grad);
      adam.step();
      const gT = tf.tensor1d(g);
      opt.applyGradients([{ name: v.name, tensor: gT }]);
      gT.dispose();
    }
    expect(adam.steps).toBe(5);
    expect(maxDiff(arena.f32.subarray(value, value + n), v.dataSync())).toBeLessThan(1e-6);
    opt.dispose();
    v.dispose();
  });
});
