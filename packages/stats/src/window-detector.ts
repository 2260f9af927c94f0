// The shared shell of the window-based detectors (robust z, IQR, N×median, S-H-ESD): their
// windows of recent raw values live in a SeriesHistory, the monitor's shared one or their own,
// and the detectors keep only small per-feature caches.
// Reference: HistoryAwareDetector and SeriesHistory in @awad/core; ARCHITECTURE.md section 5.
import { SeriesHistory, blockCount, type DetectorSnapshot, type Features, type HistoryAwareDetector, type ObservationContext, type SeriesHistorySnapshot, type WindowSlab } from '@awad/core';
import { FeatureDetector, type FeatureConfig } from './feature-detector';
import { slotOf } from './feature-selection';
import { isUsable } from './transform';
import { decodeFlag, decodeNames, decodeNumbers, encodeNumbers, openSnapshot, WINDOW_SNAPSHOT_VERSION } from './snapshot-codec';

/** Resolved hyperparameters of a window detector. */
export interface WindowConfig extends FeatureConfig {
  readonly options: Readonly<{ name: string; window: number; warmup: number }>;
}

/** The state of a detector with no per-feature cache (IQR, N×median), shared by all of them. */
const NO_STATE: number[] = [];

/**
 * Base of the window detectors. Each reads, per tracked feature, the last `window` learned RAW
 * values (float32, a ring plus a sorted mirror: see window-block.ts in @awad/core) and applies
 * its transform on read. Given `context.history` (a monitor's SeriesHistory, into which the
 * caller pushes a point before `learnOne`), it reads its windows there and never pushes; without
 * it, it keeps a SeriesHistory of its own and pushes the features it tracks in `learnOne`. One
 * code path reads both, so the scores are identical either way (the testkit's 'shared-history'
 * check). Use one mode per instance: a detector that learned from a shared history has no
 * windows of its own to score standalone.
 *
 * Its own state (`s`, `stride` numbers per tracked feature, plain doubles) is only what the
 * windows do not give: caches computed when a point is learned (robust z's MAD, S-H-ESD's ESD).
 */
export abstract class WindowDetector<C extends WindowConfig> extends FeatureDetector<C, number[]> implements HistoryAwareDetector {
  /** The windows of a standalone detector, created with its first learned point. */
  private own: SeriesHistory | undefined = undefined;

  protected constructor(cfg: C) {
    super(cfg, NO_STATE);
  }

  /** Values per feature it reads: its `window`. */
  get historySize(): number {
    return this.cfg.options.window;
  }

  /** Whether its feature selection matches `feature` (the history must keep a window of it). */
  readsFeature(feature: string): boolean {
    return this.cfg.selection.matches(feature);
  }

  /** The windows to read: the shared history's when the context has one, else the own ones. */
  protected slabOf(context: ObservationContext | undefined): WindowSlab | undefined {
    return (context?.history ?? this.own)?.slab(this.cfg.options.window);
  }

  /**
   * Learns a point: each usable value of a tracked feature goes into the windows (standalone; a
   * shared history already holds it), then `learnedAt` updates what the detector caches.
   */
  learnOne(x: Features, context?: ObservationContext): void {
    for (const key in x) {
      const v = x[key];
      if (!isUsable(v)) continue;
      let i = slotOf(this.layout.names, key);
      if (i < 0 && (i = this.track(key)) < 0) continue;
      const slab = this.learnedSlab(key, v, context);
      this.learnedAt(i, slab, slab === undefined ? -1 : slab.offsetOf(key));
    }
  }

  /**
   * After tracked feature i learned a point: `block` is the offset of its window in `slab`, or -1
   * when it has none (a shared history full of other features). The default only notes that the
   * feature is warm: IQR and N×median cache nothing.
   */
  protected learnedAt(_i: number, slab: WindowSlab | undefined, block: number): void {
    if (block >= 0 && blockCount((slab as WindowSlab).data, block) >= this.cfg.options.warmup) this.ready = true;
  }

  /**
   * The windows holding a learned value: the shared history's (the caller pushed the value
   * first); standalone, the own windows, to which the value is appended here, raw, as a monitor
   * would push it.
   */
  private learnedSlab(key: string, value: number, context: ObservationContext | undefined): WindowSlab | undefined {
    const w = this.cfg.options.window;
    const shared = context?.history;
    if (shared !== undefined) return shared.slab(w);
    const own = (this.own ??= new SeriesHistory());
    own.push(w, key, value);
    return own.slab(w);
  }

  /** Offset of tracked feature i's block in `slab`, or -1 when it has no window there. */
  protected blockOf(slab: WindowSlab | undefined, i: number): number {
    return slab === undefined ? -1 : slab.offsetOf(this.layout.names[i]!);
  }

  /**
   * { names, data, ready, history? }: the tracked features, their caches, whether a feature is
   * past warm-up and, standalone only, the own windows. With a shared history the windows are
   * not here: the store snapshots them with the series.
   */
  override snapshot(): DetectorSnapshot {
    const state = { names: [...this.layout.names], data: encodeNumbers(this.s), ready: this.ready, ...(this.own ? { history: this.own.snapshot() } : {}) };
    return { type: this.cfg.type, version: WINDOW_SNAPSHOT_VERSION, state };
  }

  override restore(snapshot: DetectorSnapshot): void {
    const { module, type, stride, selection } = this.cfg;
    const state = openSnapshot(module, type, snapshot, WINDOW_SNAPSHOT_VERSION);
    const names = decodeNames(module, state.names);
    const data = decodeNumbers(module, 'data', state.data, names.length * stride);
    // `ready` is kept rather than derived: with a shared history the windows are not at hand here.
    const ready = decodeFlag(module, 'ready', state.ready);
    let own: SeriesHistory | undefined;
    if (state.history !== undefined) {
      own = new SeriesHistory();
      own.restore(state.history as SeriesHistorySnapshot);
    }
    this.layout = selection.layoutOf(names);
    this.s = stride === 0 ? NO_STATE : data;
    this.ready = ready;
    this.own = own;
  }

  /** Not used: `restore` reads `ready` from the snapshot. */
  protected isWarm(): boolean {
    return this.ready;
  }
}
