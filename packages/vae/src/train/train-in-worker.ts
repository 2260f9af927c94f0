// Training a VaeModel in a worker thread (node:worker_threads): the rows go to the worker, epoch
// progress and the trained model (as JSON) come back, so the caller's event loop stays free.
// The worker runs this same module (the package bundle when built, this file under tsx), which
// starts the job when it finds its workerData.
// Reference: https://nodejs.org/api/worker_threads.html
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { DetectorError } from '@awad/core';
import { ensureBackend } from '@awad/tensor';
import type { TrainProgress } from './train-dense-vae';
import { VaeModel, type VaeModelJson } from '../vae/vae-model';
import type { VaeModelOptions } from '../vae/vae-options';

const KIND = 'awad-vae-train';

export interface WorkerTrainJob {
  readonly values: Float64Array;
  readonly rows: number;
  readonly features: readonly string[];
  readonly options: VaeModelOptions;
}

type WorkerMessage = { type: 'progress'; progress: TrainProgress } | { type: 'done'; model: VaeModelJson } | { type: 'error'; message: string };

/** This module's file: the bundle when built (ESM or CJS), the TypeScript source under tsx. */
function moduleFile(): string {
  return typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
}

/** Trains in a worker thread; resolves to the trained model's JSON. */
export function trainInWorker(job: WorkerTrainJob, onProgress?: (p: TrainProgress) => void): Promise<VaeModelJson> {
  const file = moduleFile();
  return new Promise((resolve, reject) => {
    const workerOptions = { workerData: { kind: KIND, job } };
    // Under tsx (development, tests) the worker registers tsx's loader before importing the source.
    const worker = file.endsWith('.ts')
      ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(file).href)}); });`, { ...workerOptions, eval: true, execArgv: ['--conditions=source'] })
      : new Worker(file, workerOptions);
    let settled = false;
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') {
        try {
          onProgress?.(message.progress);
        } catch {
          // A failing progress callback must not stop the training.
        }
      } else {
        settled = true;
        void worker.terminate();
        if (message.type === 'done') resolve(message.model);
        else reject(new DetectorError('vae', `VAE training failed in the worker: ${message.message}`));
      }
    });
    worker.on('error', (error) => {
      if (!settled) reject(new DetectorError('vae', `VAE training worker crashed: ${error.message}`));
      settled = true;
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new DetectorError('vae', `VAE training worker exited with code ${code} before sending a model`));
      settled = true;
    });
  });
}

async function runJob(job: WorkerTrainJob): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  try {
    await ensureBackend();
    const model = VaeModel.train(job.values, job.rows, job.features, job.options, (progress) => port.postMessage({ type: 'progress', progress } satisfies WorkerMessage));
    port.postMessage({ type: 'done', model: model.toJSON() } satisfies WorkerMessage);
  } catch (error) {
    port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies WorkerMessage);
  }
}

if (!isMainThread && (workerData as { kind?: unknown } | null)?.kind === KIND) void runJob((workerData as { job: WorkerTrainJob }).job);
