import { createAdam, ensureBackend, tf, trainStep } from '@awad/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { DenseVae, normalNoise, SimdVaeTrainer, trainDenseVae, VaeModel, type VaeArchitecture } from '../src/index';
import { worstRelative } from './helpers';

beforeAll(async () => {
  await ensureBackend();
});

describe('SimdVaeTrainer', () => {
  it.each([
    [{ inputs: 24, hidden: [10], latent: 3, activation: 'tanh', decoderStd: 'learned' }, 16],
    [{ inputs: 240, hidden: [100], latent: 5, activation: 'tanh', decoderStd: 'learned' }, 128],
    [{ inputs: 13, hidden: [9, 6], latent: 2, activation: 'relu', decoderStd: 0.5 }, 7],
  ] as [VaeArchitecture, number][])('takes the steps tfjs takes (%o, batch %i)', (arch, rows) => {
    const x = normalNoise(rows * arch.inputs, 3).map((v) => 0.5 + 0.3 * v);
    const e = normalNoise(rows * arch.latent, 4);
    const trainer = SimdVaeTrainer.create(arch, 7, 1e-2, rows) as SimdVaeTrainer;
    const vae = new DenseVae(arch, 7);
    expect(worstRelative(trainer.weights(), vae.weights())).toBe(0);
    const opt = createAdam({ learningRate: 1e-2 });
    const xT = tf.tensor2d(x, [rows, arch.inputs]);
    const eT = tf.tensor2d(e, [rows, arch.latent]);
    for (let step = 0; step < 5; step++) {
      const want = trainStep(opt, () => vae.loss(xT, eT), vae.variables());
      const got = trainer.step(x, e, rows);
      expect(Math.abs(got - want) / Math.abs(want)).toBeLessThan(1e-5);
    }
    expect(worstRelative(trainer.weights(), vae.weights())).toBeLessThan(1e-4);
    expect(Math.abs(trainer.loss(x, e, rows) - tf.tidy(() => vae.loss(xT, eT).dataSync()[0] as number))).toBeLessThan(1e-3);
    tf.dispose([xT, eT]);
    opt.dispose();
    vae.dispose();
  });

  it('trains a DenseVae to the tfjs engine\'s result, with the same history', () => {
    const arch: VaeArchitecture = { inputs: 30, hidden: [12], latent: 3, activation: 'tanh', decoderStd: 'learned' };
    const n = 300;
    const windows = Float32Array.from({ length: n * 30 }, (_, i) => 0.5 + 0.3 * Math.sin(i * 0.21) + 0.05 * Math.cos(i * 1.7));
    const options = { learningRate: 1e-3, batchSize: 64, epochs: 4, patience: 5, validationShare: 0.2, seed: 3 };
    const simd = trainDenseVae(arch, windows, n, { ...options, trainEngine: 'simd' });
    const tfjs = trainDenseVae(arch, windows, n, { ...options, trainEngine: 'tfjs' });
    expect([simd.engine, tfjs.engine]).toEqual(['simd', 'tfjs']);
    expect(simd.history.map((h) => h.steps)).toEqual(tfjs.history.map((h) => h.steps));
    simd.history.forEach((h, i) => {
      const t = tfjs.history[i] as (typeof tfjs.history)[number];
      expect(Math.abs(h.loss - t.loss) / Math.abs(t.loss)).toBeLessThan(1e-4);
      expect(Math.abs(h.valLoss - t.valLoss) / Math.abs(t.valLoss)).toBeLessThan(1e-4);
    });
    expect(simd.bestEpoch).toBe(tfjs.bestEpoch);
    expect(worstRelative(simd.weights, tfjs.weights)).toBeLessThan(1e-3);
  });

  it('is what VaeModel.train uses by default, and the tfjs engine stays selectable', () => {
    const rows = 120;
    const values = Float64Array.from({ length: rows * 2 }, (_, i) => Math.sin(i * 0.3) + (i % 2));
    const byDefault = VaeModel.train(values, rows, ['a', 'b'], { window: 10, hidden: [8], latent: 2, epochs: 2, mcSamples: 10 });
    const tfjs = VaeModel.train(values, rows, ['a', 'b'], { window: 10, hidden: [8], latent: 2, epochs: 2, mcSamples: 10, trainEngine: 'tfjs' });
    expect(byDefault.training.engine).toBe('simd');
    expect(tfjs.training.engine).toBe('tfjs');
    expect(Math.abs((byDefault.training.history.at(-1)?.loss as number) - (tfjs.training.history.at(-1)?.loss as number))).toBeLessThan(1e-3);
    expect(() => VaeModel.train(values, rows, ['a', 'b'], { window: 10, trainEngine: 'gpu' as never })).toThrow(/trainEngine.*auto, simd, tfjs/s);
  });
});
