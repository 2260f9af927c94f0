// Benchmark of @awad/vae: training time per SKAB file (first 400 rows, default model), the
// training step of the 240 -> 100 -> 5 -> 100 -> 240 VAE (batch 128) on both engines (the
// WebAssembly SIMD step VaeModel.train uses, and tfjs on its backend), online scoring per point
// with L = 100 (Float32Array scorer, through VaeDetector.scoreOne), batched windows per second
// (Float32 and tfjs), and the same model in PyTorch on CPU, one thread (bench/torch_vae.py,
// spawned here, so both run on the same machine in the same run).
// Targets (issue 6): training step within 2x of PyTorch; single-window score no slower than
// PyTorch; online p99 <= 2 ms.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createAdam, ensureBackend, tf, trainStep } from '@awad/tensor';
import { DenseVae, normalNoise, SimdVaeTrainer, VaeDetector, VaeModel } from '@awad/vae';

export interface VaeBenchOptions {
  readonly datasets: string;
  /** SKAB files trained (default 4; all 16 take minutes). */
  readonly trainFiles: number;
  readonly steps: number;
  readonly scores: number;
}

export const DEFAULT_VAE_BENCH: VaeBenchOptions = {
  datasets: process.env.AWAD_DATASETS ?? resolve(import.meta.dirname, '../../shared/datasets'),
  trainFiles: 4,
  steps: 100,
  scores: 2000,
};

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

function readSkab(path: string): { features: string[]; rows: number[][] } {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  const header = (lines[0] as string).split(';');
  const cols = header.map((h, i) => [h, i] as const).filter(([h]) => h !== 'datetime' && h !== 'anomaly' && h !== 'changepoint');
  return { features: cols.map(([h]) => h), rows: lines.slice(1).map((l) => { const f = l.split(';'); return cols.map(([, i]) => Number(f[i])); }) };
}

