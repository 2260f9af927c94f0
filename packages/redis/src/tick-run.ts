// Shared-mode tick for one workflow run: read the run and the series of its running or queued
// tasks, let a core monitor holding only that run judge them, and commit the run's "reported"
// marks with the verdicts, so a stuck task is reported once however many workers tick.
// Reference: core monitor.tick (stuck runs); the same versioned commit as RedisMonitor.observe.
import { restoreSeries, seriesKey, type RunSnapshot, type SeriesSnapshot, type Verdict } from '@awad/core';
import type { RedisMonitor } from './redis-monitor';
import { commit, parseLoad, queueLoad, type LoadedState } from './scripts';
import { StoreError, storeFailure } from './store-error';

const MODULE = '@awad/redis/redis-monitor';

export async function tickRun(monitor: RedisMonitor, runId: string, time: number): Promise<Verdict[]> {
  const { redis, layout, ticker, settings } = monitor;
  for (let attempt = 1; attempt <= settings.maxAttempts; attempt++) {
    const epoch = monitor.stageEpoch;
    let run: RunSnapshot;
    let keys: string[];
    let loaded: LoadedState[];
    try {
      const [runState] = parseLoad(await queueLoad(redis, [layout.run(runId)], [undefined]), 1) as [LoadedState];
      if (runState.data === null) {
        await redis.srem(layout.openRuns, runId); // expired
        return [];
      }
      run = JSON.parse(runState.data) as RunSnapshot;
      keys = [...new Set(run.tasks.filter((t) => t.state === 'RUNNING' || t.state === 'QUEUED').map((t) => seriesKey(t.workflowKey, t.taskKey)))];
      if (keys.length === 0) return [];
      const redisKeys = [layout.run(runId), ...keys.map((k) => layout.series(k)), layout.stages];
      loaded = parseLoad(await queueLoad(redis, redisKeys, [runState.version, ...keys.map(() => undefined), monitor.stageVersion]), redisKeys.length);
      if ((loaded[0] as LoadedState).version !== runState.version) continue; // the run moved on between the two reads
    } catch (error) {
      throw storeFailure(MODULE, `read workflow run ${runId} to tick it`, error, layout.run(runId));
    }
    if (!monitor.syncStages(loaded[loaded.length - 1] as LoadedState, epoch)) continue;

    ticker.tracker.restore({ runs: [run] });
    ticker.store.clear();
    keys.forEach((key, i) => {
      const data = (loaded[i + 1] as LoadedState).data;
      if (data !== null) ticker.store.set(key, restoreSeries(ticker.newSeries(), JSON.parse(data) as SeriesSnapshot, key));
    });
    const verdicts = ticker.tick(time);
    if (verdicts.length === 0) return [];
    let result;
    try {
      result = await commit(redis, {
        streamKey: layout.verdicts,
        streamMaxLen: settings.verdictStreamMaxLen,
        openRunsKey: layout.openRuns,
        states: [
          { key: layout.run(runId), expected: (loaded[0] as LoadedState).version, data: JSON.stringify(ticker.tracker.snapshotRun(runId)), ttlSeconds: settings.runTtlSeconds },
          ...keys.map((key, i) => ({ key: layout.series(key), expected: (loaded[i + 1] as LoadedState).version })),
          { key: layout.stages, expected: (loaded[loaded.length - 1] as LoadedState).version },
        ],
        verdicts: verdicts.map((v) => JSON.stringify(v)),
      });
    } catch (error) {
      throw storeFailure(MODULE, `commit the tick of workflow run ${runId}`, error, layout.run(runId));
    }
    if (result.ok) return verdicts;
  }
  throw new StoreError(MODULE, 'conflict', `expected to commit the tick of workflow run ${runId} within ${settings.maxAttempts} attempts, got a conflicting write every time`, layout.run(runId));
}
