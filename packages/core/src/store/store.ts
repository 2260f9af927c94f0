// Store: where the learned state of each tracked series lives.
// Reference: ARCHITECTURE.md section 5 ("where state lives").
import type { Detector, DetectorSnapshot } from '../detector/detector';
import type { SeriesHistory, SeriesHistorySnapshot } from '../history/series-history';

/** The learned state of one series: one detector per monitor stage, plus bookkeeping. */
export interface SeriesState {
  /** One detector per stage, in stage order. */
  readonly detectors: Detector[];
  /** Consecutive anomalous points (the monitor lets a series adapt after a long streak). */
  streak: number;
  /** Time (epoch ms) of the last point of this series. */
  lastSeen: number;
  /** Points this series has seen. */
  count: number;
  /** Recent learned values per feature, shared by the window-based detectors (when any). */
  readonly history?: SeriesHistory;
}

/** JSON-safe form of a SeriesState. */
export interface SeriesSnapshot {
  readonly streak: number;
  readonly lastSeen: number;
  readonly count: number;
  readonly detectors: readonly DetectorSnapshot[];
  readonly history?: SeriesHistorySnapshot;
}

export interface StoreSnapshot {
  readonly kind: 'awad-store';
  readonly version: 1;
  readonly series: readonly (readonly [string, SeriesSnapshot])[];
}

/**
 * Series state by series key. The hot path calls `get`/`set` synchronously; a store backed by
 * a network service keeps a local cache and flushes it off the hot path (`flush`).
 */
export interface Store {
  readonly size: number;
  /** Returns the series and marks it recently used. */
  get(key: string): SeriesState | undefined;
  /** Returns the series without marking it used. */
  peek(key: string): SeriesState | undefined;
  /** Adds or replaces a series; may evict the least recently used one. */
  set(key: string, state: SeriesState): void;
  delete(key: string): boolean;
  /** Keys, most recently used first. */
  keys(): IterableIterator<string>;
  clear(): void;
  snapshot(): StoreSnapshot;
  /** Replaces the contents; `create` builds an empty series whose detectors are then restored. */
  restore(snapshot: StoreSnapshot, create: () => SeriesState): void;
  /** Persists pending writes, for stores that write behind. */
  flush?(): Promise<void>;
  /**
   * Called once by the monitor that uses this store, with how to build an empty series of that
   * monitor (one clone of each stage's detector): a store that loads series saved elsewhere
   * restores them into such a series.
   */
  attach?(create: () => SeriesState): void;
}
