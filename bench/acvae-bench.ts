// ACVAE benchmarks: training time on SKAB valve1 files (per file and in total) and online
// inference of the newest point (Algorithm 2) with 100 Monte Carlo samples per model in the
// Float32Array code, p50/p99 per point, at the seed's width (100) and at the results' width:
// 'window' re-runs the W-step chain per point (seed), 'filter' carries the paths' state (one step
// per point) through the detector's scoreOne + learnOne.
import { resolve } from 'node:path';
import { readSeriesFile } from '@awad/cli';
import { ensureBackend } from '@awad/tensor';
import { ACVAE_SCALE_CLIP, AcvaeDetector, createGroundTruthOracle, Float32SsmScorer, MinMaxScaler, scoreNoise, SsmVae, type AcvaeOptions } from '@awad/vae';
import { RESULT_OPTIONS, splitFiles } from './acvae-results';

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/** Per-point latency of both models' Float32 scores for one window (the live path). */
function inferenceLatency(hidden: number, points: number): { hidden: number; samples: number; p50Ms: number; p99Ms: number } {
  const sizes = { metrics: 8, background: 0, latent: 4, hidden };
  const window = 30;
  const samples = 100;
  const noise = scoreNoise(1, samples, window, 4);
  const full = new SsmVae(sizes, 1);
  const ano = new SsmVae(sizes, 2);
  const sf = new Float32SsmScorer(full.weights(), sizes, noise, samples, window);
  const sa = new Float32SsmScorer(ano.weights(), sizes, noise, samples, window);
  full.dispose();
  ano.dispose();
  const x = Float32Array.from({ length: window * 8 }, (_, i) => Math.sin(i));
  const times: number[] = [];
  for (let i = 0; i < points + 20; i++) {
    x[(i % window) * 8] = Math.cos(i);
    const t0 = performance.now();
    const a = sa.score(x, null).s - sf.score(x, null).s;
    const dt = performance.now() - t0;
    if (!Number.isFinite(a)) throw new Error('non-finite score');
    if (i >= 20) times.push(dt);
  }
  times.sort((a, b) => a - b);
  return { hidden, samples, p50Ms: quantile(times, 0.5), p99Ms: quantile(times, 0.99) };
}

/** Per-point latency of the live detector in filter mode: scoreOne + learnOne, both models of each of `pairs` pairs, L = 100. */
function filterLatency(hidden: number, points: number, overrides: AcvaeOptions = {}, pairs = 1): { scoring: 'filter'; hidden: number; pairs: number; samples: number; postRule: boolean; p50Ms: number; p99Ms: number } {
  const m = 8;
  const sizes = { metrics: m, background: 0, latent: 4, hidden };
  const samples = 100;
  const models = Array.from({ length: pairs }, (_, k) => ({ full: new SsmVae(sizes, 1 + 2 * k), ano: new SsmVae(sizes, 2 + 2 * k) }));
  const features = Array.from({ length: m }, (_, k) => `m${k}`);
  // The results' settings (filter scoring, level alignment, centring, smoothing) at this width.
  const d = new AcvaeDetector({ ...RESULT_OPTIONS, ...overrides, hidden, samples, fitAfter: 0 });
  d.restoreModel({ features, flagFeatures: [], sizes, scaler: new MinMaxScaler(features.map(() => -1), features.map(() => 1), ACVAE_SCALE_CLIP, 'symmetric'), pairs: models.map((p) => ({ full: p.full.weights(), ano: p.ano.weights() })), mode: 'contrast', threshold: 0, stats: { points: 0, labeled: 0, labeledAnomalous: 0, queries: 0, rounds: 0, thresholdF1: 0, seconds: 0 } });
  for (const p of models) {
    p.full.dispose();
    p.ano.dispose();
  }
  const row = (i: number): Record<string, number> => Object.fromEntries(features.map((f, k) => [f, Math.sin(i / 7 + k)]));
  const times: number[] = [];
  for (let i = 0; i < points + 50; i++) {
    const x = row(i);
    const t0 = performance.now();
    const a = d.scoreOne(x);
    d.learnOne(x);
    const dt = performance.now() - t0;
    if (i >= 50) {
      if (!Number.isFinite(a)) throw new Error('non-finite score');
      times.push(dt);
    }
  }
  times.sort((a, b) => a - b);
  return { scoring: 'filter', hidden, pairs, samples, postRule: d.options.smoothing > 1 || d.options.centerScores, p50Ms: quantile(times, 0.5), p99Ms: quantile(times, 0.99) };
}

export async function runAcvaeBench(args: readonly string[] = []): Promise<Record<string, unknown>> {
  const report = await ensureBackend();
  // Width 32 also without the post-rule (centring, smoothing), and as an ensemble of 3 pairs, to show what each costs.
  const inference = [filterLatency(100, 2000), filterLatency(32, 2000), filterLatency(32, 2000, { smoothing: 1, centerScores: false }), filterLatency(16, 2000), filterLatency(32, 2000, {}, 3), { scoring: 'window', ...inferenceLatency(100, 100) }, { scoring: 'window', ...inferenceLatency(32, 300) }];
  if (args.includes('--latency-only')) return { backend: report.backend, inference };
  const datasets = resolve(process.env.AWAD_DATASETS ?? '../shared/datasets');
  const { train } = splitFiles(datasets);
  const files = train.map((p) => readSeriesFile(p, { format: 'skab' }));
  const labels = files.flatMap((f) => Array.from(f.labels ?? []));
  const options: AcvaeOptions = { ...RESULT_OPTIONS, fitAfter: 0 };
  const detector = new AcvaeDetector({ ...options, labelBudget: 0.03 });
  const began = performance.now();
  // The results table's setting: the 6 training files, no extra normal recording.
  await detector.fit(
    files.map((f) => ({ rows: f.rows, times: f.times })),
    { oracle: createGroundTruthOracle(labels, { budget: 0.03 }) },
  );
  const total = (performance.now() - began) / 1000;
  return {
    backend: report.backend,
    training: { files: files.length, points: labels.length, options, totalSeconds: total, secondsPerFile: total / files.length, stats: detector.fitStats },
    inference,
  };
}