export async function runVaeBench(options: Partial<VaeBenchOptions> = {}): Promise<Record<string, unknown>> {
  const o = { ...DEFAULT_VAE_BENCH, ...options };
  const backend = await ensureBackend();
  const dir = join(o.datasets, 'skab', 'valve1');
  const files = readdirSync(dir).filter((f) => f.endsWith('.csv')).sort((a, b) => parseInt(a, 10) - parseInt(b, 10));

  // 1. Training per SKAB file: first 400 rows, default hyperparameters (W 30, 8 metrics, early stopping).
  const perFile: { file: string; ms: number; epochs: number; steps: number }[] = [];
  let lastModel: VaeModel | undefined;
  let lastRows: number[][] = [];
  for (const name of files.slice(0, o.trainFiles)) {
    const { features, rows } = readSkab(join(dir, name));
    const t = performance.now();
    const model = VaeModel.train(Float64Array.from(rows.slice(0, 400).flat()), 400, features, {});
    const last = model.training.history.at(-1);
    perFile.push({ file: name, ms: performance.now() - t, epochs: model.training.history.length, steps: last?.steps ?? 0 });
    lastModel = model;
    lastRows = rows;
  }
  const model = lastModel as VaeModel;

  // 2. One training step (fresh model, fixed batch): the SIMD engine, then tfjs.
  const arch = { inputs: 240, hidden: [100], latent: 5, activation: 'tanh' as const, decoderStd: 'learned' as const };
  const xs = normalNoise(128 * 240, 3).map((v) => 0.5 + 0.2 * v);
  const es = normalNoise(128 * 5, 4);
  const simdTrainer = SimdVaeTrainer.create(arch, 1, 1e-3, 128);
  let simdStepMs: number | null = null;
  if (simdTrainer) {
    for (let i = 0; i < 10; i++) simdTrainer.step(xs, es, 128);
    const t0 = performance.now();
    for (let i = 0; i < o.steps; i++) simdTrainer.step(xs, es, 128);
    simdStepMs = (performance.now() - t0) / o.steps;
  }
  const vae = new DenseVae(arch, 1);
  const x = tf.tensor2d(xs, [128, 240]);
  const e = tf.tensor2d(es, [128, 5]);
  const opt = createAdam();
  const vars = vae.variables();
  for (let i = 0; i < 10; i++) trainStep(opt, () => vae.loss(x, e), vars);
  let t = performance.now();
  for (let i = 0; i < o.steps; i++) trainStep(opt, () => vae.loss(x, e), vars);
  const stepMs = (performance.now() - t) / o.steps;
  tf.dispose([x, e]);
  opt.dispose();
  vae.dispose();

  // 3. Online scoring per point (L = 100): VaeDetector.scoreOne on the last file's test rows.
  const detector = VaeDetector.fromModel(model);
  const names = model.features;
  const points = lastRows.map((r) => Object.fromEntries(names.map((n, j) => [n, r[j] as number])));
  for (const p of points.slice(0, 400)) detector.learnOne(p);
  const lat: number[] = [];
  for (let i = 0; i < o.scores; i++) {
    const p = points[400 + (i % (points.length - 400))] as Record<string, number>;
    const t0 = performance.now();
    detector.scoreOne(p);
    lat.push((performance.now() - t0) * 1000);
  }
  lat.sort((a, b) => a - b);
  // Single-window score alone (prepared window, Float32 scorer), as torch_vae.py measures it.
  const windows = model.prepareWindows(Float64Array.from(lastRows.flat()), lastRows.length);
  const n = lastRows.length - 29;
  const d = model.arch.inputs;
  const single: number[] = [];
  for (let i = 0; i < o.scores; i++) {
    const w = windows.subarray((i % n) * d, ((i % n) + 1) * d);
    const t0 = performance.now();
    model.scoreWindow(w);
    single.push((performance.now() - t0) * 1000);
  }
  single.sort((a, b) => a - b);

  // 4. Batched windows per second: Float32 scorer loop, and tfjs in one batch.
  t = performance.now();
  for (let i = 0; i < n; i++) model.scoreWindow(windows.subarray(i * d, (i + 1) * d));
  const float32PerSecond = n / ((performance.now() - t) / 1000);
  model.scoreWindowsTf(windows, 8);
  t = performance.now();
  model.scoreWindowsTf(windows, n);
  const tfPerSecond = n / ((performance.now() - t) / 1000);
  model.dispose();

  // 5. PyTorch, the same model, CPU, one thread.
  const torchRun = spawnSync('/usr/bin/python3', [resolve(import.meta.dirname, 'torch_vae.py'), String(o.steps), String(o.scores)], { encoding: 'utf8' });
  let torch: { stepMs: number; scoreUs: { p50: number; p99: number }; batchedWindowsPerSecond: number; torch: string } | undefined;
  let torchError: string | undefined;
  try {
    torch = JSON.parse(torchRun.stdout.trim().split('\n').at(-1) ?? '');
  } catch {
    torchError = `torch_vae.py failed (status ${torchRun.status}): ${(torchRun.stderr || torchRun.error?.message || '').slice(-300)}`;
  }

  const singleP50 = percentile(single, 0.5);
  return {
    backend: backend.backend,
    training: { perFile, meanMs: perFile.reduce((a, f) => a + f.ms, 0) / perFile.length, meanEpochs: perFile.reduce((a, f) => a + f.epochs, 0) / perFile.length },
    trainStepMs: {
      simd: simdStepMs,
      tfjs: stepMs,
      torch: torch?.stepMs ?? null,
      ratio: torch && simdStepMs !== null ? simdStepMs / torch.stepMs : null,
      tfjsRatio: torch ? stepMs / torch.stepMs : null,
      engine: model.training.engine ?? 'tfjs',
      target: '<= 2x torch (ratio: the engine VaeModel.train uses)',
    },
    onlineScoreUs: { p50: percentile(lat, 0.5), p99: percentile(lat, 0.99), samples: model.options.mcSamples, target: 'p99 <= 2000 us' },
    singleWindowScoreUs: { float32P50: singleP50, float32P99: percentile(single, 0.99), torchP50: torch?.scoreUs.p50 ?? null, torchP99: torch?.scoreUs.p99 ?? null, ratio: torch ? singleP50 / torch.scoreUs.p50 : null, target: '<= 1x torch' },
    batchedWindowsPerSecond: { float32: float32PerSecond, tfjs: tfPerSecond, torch: torch?.batchedWindowsPerSecond ?? null },
    torch: torch ? { version: torch.torch, threads: 1 } : { error: torchError },
  };
}
