// RedisMonitor: the shared mode. Many workers (processes, machines) judge events against one
// state in Redis: per event it reads the workflow run and the series (only their versions when
// its cached copy is current), runs the synchronous core monitor, and commits run, series,
// verdict and event id in one Lua script that first checks nothing it read has changed. On a
// conflict it reads again and re-judges. Each event is thus judged against the state left by
// every event committed before it, whichever worker judged those: two workers give the verdicts
// one monitor gives for the same order of events.
// Reference: ARCHITECTURE.md section 5 (many workers share state); optimistic concurrency control
// (Kung & Robinson 1981) with versions checked by a Redis script instead of WATCH.
import { randomBytes } from 'node:crypto';
import { ConfigError, createMonitor, deliverVerdict, normalizeEvent, restoreSeries, seriesKey, snapshotSeries, ValidationError, type AwadError, type Monitor, type MonitorEvents, type MonitorHooks, type MonitorSnapshot, type ObserveManyResult, type RunSnapshot, type SeriesSnapshot, type TaskStateChange, type Verdict } from '@awad/core';
import { EventEmitter } from 'eventemitter3';
import type { Redis } from 'ioredis';
import { DEFAULT_REDIS_MONITOR_OPTIONS, type RedisMonitorOptions } from './redis-monitor-options';
import { redisKeys, type RedisKeys } from './redis-keys';
import { commit, defineScripts, parseLoad, queueLoad, type LoadedState, type StateWrite } from './scripts';
import { importSnapshot } from './import-snapshot';
import { KeyedLock } from './keyed-lock';
import { restoreStageState, stageStateJson } from './stage-state';
import { StoreError, storeFailure } from './store-error';
import { tickRun } from './tick-run';

const MODULE = '@awad/redis/redis-monitor';

type RedisMonitorSettings = { -readonly [K in keyof typeof DEFAULT_REDIS_MONITOR_OPTIONS]: number };

export interface RedisMonitorStats {
  readonly events: number;
  readonly anomalies: number;
  readonly duplicates: number;
  /** Commits refused because another worker changed what this one read (each was judged again). */
  readonly conflicts: number;
  readonly cachedSeries: number;
  readonly cachedRuns: number;
}

export class RedisMonitor extends EventEmitter<MonitorEvents> {
  readonly layout: RedisKeys;
  /** @internal The core monitor that judges each event; its store and tracker cache Redis state. */
  readonly local: Monitor;
  /** @internal */ readonly ticker: Monitor;
  /** @internal */ readonly redis: Redis;
  /** @internal */ readonly settings: RedisMonitorSettings;
  private readonly hooks: MonitorHooks | undefined;
  /** Redis version each cached run or series reflects; absent while a judgement changed it and is not committed. */
  private readonly versions = new WeakMap<object, number>();
  /** Version of the stage state held by the calibrators (undefined: unknown), and a count of its local changes. */
  /** @internal */ stageVersion: number | undefined = undefined;
  /** @internal */ stageEpoch = 0;
  private readonly initialStages: string;
  private readonly pendingErrors: AwadError[] = [];
  private readonly lock = new KeyedLock();
  private counts = { events: 0, anomalies: 0, duplicates: 0, conflicts: 0 };

