// ACVAE benchmarks: training time on SKAB valve1 files (per file and in total) and online
// inference of the newest point (Algorithm 2) with 100 Monte Carlo samples per model in the
// Float32Array scorer, p50/p99 per point, at the seed's width (100) and at the results' width.
import { resolve } from 'node:path';
import { readSeriesFile } from '@awad/cli';
import { ensureBackend } from '@awad/tensor';
import { AcvaeDetector, createGroundTruthOracle, Float32SsmScorer, scoreNoise, SsmVae } from '@awad/vae';
import { splitFiles } from './acvae-results';

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

export async function runAcvaeBench(): Promise<Record<string, unknown>> {
  const report = await ensureBackend();
  const datasets = resolve(process.env.AWAD_DATASETS ?? '../shared/datasets');
  const { train } = splitFiles(datasets);
  const files = train.map((p) => readSeriesFile(p, { format: 'skab' }));
  const labels = files.flatMap((f) => Array.from(f.labels ?? []));
  const options = { hidden: 32, epochs: 8, anoEpochs: 30, trainStride: 5, rounds: 3, fitAfter: 0 } as const;
  const detector = new AcvaeDetector({ ...options, labelBudget: 0.03 });
  const began = performance.now();
  await detector.fit(
    files.map((f) => ({ rows: f.rows, times: f.times })),
    { oracle: createGroundTruthOracle(labels, { budget: 0.03 }) },
  );
  const total = (performance.now() - began) / 1000;
  return {
    backend: report.backend,
    training: { files: files.length, points: labels.length, options, totalSeconds: total, secondsPerFile: total / files.length, stats: detector.fitStats },
    inference: [inferenceLatency(100, 300), inferenceLatency(32, 500), inferenceLatency(16, 500)],
  };
}
