// Snapshot and restore of a whole monitor: stage calibrators/thresholds, series state, runs in
// flight, the idempotency window and the verdict sequence. JSON-safe.
import type { DetectorConfig } from '../detector/detector';
import { SnapshotError } from '../errors/snapshot-error';
import type { RunTrackerSnapshot } from '../run/run-tracker';
import { BoundedSet } from '../util/bounded-set';
import type { StoreSnapshot } from '../store/store';
import type { Monitor } from './monitor';

export interface MonitorSnapshot {
  readonly kind: 'awad-monitor';
  readonly version: 1;
  readonly stages: readonly { readonly name: string; readonly detector: DetectorConfig; readonly calibrator: unknown; readonly threshold: unknown }[];
  readonly store: StoreSnapshot;
  readonly tracker: RunTrackerSnapshot;
  readonly seen: readonly string[];
  readonly sequence: number;
}

const MODULE = '@awad/core/monitor';

export function snapshotMonitor(monitor: Monitor): MonitorSnapshot {
  return {
    kind: 'awad-monitor',
    version: 1,
    stages: monitor.stages.map((s) => ({ name: s.name, detector: s.detector.getConfig(), calibrator: s.calibrator.snapshot(), threshold: s.threshold.snapshot() })),
    store: monitor.store.snapshot(),
    tracker: monitor.tracker.snapshot(),
    seen: monitor.seen.values(),
    sequence: monitor.sequence,
  };
}

/** Restores in place. The snapshot is checked first, so a bad one changes nothing. */
export function restoreMonitor(monitor: Monitor, snapshot: MonitorSnapshot): void {
  if (snapshot?.kind !== 'awad-monitor' || snapshot.version !== 1) {
    throw new SnapshotError(MODULE, 'a monitor snapshot of kind "awad-monitor", version 1', `kind ${String(snapshot?.kind)}, version ${String(snapshot?.version)}`);
  }
  const names = monitor.stages.map((s) => s.name).join(', ');
  const saved = snapshot.stages.map((s) => s.name).join(', ');
  if (names !== saved) throw new SnapshotError(MODULE, `stages [${names}]`, `stages [${saved}]`);
  monitor.store.restore(snapshot.store, () => monitor.newSeries());
  monitor.stages.forEach((stage, i) => {
    const s = snapshot.stages[i];
    stage.calibrator.restore(s?.calibrator);
    stage.threshold.restore(s?.threshold);
  });
  monitor.tracker.restore(snapshot.tracker);
  const seen = new BoundedSet(monitor.seen.capacity);
  for (const id of snapshot.seen) seen.add(id);
  monitor.seen = seen;
  monitor.sequence = snapshot.sequence;
}