  constructor(options: RedisMonitorOptions) {
    super();
    if (options?.redis === undefined || typeof options.redis.hget !== 'function') throw new ConfigError(MODULE, 'redis', 'an ioredis client', options?.redis);
    const d = DEFAULT_REDIS_MONITOR_OPTIONS;
    const settings = {
      cacheSeries: options.cacheSeries ?? d.cacheSeries,
      cacheRuns: options.cacheRuns ?? d.cacheRuns,
      runTtlSeconds: options.runTtlSeconds ?? d.runTtlSeconds,
      seriesTtlSeconds: options.seriesTtlSeconds ?? d.seriesTtlSeconds,
      eventTtlSeconds: options.eventTtlSeconds ?? d.eventTtlSeconds,
      verdictStreamMaxLen: options.verdictStreamMaxLen ?? d.verdictStreamMaxLen,
      maxAttempts: options.maxAttempts ?? d.maxAttempts,
    };
    for (const [name, value] of Object.entries(settings)) {
      const positive = name === 'cacheSeries' || name === 'cacheRuns' || name === 'maxAttempts' || name === 'runTtlSeconds' || name === 'eventTtlSeconds';
      if (!Number.isInteger(value) || value < (positive ? 1 : 0)) throw new ConfigError(MODULE, name, positive ? 'a positive integer' : 'a non-negative integer', value);
    }
    this.settings = settings;
    this.redis = options.redis;
    this.layout = redisKeys(options.prefix, MODULE);
    this.hooks = options.hooks;
    const idPrefix = options.idPrefix ?? `${randomBytes(4).toString('hex')}-`;
    const common = {
      ...(options.stages ? { stages: options.stages } : {}),
      ...(options.fusion ? { fusion: options.fusion } : {}),
      ...(options.protect !== undefined ? { protect: options.protect } : {}),
      ...(options.adaptAfter !== undefined ? { adaptAfter: options.adaptAfter } : {}),
      ...(options.rules !== undefined ? { rules: options.rules } : {}),
      ...(options.transitions ? { transitions: options.transitions } : {}),
      ...(options.utcOffsetMinutes !== undefined ? { utcOffsetMinutes: options.utcOffsetMinutes } : {}),
      ...(options.severity ? { severity: options.severity } : {}),
      ...(options.impact !== undefined ? { impact: options.impact } : {}),
      // Idempotency lives in Redis; the local monitor must judge a retried event again.
      dedupeWindow: 0,
      recentVerdicts: 0,
    };
    this.local = createMonitor({ ...common, maxSeries: settings.cacheSeries, maxRuns: settings.cacheRuns, idPrefix });
    // The ticker judges one run at a time; it shares the stages (and so the calibrators) with `local`.
    this.ticker = createMonitor({ ...common, maxSeries: 1024, maxRuns: 1, idPrefix: `${idPrefix}t` });
    this.local.on('error', (error) => this.pendingErrors.push(error));
    this.ticker.on('error', (error) => this.pendingErrors.push(error));
    this.initialStages = stageStateJson(this.local.stages);
    defineScripts(this.redis);
  }

  /**
   * Judges one task state change against the state shared in Redis and records its verdict
   * (the verdict stream, and the event id for idempotency: a repeat resolves to the earlier
   * verdict with `duplicate: true`).
   * @throws ValidationError (rejected) when the event is malformed; StoreError when Redis fails
   * or `maxAttempts` commits conflicted.
   */
  async observe(input: unknown): Promise<Verdict> {
    const { event } = normalizeEvent(input);
    const sKey = seriesKey(event.workflow.key, event.task.key);
    const stateKeys = [this.layout.run(event.workflow.runId), this.layout.series(sKey), this.layout.stages];
    const release = await this.lock.acquire([stateKeys[0] as string, stateKeys[1] as string]);
    try {
      return await this.observeLocked(event, sKey, stateKeys);
    } finally {
      release();
    }
  }

