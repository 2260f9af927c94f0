// The six checks of the meta-threshold policy, computed live from one workflow's task state
// changes: when a task run ends, its calibrated scores for duration (robust z and EWMA per task
// key), retries, memory (robust z per task key), failure, and upstream order. The threshold
// policy's training streams (workflow-stream.ts) are computed by this same code, so a live
// workflow's checks mean what the policy learned.
// Reference: METHODS.md 4.5 (six checks c_t in [0, 1]); OUR CHOICE: the checks themselves, the
// protected baselines (a run a duration check flags is not learned), and when a FAILED attempt is
// final (error.willRetry false: at once; true: never, the retry follows; not said: when no RETRYING
// came within a second, at the workflow's next event one second or more later, or at flush()).
import { BoundedMap, type TaskStateChange } from '@awad/core';
import { EwmaDetector, RobustZDetector } from '@awad/stats';
import { calibrate } from '../deploy/state-encoder';

export const CHECK_NAMES = ['duration-robust-z', 'duration-ewma', 'retries', 'memory-robust-z', 'failed', 'upstream-order'] as const;
export const CHECK_COUNT = CHECK_NAMES.length;

/** A failed attempt is final if no RETRYING for it came within this many ms. */
export const RETRY_GRACE_MS = 1_000;
/** Open task runs and ended task times kept per workflow (the oldest are dropped past it; BoundedMap). */
export const MAX_OPEN_RUNS = 50_000;

/** A task run that ended: its last event and its CHECK_COUNT check scores in CHECK_NAMES order. */
export interface FinishedTaskRun {
  readonly event: TaskStateChange;
  readonly checks: Float32Array;
}

interface Pending {
  start?: number;
  attempt: number;
  upstreamEarly?: boolean;
  upstream?: string[];
}

interface TaskDetectors {
  readonly rz: RobustZDetector;
  readonly ew: EwmaDetector;
  readonly mem: RobustZDetector;
}

/** The checks of one workflow: feed its events in time order. */
export class WorkflowChecks {
  private readonly detectors = new Map<string, TaskDetectors>();
  private readonly pending = new BoundedMap<string, Pending>(MAX_OPEN_RUNS);
  private readonly ended = new BoundedMap<string, number>(MAX_OPEN_RUNS);
  private readonly failures = new Map<string, { e: TaskStateChange; t: number }>();

  /** One event; returns the task runs it lets end, in the order they are scored (often none). */
  observe(e: TaskStateChange): FinishedTaskRun[] {
    const out: FinishedTaskRun[] = [];
    const id = e.task.runId;
    const t = Date.parse(e.occurredAt);
    for (const [fid, f] of this.failures) {
      if (f.t + RETRY_GRACE_MS < t) {
        this.failures.delete(fid);
        out.push(this.score(f.e, f.t));
      }
    }
    if (e.state === 'RETRYING') {
      this.failures.delete(id);
      return out;
    }
    if (e.state === 'QUEUED') {
      const p = this.pending.get(id) ?? { attempt: 1 };
      if (e.upstream !== undefined) p.upstream = e.upstream.map((u) => u.taskKey ?? '');
      this.open(id, p);
      return out;
    }
    if (e.state === 'RUNNING') {
      const p = this.pending.get(id) ?? { attempt: 1 };
      p.start = t;
      p.attempt = e.task.attempt ?? 1;
      // A task that starts before one of its upstream tasks ended breaks the DAG's order.
      const upstreamEnd = (p.upstream ?? []).map((k) => this.ended.get(`${e.workflow.runId}/${k}`));
      p.upstreamEarly = upstreamEnd.some((u) => u === undefined || u > t);
      this.open(id, p);
      return out;
    }
    if (e.state === 'FAILED') {
      if (e.error?.willRetry === false) out.push(this.score(e, t));
      else if (e.error?.willRetry !== true) this.failures.set(id, { e, t });
    } else if (e.state === 'SUCCEEDED' || e.state === 'CANCELLED') out.push(this.score(e, t));
    return out;
  }

  /** Ends the failed attempts still waiting for a retry (end of a replay, or shutdown). */
  flush(): FinishedTaskRun[] {
    const out = [...this.failures.values()].map((f) => this.score(f.e, f.t));
    this.failures.clear();
    return out;
  }

  /** Records an open run (the object is updated in place once recorded). */
  private open(id: string, p: Pending): void {
    if (!this.pending.has(id)) this.pending.set(id, p);
  }

  private score(e: TaskStateChange, t: number): FinishedTaskRun {
    const id = e.task.runId;
    const p = this.pending.get(id) ?? { attempt: e.task.attempt ?? 1 };
    this.pending.delete(id);
    this.ended.set(`${e.workflow.runId}/${e.task.key}`, t);
    const duration = p.start === undefined ? Number.NaN : t - p.start;
    const memory = e.metrics?.memoryMb ?? Number.NaN;
    let d = this.detectors.get(e.task.key);
    if (d === undefined) {
      d = { rz: new RobustZDetector({ features: ['durationMs'] }), ew: new EwmaDetector({ features: ['durationMs'], warmup: 10 }), mem: new RobustZDetector({ features: ['memoryMb'] }) };
      this.detectors.set(e.task.key, d);
    }
    const x = { durationMs: duration };
    const mx = { memoryMb: memory };
    const c = [
      calibrate(d.rz.scoreOne(x), 4),
      calibrate(d.ew.scoreOne(x), 4),
      calibrate(Math.max(0, p.attempt - 1), 2),
      calibrate(d.mem.scoreOne(mx), 4),
      e.state === 'SUCCEEDED' ? 0 : 1,
      p.upstreamEarly ? 1 : 0,
    ];
    // Protected baselines: a point a duration check flags is not learned.
    if ((c[0] as number) < 0.5 && (c[1] as number) < 0.5 && e.state === 'SUCCEEDED') {
      d.rz.learnOne(x);
      d.ew.learnOne(x);
    }
    if ((c[3] as number) < 0.5) d.mem.learnOne(mx);
    return { event: e, checks: Float32Array.from(c) };
  }
}
