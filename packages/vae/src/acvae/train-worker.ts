// Training ACVAE in a node:worker_threads worker: the worker runs Algorithm 1 on its own tfjs
// engine and asks the main thread's oracle for labels by message; progress comes back as messages.
// Reference: Node.js worker_threads (https://nodejs.org/api/worker_threads.html).
import { Worker, type MessagePort } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { DetectorError } from '@awad/core';
import { ensureBackend } from '@awad/tensor';
import { modelToJson, type AcvaeModelJson } from './acvae-model';
import { resolveAcvaeOptions, type AcvaeOptions } from './acvae-options';
import type { AcvaeFitOptions } from './acvae-detector';
import type { AcvaeSeries } from './prepare';
import type { TrainProgress } from './ssm-training';

type ToWorker = { type: 'labels'; id: number; labels: Uint8Array } | { type: 'labels-error'; id: number; message: string; budget: boolean };
type FromWorker = { type: 'query'; id: number; indices: number[] } | { type: 'progress'; progress: TrainProgress } | { type: 'done'; model: AcvaeModelJson } | { type: 'error'; message: string };

interface WorkerData {
  readonly options: Record<string, unknown>;
  readonly series: readonly AcvaeSeries[];
  readonly normal: readonly AcvaeSeries[];
  readonly hasOracle: boolean;
}

/** The module the worker imports: this source file under tsx, or the built bundle (which re-exports it). */
function entryUrl(): string {
  const here = typeof __filename !== 'undefined' ? pathToFileURL(__filename).href : import.meta.url;
  return here;
}

export function trainInWorker(options: Record<string, unknown>, series: readonly AcvaeSeries[], f: AcvaeFitOptions): Promise<AcvaeModelJson> {
  const entry = entryUrl();
  const fromSource = entry.endsWith('.ts');
  // Under tsx (sources, tests) the worker registers tsx's loader before importing this file.
  const code = `const { parentPort, workerData } = require('node:worker_threads');\n(workerData.fromSource ? import('tsx/esm/api').then((a) => a.register()) : Promise.resolve()).then(() => import(workerData.entry)).then((m) => m.runAcvaeTrainWorker(parentPort, workerData.job)).catch((e) => parentPort.postMessage({ type: 'error', message: String(e && e.stack || e) }));`;
  const job: WorkerData = { options, series, normal: f.normal ?? [], hasOracle: f.oracle !== undefined };
  const worker = new Worker(code, { eval: true, workerData: { entry, job, fromSource }, ...(fromSource ? { execArgv: ['--conditions=source'] } : {}) });
  return new Promise<AcvaeModelJson>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (msg: FromWorker) => {
      if (msg.type === 'progress') f.onProgress?.(msg.progress);
      else if (msg.type === 'done') finish(() => resolve(msg.model));
      else if (msg.type === 'error') finish(() => reject(new DetectorError('acvae', new Error(msg.message))));
      else if (msg.type === 'query') {
        const oracle = f.oracle;
        if (!oracle) return;
        oracle(msg.indices).then(
          (labels) => worker.postMessage({ type: 'labels', id: msg.id, labels } satisfies ToWorker),
          (error: unknown) => worker.postMessage({ type: 'labels-error', id: msg.id, message: error instanceof Error ? error.message : String(error), budget: (error as { code?: string })?.code === 'LABEL_BUDGET_EXCEEDED' } satisfies ToWorker),
        );
      }
    });
    worker.on('error', (error) => finish(() => reject(new DetectorError('acvae', error))));
    worker.on('exit', (code) => finish(() => reject(new DetectorError('acvae', new Error(`training worker exited with code ${code}`)))));
  });
}

/** The worker's side: runs Algorithm 1 and answers with the model. */
export async function runAcvaeTrainWorker(port: MessagePort, job: WorkerData): Promise<void> {
  const { fitModel } = await import('./acvae-detector');
  const { LabelBudgetError } = await import('../oracle/label-oracle');
  await ensureBackend();
  let next = 0;
  const waiting = new Map<number, { resolve: (l: Uint8Array) => void; reject: (e: Error) => void }>();
  port.on('message', (msg: ToWorker) => {
    const w = waiting.get(msg.id);
    if (!w) return;
    waiting.delete(msg.id);
    if (msg.type === 'labels') w.resolve(msg.labels);
    else w.reject(msg.budget ? new LabelBudgetError(0, 0, 0) : new Error(msg.message));
  });
  const oracle = job.hasOracle
    ? (indices: readonly number[]): Promise<Uint8Array> =>
        new Promise((resolve, reject) => {
          const id = next++;
          waiting.set(id, { resolve, reject });
          port.postMessage({ type: 'query', id, indices: [...indices] } satisfies FromWorker);
        })
    : undefined;
  const model = await fitModel(resolveAcvaeOptions(job.options as AcvaeOptions), job.series, { normal: job.normal, ...(oracle ? { oracle } : {}), onProgress: (progress) => port.postMessage({ type: 'progress', progress } satisfies FromWorker) });
  port.postMessage({ type: 'done', model: modelToJson(model) } satisfies FromWorker);
  port.unref();
}