  private async observeLocked(event: TaskStateChange, sKey: string, stateKeys: readonly string[]): Promise<Verdict> {
    const runId = event.workflow.runId;
    const { tracker, store } = this.local;
    for (let attempt = 1; attempt <= this.settings.maxAttempts; attempt++) {
      const known = [this.versionOf(tracker.getRun(runId)), this.versionOf(store.peek(sKey)), this.stageVersion];
      const epoch = this.stageEpoch;
      let earlier: string | null;
      let loaded: LoadedState[];
      try {
        const pipeline = this.redis.pipeline();
        pipeline.get(this.layout.event(event.eventId));
        queueLoad(pipeline, stateKeys, known);
        const replies = (await pipeline.exec()) ?? [];
        for (const [error] of replies) if (error) throw error;
        earlier = replies[0]?.[1] as string | null;
        loaded = parseLoad(replies[1]?.[1], 3);
      } catch (error) {
        throw storeFailure(MODULE, `read the state of event ${event.eventId}`, error, stateKeys[0]);
      }
      if (earlier !== null) {
        this.counts.duplicates += 1;
        return { ...(JSON.parse(earlier) as Verdict), duplicate: true };
      }
      const [runState, seriesState, stageState] = loaded as [LoadedState, LoadedState, LoadedState];
      // Bring the cached copies up to date; a copy a concurrent observe changed meanwhile is read again.
      if (!this.syncRun(runId, runState) || !this.syncSeries(sKey, seriesState) || !this.syncStages(stageState, epoch)) continue;

      // Judge, synchronously: nothing else runs in this process until the writes are serialised.
      const seriesBefore = store.peek(sKey);
      const countBefore = seriesBefore?.count;
      const streakBefore = seriesBefore?.streak;
      const stagesBefore = stageStateJson(this.local.stages);
      this.pendingErrors.length = 0;
      const verdict = this.local.observe(event);
      const errors = this.pendingErrors.splice(0);
      const run = tracker.getRun(runId);
      const series = store.peek(sKey);
      const seriesChanged = series !== undefined && (series !== seriesBefore || series.count !== countBefore || series.streak !== streakBefore);
      const stagesAfter = seriesChanged ? stageStateJson(this.local.stages) : stagesBefore;
      const stagesChanged = stagesAfter !== stagesBefore;
      if (run) this.versions.delete(run);
      if (series && seriesChanged) this.versions.delete(series);
      if (stagesChanged) {
        this.stageEpoch += 1;
        this.stageVersion = undefined;
      }
      const myEpoch = this.stageEpoch;
      const verdictJson = JSON.stringify(verdict);
      const states: StateWrite[] = [{ key: stateKeys[0] as string, expected: runState.version, data: run ? JSON.stringify(tracker.snapshotRun(runId)) : undefined, ttlSeconds: this.settings.runTtlSeconds }];
      if (seriesChanged) {
        states.push({ key: stateKeys[1] as string, expected: seriesState.version, data: JSON.stringify(snapshotSeries(series)), ttlSeconds: this.settings.seriesTtlSeconds });
        // The calibrators judged this point: what they held must still be current.
        states.push({ key: stateKeys[2] as string, expected: stageState.version, data: stagesChanged ? stagesAfter : undefined });
      }

      let result;
      try {
        result = await commit(this.redis, {
          streamKey: this.layout.verdicts,
          streamMaxLen: this.settings.verdictStreamMaxLen,
          openRunsKey: this.layout.openRuns,
          states,
          verdicts: [verdictJson],
          event: { key: this.layout.event(event.eventId), value: verdictJson, ttlSeconds: this.settings.eventTtlSeconds },
          ...(run ? { openRun: { runId, open: run.openTasks > 0 } } : {}),
        });
      } catch (error) {
        this.forget(runId, run, sKey, series, stagesChanged ? myEpoch : undefined);
        throw storeFailure(MODULE, `commit event ${event.eventId}`, error, stateKeys[0]);
      }
      if (result.ok) {
        if (run && tracker.getRun(runId) === run) this.versions.set(run, result.versions[0] as number);
        if (seriesChanged && series && store.peek(sKey) === series) this.versions.set(series, result.versions[1] as number);
        if (stagesChanged && this.stageEpoch === myEpoch) this.stageVersion = result.versions[2];
        this.counts.events += 1;
        for (const error of errors) this.reportError(error);
        this.publish(verdict);
        return verdict;
      }
      this.forget(runId, run, sKey, series, stagesChanged ? myEpoch : undefined);
      if ('conflict' in result) {
        this.counts.conflicts += 1;
        await backoff(attempt);
      }
    }
    throw new StoreError(MODULE, 'conflict', `expected to commit event ${event.eventId} within ${this.settings.maxAttempts} attempts, got a conflicting write by another worker every time`, stateKeys[0]);
  }

  /** Observes a batch in order; a malformed event is reported in `errors` and does not stop the others. */
  async observeMany(inputs: readonly unknown[]): Promise<ObserveManyResult> {
    const verdicts: Verdict[] = [];
    const errors: { index: number; error: AwadError }[] = [];
    for (let index = 0; index < inputs.length; index++) {
      try {
        verdicts.push(await this.observe(inputs[index]));
      } catch (error) {
        if (error instanceof ValidationError) errors.push({ index, error });
        else throw error;
      }
    }
    return { verdicts, errors };
  }

  /**
   * Stuck-task verdicts for every workflow run with open tasks, as `Monitor.tick` gives them,
   * each reported once across all workers (the report is committed with the run).
   * @param now the current time (epoch ms, ISO string or Date), on the engine's clock.
   */
  async tick(now: number | string | Date): Promise<Verdict[]> {
    const time = typeof now === 'number' ? now : typeof now === 'string' ? Date.parse(now) : now instanceof Date ? now.getTime() : Number.NaN;
    if (!Number.isFinite(time)) throw new ConfigError(MODULE, 'now', 'a finite epoch-ms time, ISO string or Date', now);
    if (this.local.stages.length === 0) return [];
    let runIds: string[];
    try {
      runIds = await this.redis.smembers(this.layout.openRuns);
    } catch (error) {
      throw storeFailure(MODULE, 'list the open workflow runs', error, this.layout.openRuns);
    }
    const out: Verdict[] = [];
    for (const runId of runIds) {
      const verdicts = await tickRun(this, runId, time);
      if (verdicts.length > 0 && this.local.tracker.getRun(runId) !== undefined) this.local.tracker.deleteRun(runId); // its stuck marks changed
      for (const error of this.pendingErrors.splice(0)) this.reportError(error);
      for (const verdict of verdicts) {
        this.publish(verdict);
        out.push(verdict);
      }
    }
    return out;
  }

