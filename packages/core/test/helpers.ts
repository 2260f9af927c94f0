// Test helpers: an event builder and a tiny detector (core's tests must not depend on @awad/stats).
import { SnapshotError, type Detector, type DetectorSnapshot, type Features, type TaskStateChange, type TaskState } from '../src/index';

let counter = 0;
const T0 = Date.UTC(2026, 10, 2, 8, 0, 0);

export function at(seconds: number): string {
  return new Date(T0 + seconds * 1000).toISOString();
}

export interface EventSpec {
  state: TaskState;
  t: number; // seconds after T0
  task?: string;
  taskRunId?: string;
  workflow?: string;
  runId?: string;
  attempt?: number;
  maxAttempts?: number;
  upstream?: string[];
  metrics?: Record<string, number>;
  eventId?: string;
  previousState?: TaskState;
}

export function ev(spec: EventSpec): TaskStateChange {
  const task = spec.task ?? 'extract';
  const runId = spec.runId ?? 'run-1';
  return {
    specVersion: '1',
    eventId: spec.eventId ?? `e${++counter}`,
    source: { system: 'test' },
    occurredAt: at(spec.t),
    state: spec.state,
    ...(spec.previousState ? { previousState: spec.previousState } : {}),
    task: { key: task, runId: spec.taskRunId ?? `${runId}/${task}`, ...(spec.attempt ? { attempt: spec.attempt } : {}), ...(spec.maxAttempts ? { maxAttempts: spec.maxAttempts } : {}) },
    workflow: { key: spec.workflow ?? 'etl', runId },
    ...(spec.upstream ? { upstream: spec.upstream.map((taskKey) => ({ taskKey })) } : {}),
    ...(spec.metrics ? { metrics: spec.metrics } : {}),
  };
}

/** Events of one task run that takes `duration` seconds after `wait` seconds in the queue. */
export function taskRun(runId: string, start: number, duration: number, opts: { task?: string; wait?: number; upstream?: string[] } = {}): TaskStateChange[] {
  const common = { runId, ...(opts.task ? { task: opts.task } : {}), ...(opts.upstream ? { upstream: opts.upstream } : {}) };
  const wait = opts.wait ?? 1;
  return [
    ev({ ...common, state: 'QUEUED', t: start }),
    ev({ ...common, state: 'RUNNING', t: start + wait }),
    ev({ ...common, state: 'SUCCEEDED', t: start + wait + duration }),
  ];
}

/** z-score of durationMs against a running mean/sd; abstains on anything else. */
export class ToyDetector implements Detector {
  readonly name: string;
  n = 0;
  mean = 0;
  m2 = 0;
  constructor(readonly options: { name?: string; warmup?: number; failOn?: number } = {}) {
    this.name = options.name ?? 'toy';
  }
  get isReady(): boolean {
    return this.n >= (this.options.warmup ?? 5);
  }
  learnOne(x: Features): void {
    const v = x.durationMs;
    if (v === undefined || !Number.isFinite(v)) return;
    this.n += 1;
    const d = v - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (v - this.mean);
  }
  scoreOne(x: Features): number {
    const v = x.durationMs;
    if (v === undefined || !Number.isFinite(v)) return Number.NaN;
    if (this.options.failOn !== undefined && v >= this.options.failOn) throw new Error('toy detector exploded');
    const sd = Math.sqrt(this.m2 / Math.max(1, this.n - 1)) || 1;
    return Math.abs(v - this.mean) / sd;
  }
  explainOne(x: Features) {
    const v = x.durationMs ?? Number.NaN;
    return { feature: 'durationMs', value: v, expected: this.mean, message: `durationMs ${v} vs mean ${this.mean.toFixed(0)}` };
  }
  clone(): ToyDetector {
    return new ToyDetector(this.options);
  }
  getConfig() {
    return { type: 'toy', options: { ...this.options } };
  }
  snapshot(): DetectorSnapshot {
    return { type: 'toy', version: 1, state: { n: this.n, mean: this.mean, m2: this.m2 } };
  }
  restore(snapshot: DetectorSnapshot): void {
    if (snapshot.type !== 'toy') throw new SnapshotError('toy', 'a toy snapshot', snapshot.type);
    Object.assign(this, snapshot.state as object);
  }
}

/** Maps a z-score to [0,1] with 0.5 at z = 4 (like the stats CutoffCalibrator). */
export const zCalibrator = {
  name: 'z4',
  isReady: true,
  update() {},
  transform: (s: number) => (s <= 0 ? 0 : 1 / (1 + (4 / s) ** 3)),
  clone() {
    return zCalibrator;
  },
  snapshot: () => null,
  restore() {},
};
