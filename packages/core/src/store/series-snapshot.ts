// Snapshot and restore of one series' state (detectors, shared history, streak, counters), for
// stores that keep series outside the process (a Redis store writes one series at a time).
// Reference: ARCHITECTURE.md section 5 ("snapshot() / restore() so many workers can share").
import { SnapshotError } from '../errors/snapshot-error';
import type { SeriesSnapshot, SeriesState } from './store';

const MODULE = '@awad/core/series-snapshot';

/** JSON-safe copy of one series. */
export function snapshotSeries(state: SeriesState): SeriesSnapshot {
  const detectors = state.detectors.map((d) => d.snapshot());
  return state.history
    ? { streak: state.streak, lastSeen: state.lastSeen, count: state.count, detectors, history: state.history.snapshot() }
    : { streak: state.streak, lastSeen: state.lastSeen, count: state.count, detectors };
}

/**
 * Restores a saved series into `state`, a fresh series of the same monitor (one detector per
 * stage). @throws SnapshotError when the detector count differs (state is left as it was).
 */
export function restoreSeries(state: SeriesState, saved: SeriesSnapshot, key = '?'): SeriesState {
  if (saved === null || typeof saved !== 'object' || !Array.isArray(saved.detectors)) {
    throw new SnapshotError(MODULE, 'a series snapshot { streak, lastSeen, count, detectors }', `${typeof saved} for series ${JSON.stringify(key)}`);
  }
  if (saved.detectors.length !== state.detectors.length) {
    throw new SnapshotError(MODULE, `${state.detectors.length} detector states per series (one per stage)`, `${saved.detectors.length} for series ${JSON.stringify(key)}`);
  }
  saved.detectors.forEach((detector, i) => state.detectors[i]?.restore(detector));
  if (saved.history !== undefined) state.history?.restore(saved.history);
  state.streak = saved.streak;
  state.lastSeen = saved.lastSeen;
  state.count = saved.count;
  return state;
}