  /**
   * Writes an embedded monitor's learned state (`monitor.snapshot()`, same stages) into Redis,
   * replacing the series, runs and calibrator state it names; the idempotency window is not
   * carried over. @throws SnapshotError when the snapshot does not fit these stages.
   */
  importSnapshot(snapshot: MonitorSnapshot): Promise<{ series: number; runs: number }> {
    return importSnapshot(this, snapshot);
  }

  /** @internal Drops every cached copy: the next events read Redis afresh. */
  forgetAll(): void {
    this.local.store.clear();
    for (const run of [...this.local.tracker.allRuns()]) this.local.tracker.deleteRun(run.runId);
    this.stageVersion = undefined;
    this.stageEpoch += 1;
  }

  stats(): RedisMonitorStats {
    return { ...this.counts, cachedSeries: this.local.store.size, cachedRuns: this.local.tracker.size };
  }

  /** @internal Makes the calibrators hold the stage state Redis has. False: a concurrent judgement changed them meanwhile. */
  syncStages(loaded: LoadedState, epochAtRead: number): boolean {
    if (loaded.data !== null || (loaded.version === 0 && this.stageVersion !== 0)) {
      restoreStageState(this.local.stages, loaded.data ?? this.initialStages);
      this.stageEpoch += 1;
      this.stageVersion = loaded.version;
      return true;
    }
    return this.stageVersion === loaded.version && this.stageEpoch === epochAtRead;
  }

  private syncRun(runId: string, loaded: LoadedState): boolean {
    const tracker = this.local.tracker;
    if (loaded.data !== null) {
      this.versions.set(tracker.restoreRun(JSON.parse(loaded.data) as RunSnapshot), loaded.version);
      return true;
    }
    if (loaded.version === 0) {
      tracker.deleteRun(runId);
      return true;
    }
    return this.versionOf(tracker.getRun(runId)) === loaded.version;
  }

  private syncSeries(key: string, loaded: LoadedState): boolean {
    const store = this.local.store;
    if (loaded.data !== null) {
      const series = restoreSeries(this.local.newSeries(), JSON.parse(loaded.data) as SeriesSnapshot, key);
      store.set(key, series);
      this.versions.set(series, loaded.version);
      return true;
    }
    if (loaded.version === 0) {
      store.delete(key);
      return true;
    }
    return this.versionOf(store.peek(key)) === loaded.version;
  }

  /** Drops cached copies a failed commit changed, so the next read fetches them. */
  private forget(runId: string, run: object | undefined, key: string, series: object | undefined, epoch: number | undefined): void {
    if (run !== undefined && this.local.tracker.getRun(runId) === run) this.local.tracker.deleteRun(runId);
    if (series !== undefined && this.local.store.peek(key) === series) this.local.store.delete(key);
    if (epoch !== undefined && this.stageEpoch === epoch) this.stageVersion = undefined;
  }

  private versionOf(value: object | undefined): number | undefined {
    return value === undefined ? undefined : this.versions.get(value);
  }

  private publish(verdict: Verdict): void {
    if (verdict.isAnomaly) this.counts.anomalies += 1;
    deliverVerdict(this, this.hooks, verdict, this.report);
  }

  private readonly report = (error: AwadError): void => this.reportError(error);

  private reportError(error: AwadError): void {
    this.emit('error', error);
    try {
      this.hooks?.onError?.({ error });
    } catch {
      // An error hook that fails has nowhere left to report to.
    }
  }
}

/** Spreads retries of colliding workers: a yield first, then random delays growing to 50 ms. */
function backoff(attempt: number): Promise<void> {
  if (attempt <= 1) return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** (attempt - 1))));
}

/**
 * Creates a shared-mode monitor.
 *
 * @example
 * const monitor = createRedisMonitor({ redis: new Redis(), stages: defaultStages() });
 * const verdict = await monitor.observe(event);
 */
export function createRedisMonitor(options: RedisMonitorOptions): RedisMonitor {
  return new RedisMonitor(options);
}
