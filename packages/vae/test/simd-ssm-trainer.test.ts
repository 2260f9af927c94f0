import { createAdam, ensureBackend, tf, trainStep, type NamedWeights } from '@awad/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { fineTuneAno, normalNoise, SimdSsmTrainer, SsmVae, trainFull, windowStarts, type SeriesData, type SsmSizes } from '../src/index';
import { worstRelative } from './helpers';

/** tfjs's loss of SsmVae, as ssm-training's step minimises it. */
function tfLoss(model: SsmVae, x: tf.Tensor3D, t: tf.Tensor3D | null, e: tf.Tensor3D, mask: tf.Tensor2D | null, l2: number): tf.Scalar {
  return tf.tidy(() => tf.add(tf.mean(model.negElbo(x, t, e, mask)), tf.mul(l2, model.l2())) as tf.Scalar);
}

beforeAll(async () => {
  await ensureBackend();
});

describe('SimdSsmTrainer', () => {
  it.each([
    ['no background, no mask', { metrics: 3, background: 0, latent: 2, hidden: 8 }, 5, 6, false],
    ['background and a mask', { metrics: 4, background: 3, latent: 3, hidden: 12 }, 7, 9, true],
    ['the results sizes', { metrics: 8, background: 0, latent: 4, hidden: 32 }, 30, 16, true],
  ] as [string, SsmSizes, number, number, boolean][])('gives tf.grads\' loss and gradients (%s)', (_, sizes, window, rows, masked) => {
    const { metrics: m, background: tb, latent: z } = sizes;
    // Inputs large enough that some log-sigmas leave the clip range.
    const x = normalNoise(rows * window * m, 3).map((v) => 2 * v);
    const t = tb > 0 ? normalNoise(rows * window * tb, 4) : null;
    const e = normalNoise(rows * window * z, 5);
    const mask = masked ? Float32Array.from({ length: rows * window }, (_, i) => (i % 3 === 0 ? 1 : 0)) : null;
    const model = new SsmVae(sizes, 2);
    const l2 = 1e-3;
    const trainer = SimdSsmTrainer.create(sizes, model.weights(), { window, maxBatch: rows, learningRate: 1e-3, l2 }) as SimdSsmTrainer;
    const xT = tf.tensor3d(x, [rows, window, m]);
    const tT = t ? tf.tensor3d(t, [rows, window, tb]) : null;
    const eT = tf.tensor3d(e, [rows, window, z]);
    const mT = mask ? tf.tensor2d(mask, [rows, window]) : null;
    const vars = model.namedVariables();
    const { value, grads } = tf.variableGrads(() => tfLoss(model, xT, tT, eT, mT, l2), vars.map(([, v]) => v));
    const want = value.dataSync()[0] as number;
    const got = trainer.pass(x, t, e, mask, rows, true);
    expect(Math.abs(got - want) / Math.abs(want)).toBeLessThan(1e-5);
    const wantGrads: NamedWeights = Object.fromEntries(vars.map(([name, v]) => [name, { shape: v.shape, values: grads[v.name]?.dataSync() as Float32Array }]));
    expect(worstRelative(wantGrads, trainer.gradients())).toBeLessThan(1e-4);
    tf.dispose([value, ...Object.values(grads), xT, eT]);
    tT?.dispose();
    mT?.dispose();
    model.dispose();
  });

  it('takes the steps tfjs\'s Adam takes, and its weights load back into SsmVae', () => {
    const sizes: SsmSizes = { metrics: 5, background: 2, latent: 3, hidden: 16 };
    const window = 10;
    const rows = 12;
    const model = new SsmVae(sizes, 4);
    const trainer = SimdSsmTrainer.create(sizes, model.weights(), { window, maxBatch: 16, learningRate: 1e-2, l2: 1e-4 }) as SimdSsmTrainer;
    expect(worstRelative(trainer.weights(), model.weights())).toBe(0);
    const opt = createAdam({ learningRate: 1e-2 });
    for (let s = 0; s < 6; s++) {
      const x = normalNoise(rows * window * 5, 10 + s).map((v) => 0.5 + 0.3 * v);
      const t = normalNoise(rows * window * 2, 20 + s);
      const e = normalNoise(rows * window * 3, 30 + s);
      const [xT, tT, eT] = [tf.tensor3d(x, [rows, window, 5]), tf.tensor3d(t, [rows, window, 2]), tf.tensor3d(e, [rows, window, 3])];
      const want = trainStep(opt, () => tfLoss(model, xT, tT, eT, null, 1e-4), model.variables());
      const got = trainer.step(x, t, e, null, rows);
      expect(Math.abs(got - want) / Math.abs(want)).toBeLessThan(1e-4);
      tf.dispose([xT, tT, eT]);
    }
    expect(worstRelative(trainer.weights(), model.weights())).toBeLessThan(1e-4);
    const copy = new SsmVae(sizes, 9);
    copy.setWeights(trainer.weights());
    expect(worstRelative(copy.weights(), trainer.weights())).toBe(0);
    opt.dispose();
    model.dispose();
    copy.dispose();
  });

  it('rejects a batch larger than it was built for', () => {
    const sizes: SsmSizes = { metrics: 2, background: 0, latent: 2, hidden: 4 };
    const model = new SsmVae(sizes, 1);
    const trainer = SimdSsmTrainer.create(sizes, model.weights(), { window: 3, maxBatch: 2, learningRate: 1e-3, l2: 0 }) as SimdSsmTrainer;
    expect(() => trainer.step(new Float32Array(3 * 3 * 2), null, new Float32Array(3 * 3 * 2), null, 3)).toThrow(/1 to 2 windows, got 3/);
    model.dispose();
  });

  it('trains model_full and fine-tunes model_ano to the tfjs engine\'s weights', () => {
    const sizes: SsmSizes = { metrics: 3, background: 0, latent: 2, hidden: 8 };
    const n = 400;
    const x = Float32Array.from({ length: n * 3 }, (_, i) => 0.5 * Math.sin(i * 0.07) + 0.1 * Math.cos(i * 1.3));
    const data: SeriesData = { x, t: null, n, m: 3, tdim: 0, bounds: [[0, n]] };
    const window = 10;
    const starts = windowStarts(data, window, 2);
    const train = starts.filter((_, i) => i % 4 !== 0);
    const validation = starts.filter((_, i) => i % 4 === 0);
    const labels = Int8Array.from({ length: n }, (_, i) => (i > 200 && i < 230 ? 1 : 0));
    const o = { window, epochs: 3, patience: 3, batchSize: 32, learningRate: 1e-3, l2: 1e-4, augmentStd: 0.05, seed: 5, round: 0 };
    const run = (engine: 'simd' | 'tfjs'): { full: NamedWeights; ano: NamedWeights; best: number; kind: string } => {
      const model = new SsmVae(sizes, 3);
      const r = trainFull(model, data, train, train.slice(0, 20), validation, { ...o, engine });
      const full = model.weights();
      fineTuneAno(model, data, starts.filter((s) => s > 190 && s < 230), labels, { ...o, epochs: 4, engine });
      const ano = model.weights();
      model.dispose();
      return { full, ano, best: r.best, kind: r.engine };
    };
    const simd = run('simd');
    const tfjs = run('tfjs');
    expect([simd.kind, tfjs.kind]).toEqual(['simd', 'tfjs']);
    expect(Math.abs(simd.best - tfjs.best) / Math.abs(tfjs.best)).toBeLessThan(1e-4);
    expect(worstRelative(simd.full, tfjs.full)).toBeLessThan(1e-3);
    expect(worstRelative(simd.ano, tfjs.ano)).toBeLessThan(1e-3);
    expect(worstRelative(simd.ano, simd.full)).toBeGreaterThan(1e-3);
  });
});
