import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Features } from '@awad/core';
import { ensureBackend, tensorLeak } from '@awad/tensor';
import { Float32Vae, HybridVaeDetector, jacobiEigen, normalNoise, Pca, VaeDetector, VaeModel, type TrainProgress } from '../src/index';
import { SKAB_LIKE_FEATURES, skabLike, TINY } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'awad-vae-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await ensureBackend({ backend: 'wasm' });
});

function rowsOf(points: readonly Features[]): Float64Array {
  return Float64Array.from(points.flatMap((p) => SKAB_LIKE_FEATURES.map((f) => p[f] as number)));
}

describe('VaeModel', () => {
  const points = skabLike(400, 7);
  const values = rowsOf(points);
  const n = 400 - 6 + 1;
  let model: VaeModel;
  let windows: Float32Array;
  let d: number;
  beforeAll(async () => {
    await ensureBackend({ backend: 'wasm' });
    model = VaeModel.train(values.subarray(0, 300 * 8), 300, SKAB_LIKE_FEATURES, { ...TINY, window: 6, epochs: 3, mcSamples: 20 });
    windows = model.prepareWindows(values, 400);
    d = model.arch.inputs;
  });

  it('gives the same scores from the Float32Array scorer as from the tfjs model (same noise)', () => {
    const fast = Array.from({ length: n }, (_, i) => model.scoreWindow(windows.subarray(i * d, (i + 1) * d)));
    const viaTf = model.scoreWindowsTf(windows, n);
    let maxDiff = 0;
    for (let i = 0; i < n; i++) maxDiff = Math.max(maxDiff, Math.abs((fast[i] as number) - (viaTf[i] as number)) / Math.max(1, Math.abs(viaTf[i] as number)));
    expect(maxDiff).toBeLessThan(1e-5);
    expect(new Set(fast.map((s) => s.toFixed(6))).size).toBeGreaterThan(n / 2); // scores differ across windows
  });

  it('gives the same scores on the WebAssembly SIMD kernels as in plain JS loops', () => {
    const simd = model.float32();
    expect(simd.usesSimd).toBe(true);
    const plain = new Float32Vae(model.arch, model.weights, model.span, model.noise, model.options.mcSamples, { simd: false });
    expect(plain.usesSimd).toBe(false);
    const perSimd = new Float64Array(simd.scored);
    const perPlain = new Float64Array(simd.scored);
    let maxDiff = 0;
    for (let i = 0; i < n; i++) {
      const w = windows.subarray(i * d, (i + 1) * d);
      const a = simd.score(w, perSimd);
      const b = plain.score(w, perPlain);
      maxDiff = Math.max(maxDiff, Math.abs(a - b) / Math.max(1, Math.abs(b)));
      for (let j = 0; j < simd.scored; j++) maxDiff = Math.max(maxDiff, Math.abs((perSimd[j] as number) - (perPlain[j] as number)) / Math.max(1, Math.abs(perPlain[j] as number)));
    }
    expect(maxDiff).toBeLessThan(1e-5);
  });

  it('scoring through tfjs repeatedly leaves no tensor behind', async () => {
    model.scoreWindowsTf(windows, 5); // builds the tfjs model once
    const leaked = await tensorLeak(() => {
      for (let i = 0; i < 20; i++) model.scoreWindowsTf(windows.subarray(i * d), 3);
    });
    expect(leaked).toBe(0);
  });

  it('saves and loads to identical scores', async () => {
    const path = join(dir, 'model.json');
    await model.save(path);
    const loaded = await VaeModel.load(path);
    for (let i = 0; i < n; i += 7) expect(loaded.scoreWindow(windows.subarray(i * d, (i + 1) * d))).toBe(model.scoreWindow(windows.subarray(i * d, (i + 1) * d)));
    expect(loaded.threshold).toBe(model.threshold);
    await expect(VaeModel.load(join(dir, 'missing.json'))).rejects.toThrow(/JSON VAE model file/);
  });

  it('rejects a model file of another kind with a typed error', () => {
    expect(() => VaeModel.fromJSON({ kind: 'other', version: 1 } as never)).toThrow(/awad-vae-model/);
  });

  it('trains with PCA components and explains in feature space', () => {
    const withPca = VaeModel.train(values.subarray(0, 300 * 8), 300, SKAB_LIKE_FEATURES, { ...TINY, epochs: 2, pca: 3 });
    expect(withPca.rowWidth).toBe(3);
    expect(withPca.arch.inputs).toBe(TINY.window * 3);
    const w = withPca.prepareWindows(values.subarray(0, 8 * 8), 8);
    const why = withPca.explainWindow(w.subarray(0, withPca.arch.inputs));
    expect(why.featureIndex).toBeGreaterThanOrEqual(0);
    expect(why.featureIndex).toBeLessThan(8);
  });
});

