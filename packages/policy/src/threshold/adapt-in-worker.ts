// Adaptation of the meta-threshold policy in a worker thread (node:worker_threads): the policy file,
// the labelled decisions and the episode draws' state go to the worker, the adapted weights and the
// draws' new state come back, so the caller's event loop keeps deciding meanwhile. The worker runs
// this same module (the package bundle when built, this file under tsx), which starts the job when
// it finds its workerData. Given the same state it adapts exactly as `MetaThresholdLearner.adapt`
// in the caller's thread would.
// Reference: https://nodejs.org/api/worker_threads.html; METHODS.md 4.5 (adaptation).
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ensureBackend, type BackendName, type NamedWeights } from '@awad/tensor';
import type { DecodedPolicyFile } from '../ppo/policy-file';
import { thresholdPolicyOptions } from '../sim/threshold-comparison';
import { MetaThresholdLearner } from './meta-threshold-policy';

const KIND = 'awad-threshold-adapt';

export interface AdaptJob {
  readonly policy: DecodedPolicyFile;
  /** The weights adaptation starts from (the meta-weights). */
  readonly from: NamedWeights;
  readonly checks: Float32Array;
  readonly labels: Uint8Array;
  readonly steps: number;
  readonly seed: number;
  /** The episode draws' state to continue from; absent: a fresh learner's (the first adaptation). */
  readonly randomState?: number;
  /** The tensor backend to adapt on (the caller's); absent: the automatic choice. */
  readonly backend?: BackendName;
}

export interface AdaptResult {
  readonly weights: NamedWeights;
  readonly randomState: number;
}

type WorkerMessage = { type: 'done'; result: AdaptResult } | { type: 'error'; message: string };

/** Runs a job in this thread (what the worker does; also the reference the worker is tested against). */
export function runAdaptJob(job: AdaptJob): AdaptResult {
  const learner = new MetaThresholdLearner({ ...thresholdPolicyOptions(job.policy), seed: job.seed });
  try {
    if (job.randomState !== undefined) learner.continueRandom(job.randomState);
    const stream = { key: 'live', checks: job.checks, labels: job.labels, length: job.labels.length };
    const weights = learner.adapt(job.from, { stream, from: 0, to: stream.length }, job.steps);
    return { weights, randomState: learner.randomState() };
  } finally {
    learner.dispose();
  }
}

function moduleFile(): string {
  return typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
}

/** A running adaptation: its result, and a way to stop it (the promise then rejects). */
export interface AdaptRun {
  readonly result: Promise<AdaptResult>;
  terminate(): void;
}

/** Adapts in a worker thread. */
export function adaptInWorker(job: AdaptJob): AdaptRun {
  const file = moduleFile();
  const workerOptions = { workerData: { kind: KIND, job } };
  // Under tsx (development, tests) the worker registers tsx's loader before importing the source.
  const worker = file.endsWith('.ts')
    ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(file).href)}); });`, { ...workerOptions, eval: true, execArgv: ['--conditions=source'] })
    : new Worker(file, workerOptions);
  let settled = false;
  const result = new Promise<AdaptResult>((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      settled = true;
      void worker.terminate();
      if (message.type === 'done') resolve(message.result);
      else reject(new Error(`threshold adaptation failed in the worker: ${message.message}`));
    });
    worker.on('error', (error) => {
      if (!settled) reject(new Error(`threshold adaptation worker crashed: ${error.message}`));
      settled = true;
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`threshold adaptation worker exited with code ${code} before sending weights`));
      settled = true;
    });
  });
  return {
    result,
    terminate() {
      void worker.terminate();
    },
  };
}

async function runWorker(job: AdaptJob): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  try {
    await ensureBackend(job.backend ? { backend: job.backend } : {});
    port.postMessage({ type: 'done', result: runAdaptJob(job) } satisfies WorkerMessage);
  } catch (error) {
    port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies WorkerMessage);
  }
}

if (!isMainThread && (workerData as { kind?: unknown } | null)?.kind === KIND) void runWorker((workerData as { job: AdaptJob }).job);
