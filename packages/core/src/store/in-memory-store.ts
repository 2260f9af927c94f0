// InMemoryStore: the embedded default store, bounded by an LRU cap on series.
// Reference: ARCHITECTURE.md section 5 (bounded: ring buffers per series, LRU on series);
// mnemonist's LRUMap (a doubly linked list over typed arrays: O(1) get, set and eviction).
import { LRUMapWithDelete } from 'mnemonist';
import { ConfigError } from '../errors/config-error';
import { SnapshotError } from '../errors/snapshot-error';
import { restoreSeries, snapshotSeries } from './series-snapshot';
import type { SeriesState, Store, StoreSnapshot } from './store';

export interface InMemoryStoreOptions {
  /** Most series kept; the least recently used is evicted beyond it. */
  readonly maxSeries?: number;
  /** Called with the key of each evicted series. */
  readonly onEvict?: (key: string) => void;
}

export const DEFAULT_IN_MEMORY_STORE_OPTIONS = { maxSeries: 100_000 } as const;

const MODULE = '@awad/core/in-memory-store';

export class InMemoryStore implements Store {
  readonly maxSeries: number;
  private readonly onEvict: ((key: string) => void) | undefined;
  private series: LRUMapWithDelete<string, SeriesState>;

  constructor(options: InMemoryStoreOptions = {}) {
    const maxSeries = options.maxSeries ?? DEFAULT_IN_MEMORY_STORE_OPTIONS.maxSeries;
    if (!Number.isInteger(maxSeries) || maxSeries < 1) throw new ConfigError(MODULE, 'maxSeries', 'a positive integer', maxSeries);
    this.maxSeries = maxSeries;
    this.onEvict = options.onEvict;
    this.series = new LRUMapWithDelete<string, SeriesState>(maxSeries);
  }

  get size(): number {
    return this.series.size;
  }

  get(key: string): SeriesState | undefined {
    return this.series.get(key);
  }

  peek(key: string): SeriesState | undefined {
    return this.series.get(key);
  }

  set(key: string, state: SeriesState): void {
    const popped = this.series.setpop(key, state);
    if (popped?.evicted === true) this.onEvict?.(popped.key);
  }

  delete(key: string): boolean {
    return this.series.delete(key);
  }

  /** Keys, most recently used first. */
  keys(): IterableIterator<string> {
    return this.series.keys();
  }

  clear(): void {
    // mnemonist's clear() keeps its value array populated: start over so evicted state can be freed.
    this.series = new LRUMapWithDelete<string, SeriesState>(this.maxSeries);
  }

  snapshot(): StoreSnapshot {
    const series: [string, StoreSnapshot['series'][number][1]][] = [];
    for (const [key, state] of this.series.entries()) {
      series.push([key, snapshotSeries(state)]);
    }
    return { kind: 'awad-store', version: 1, series };
  }

  restore(snapshot: StoreSnapshot, create: () => SeriesState): void {
    if (snapshot?.kind !== 'awad-store' || snapshot.version !== 1 || !Array.isArray(snapshot.series as unknown)) {
      throw new SnapshotError(MODULE, 'a store snapshot of kind "awad-store", version 1', `kind ${String(snapshot?.kind)}, version ${String(snapshot?.version)}`);
    }
    const restored = new Map<string, SeriesState>();
    for (const [key, saved] of snapshot.series) {
      restored.set(key, restoreSeries(create(), saved, key));
    }
    // Only replace once every series restored: a bad snapshot leaves the store as it was.
    // Snapshots list the most recent first: insert in reverse to keep the recency order.
    this.clear();
    for (const [key, state] of [...restored].reverse()) this.set(key, state);
  }
}
