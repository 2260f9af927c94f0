// Moves an embedded monitor's learned state into Redis: its series, its workflow runs in flight
// and its calibrator/threshold state, so shared-mode workers take over where it stopped
// (e.g. moving from one process to many without a new warm-up).
// Reference: core MonitorSnapshot (monitor.snapshot()).
import { SnapshotError, type MonitorSnapshot } from '@awad/core';
import type { RedisMonitor } from './redis-monitor';
import { stageStateJson } from './stage-state';
import { storeFailure } from './store-error';

const MODULE = '@awad/redis/import-snapshot';

/** Overwrites the series, runs and stage state under the monitor's prefix with the snapshot's. */
export async function importSnapshot(monitor: RedisMonitor, snapshot: MonitorSnapshot): Promise<{ series: number; runs: number }> {
  if (snapshot?.kind !== 'awad-monitor' || snapshot.version !== 1) {
    throw new SnapshotError(MODULE, 'a monitor snapshot of kind "awad-monitor", version 1', `kind ${String(snapshot?.kind)}, version ${String(snapshot?.version)}`);
  }
  const names = monitor.local.stages.map((s) => s.name).join(', ');
  const saved = snapshot.stages.map((s) => s.name).join(', ');
  if (names !== saved) throw new SnapshotError(MODULE, `stages [${names}]`, `stages [${saved}]`);
  // Check the snapshot the way a restore would (detector counts, formats) before writing anything.
  monitor.ticker.restore(snapshot);
  const { layout, redis, settings } = monitor;
  const pipeline = redis.pipeline();
  const put = (key: string, data: string, ttl: number): void => {
    pipeline.hset(key, 'd', data).hincrby(key, 'v', 1);
    if (ttl > 0) pipeline.expire(key, ttl);
  };
  for (const [key, series] of snapshot.store.series) put(layout.series(key), JSON.stringify(series), settings.seriesTtlSeconds);
  for (const run of snapshot.tracker.runs) {
    put(layout.run(run.runId), JSON.stringify(run), settings.runTtlSeconds);
    if (run.tasks.some((t) => t.state !== undefined && !['SUCCEEDED', 'FAILED', 'CRASHED', 'CANCELLED', 'SKIPPED'].includes(t.state))) pipeline.sadd(layout.openRuns, run.runId);
  }
  put(layout.stages, stageStateJson(monitor.ticker.stages), 0);
  try {
    const replies = (await pipeline.exec()) ?? [];
    for (const [error] of replies) if (error) throw error;
  } catch (error) {
    throw storeFailure(MODULE, 'write the imported state', error);
  }
  monitor.forgetAll();
  return { series: snapshot.store.series.length, runs: snapshot.tracker.runs.length };
}
