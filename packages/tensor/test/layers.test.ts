import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS, createAdam, Dense, ensureBackend, Float32Mlp, Mlp, readVariables, tensorCount, tensorLeak, tf, trainStep } from '../src/index';

describe('Dense, Mlp and the Float32Array forward pass', () => {
  beforeAll(async () => {
    await ensureBackend({ backend: 'wasm' });
  });

  it('draws the same weights from the same seed and different ones from another', () => {
    const a = new Dense({ inputs: 4, units: 3, seed: 7, name: 'a' });
    const b = new Dense({ inputs: 4, units: 3, seed: 7, name: 'b' });
    const c = new Dense({ inputs: 4, units: 3, seed: 8, name: 'c' });
    expect(Array.from(a.kernel.dataSync())).toEqual(Array.from(b.kernel.dataSync()));
    expect(Array.from(a.kernel.dataSync())).not.toEqual(Array.from(c.kernel.dataSync()));
    for (const d of [a, b, c]) d.dispose();
  });

  it.each(ACTIVATIONS)('Float32Mlp matches the tfjs Mlp with %s hidden units', (activation) => {
    const mlp = new Mlp({ sizes: [6, 9, 4, 3], activation, outputActivation: 'sigmoid', seed: 3, name: 'enc' });
    const rows = 5;
    const x = Float32Array.from({ length: rows * 6 }, (_, i) => Math.sin(i * 1.7) * 2);
    const expected = tf.tidy(() => Array.from(mlp.apply(tf.tensor2d(x, [rows, 6])).dataSync()));
    const fast = Float32Mlp.fromWeights(readVariables(mlp.namedVariables()), 'enc', [activation, activation, 'sigmoid']);
    const got = Array.from(fast.forward(x, rows));
    expect(got).toHaveLength(expected.length);
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 5));
    mlp.dispose();
  });

  it('learns a linear map with Adam and leaks no tensors per step', async () => {
    const mlp = new Mlp({ sizes: [2, 8, 1], activation: 'tanh', seed: 1, name: 'reg' });
    const xs = tf.tensor2d([[0, 0], [1, 0], [0, 1], [1, 1], [0.5, 0.5]]);
    const ys = tf.tensor2d([[0], [0.5], [-0.5], [0], [0]]);
    const opt = createAdam({ learningRate: 0.05 });
    const loss = (): tf.Scalar => tf.losses.meanSquaredError(ys, mlp.apply(xs)) as tf.Scalar;
    const first = trainStep(opt, loss, mlp.variables());
    let last = first;
    const leaked = await tensorLeak(() => {
      for (let i = 0; i < 200; i++) last = trainStep(opt, loss, mlp.variables());
    });
    expect(leaked).toBe(0);
    expect(last).toBeLessThan(first / 20);
    const before = tensorCount();
    for (let i = 0; i < 50; i++) tf.tidy(() => mlp.apply(xs).dataSync());
    expect(tensorCount()).toBe(before);
    tf.dispose([xs, ys]);
    opt.dispose();
    mlp.dispose();
  });

  it('rejects impossible layer sizes with a typed error', () => {
    expect(() => new Dense({ inputs: 0, units: 3, name: 'x' })).toThrow(/expected `inputs` to be a positive integer, got 0/);
    expect(() => new Mlp({ sizes: [3], name: 'x' })).toThrow(/at least two widths/);
  });
});

describe('layer lifetime', () => {
  it('keeps exactly its two variables alive, and frees them on dispose', async () => {
    await ensureBackend({ backend: 'wasm' });
    const before = tensorCount();
    const layer = new Dense({ inputs: 3, units: 2, name: 'life' });
    expect(tensorCount() - before).toBe(2);
    layer.dispose();
    expect(tensorCount()).toBe(before);
  });
});