describe('PCA (Jacobi)', () => {
  it('finds the eigenpairs of a known symmetric matrix', () => {
    // [[4,1,0],[1,3,0],[0,0,1]]: eigenvalues (7 ± sqrt 5) / 2 and 1.
    const { values } = jacobiEigen([4, 1, 0, 1, 3, 0, 0, 0, 1], 3);
    expect(values[0]).toBeCloseTo((7 + Math.sqrt(5)) / 2, 10);
    expect(values[1]).toBeCloseTo((7 - Math.sqrt(5)) / 2, 10);
    expect(values[2]).toBeCloseTo(1, 10);
  });

  it('keeps the components that explain the variance share', () => {
    // Two strongly correlated columns and one of tiny noise: one component explains > 95%.
    const noise = normalNoise(600, 3);
    const rows = Array.from({ length: 200 }, (_, i) => [noise[3 * i]!, noise[3 * i]! * 2 + 0.01 * noise[3 * i + 1]!, 0.01 * noise[3 * i + 2]!]).flat();
    const pca = Pca.fit(rows, 200, 3, { variance: 0.95 });
    expect(pca.k).toBe(1);
    const out = new Float64Array(200);
    pca.transform(rows, 200, out);
    expect(Math.abs(pca.components[1]! / pca.components[0]!)).toBeCloseTo(2, 2);
  });
});

describe('training in a worker thread', () => {
  it('reports progress per epoch and gives the same model as training in this thread', async () => {
    const points = skabLike(160, 9);
    const options = { ...TINY, epochs: 3, fitAfter: 0 };
    const progress: TrainProgress[] = [];
    const inWorker = new VaeDetector(options);
    await inWorker.fit(points.slice(0, 120), { worker: true, onProgress: (p) => progress.push(p) });
    const here = new VaeDetector(options);
    await here.fit(points.slice(0, 120));
    expect(progress.map((p) => p.epoch)).toEqual([1, 2, 3]);
    expect(progress.every((p) => Number.isFinite(p.loss) && p.epochs === 3)).toBe(true);
    for (const x of points.slice(120)) {
      expect(inWorker.scoreOne(x)).toBe(here.scoreOne(x));
      inWorker.learnOne(x);
      here.learnOne(x);
    }
    // Save/load of a worker-trained model gives identical scores.
    const path = join(dir, 'worker-model.json');
    await inWorker.fitted!.save(path);
    const loaded = VaeDetector.fromModel(await VaeModel.load(path));
    for (const x of points.slice(0, 40)) loaded.learnOne(x);
    const fresh = VaeDetector.fromModel(inWorker.fitted!);
    for (const x of points.slice(0, 40)) fresh.learnOne(x);
    for (const x of points.slice(40, 80)) expect(loaded.scoreOne(x)).toBe(fresh.scoreOne(x));
  });

  it('the hybrid fits its VAE in a worker too and scores on the surprise scale', async () => {
    const points = skabLike(200, 4);
    const hybrid = new HybridVaeDetector({ vae: { ...TINY, epochs: 2, fitAfter: 0 } });
    await hybrid.fit(points.slice(0, 150), { worker: true });
    const scores = points.slice(150).map((x) => hybrid.scoreOne(x));
    expect(scores.every((s) => s >= 0 && Number.isFinite(s))).toBe(true);
    expect(hybrid.alertSurprise).toBeCloseTo(-Math.log10(0.005), 10);
    const spike = { ...points[199]!, voltage: 400 };
    expect(hybrid.scoreOne(spike)).toBeGreaterThan(hybrid.alertSurprise);
  });
});
