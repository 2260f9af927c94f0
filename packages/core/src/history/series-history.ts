// SeriesHistory: the last learned values of each feature of one series, kept once per series
// and read by every window-based detector of its monitor (robust z, IQR, N×median, S-H-ESD), so
// a series pays for one window per feature instead of one per detector and feature.
// Reference: ARCHITECTURE.md section 5 ("ring buffers per series").
import { SnapshotError } from '../errors/snapshot-error';
import { blockChronological, blockCount, blockLength, pushBlock } from './window-block';

/** Most features a slab keeps per series; later new ones are not kept. */
export const MAX_HISTORY_FEATURES = 16;

/** The feature-name lists of slabs, interned so the series that see the same features share one array. */
interface Names {
  readonly list: readonly string[];
  next: Map<string, Names> | undefined;
}
const ROOT: Names = { list: [], next: undefined };
let interned = 0;

function extend(names: Names, feature: string): Names {
  const known = names.next?.get(feature);
  if (known !== undefined) return known;
  const child: Names = { list: Object.freeze([...names.list, feature]), next: undefined };
  if (interned < 4096) {
    (names.next ??= new Map()).set(feature, child);
    interned += 1;
  }
  return child;
}

const EMPTY = new Float32Array(0);

/** The windows of one size, one block per feature, in one Float32Array. */
export class WindowSlab {
  readonly size: number;
  /** Blocks of [count, head, ring(size), sorted(size)], in `features` order. */
  data: Float32Array = EMPTY;
  private names: Names = ROOT;

  constructor(size: number) {
    this.size = size;
  }

  get features(): readonly string[] {
    return this.names.list;
  }

  /** Offset of the feature's block, or -1 when it is not kept. */
  offsetOf(feature: string): number {
    const list = this.names.list;
    for (let i = 0; i < list.length; i++) if (list[i] === feature) return i * blockLength(this.size);
    return -1;
  }

  /** Appends a value to the feature's window (adding its block if new). False when full. */
  push(feature: string, value: number): boolean {
    let o = this.offsetOf(feature);
    if (o < 0) {
      if (this.names.list.length >= MAX_HISTORY_FEATURES) return false;
      o = this.data.length;
      const grown = new Float32Array(o + blockLength(this.size));
      grown.set(this.data);
      this.data = grown;
      this.names = extend(this.names, feature);
    }
    pushBlock(this.data, o, this.size, value);
    return true;
  }

  /** Values of a feature's window, oldest first. */
  values(feature: string): number[] {
    const o = this.offsetOf(feature);
    if (o < 0) return [];
    const out: number[] = [];
    for (let k = 0; k < blockCount(this.data, o); k++) out.push(blockChronological(this.data, o, this.size, k));
    return out;
  }
}

/** JSON-safe form: per window size, each feature's values oldest first. */
export interface SeriesHistorySnapshot {
  readonly slabs: readonly { readonly size: number; readonly features: Readonly<Record<string, readonly number[]>> }[];
}

export class SeriesHistory {
  /** One slab per window size in use (usually one). */
  readonly slabs: WindowSlab[] = [];

  /** The slab of windows of `size`, if any value of that size was kept. */
  slab(size: number): WindowSlab | undefined {
    for (const s of this.slabs) if (s.size === size) return s;
    return undefined;
  }

  /** Appends a value to the window of `size` of `feature`. */
  push(size: number, feature: string, value: number): void {
    let slab = this.slab(size);
    if (slab === undefined) {
      slab = new WindowSlab(size);
      this.slabs.push(slab);
    }
    slab.push(feature, value);
  }

  snapshot(): SeriesHistorySnapshot {
    return { slabs: this.slabs.map((slab) => ({ size: slab.size, features: Object.fromEntries(slab.features.map((f) => [f, slab.values(f)])) })) };
  }

  restore(snapshot: SeriesHistorySnapshot): void {
    if (snapshot === null || typeof snapshot !== 'object' || !Array.isArray(snapshot.slabs)) {
      throw new SnapshotError('@awad/core/series-history', 'a history snapshot { slabs: [...] }', JSON.stringify(snapshot)?.slice(0, 60) ?? String(snapshot));
    }
    this.slabs.length = 0;
    for (const saved of snapshot.slabs) {
      for (const [feature, values] of Object.entries(saved.features) as [string, readonly number[]][]) {
        for (const v of values) if (typeof v === 'number') this.push(saved.size, feature, v);
      }
    }
  }
}
