// HybridVaeDetector: HASH's hybrid decision, the VAE fused with EWMA. Each score is calibrated
// against its own reference (EWMA: its scores on the learned points; VAE: its held-out windows)
// by a mid-rank ECDF with an exponential tail, and the hybrid exports the larger "surprise"
// -log10(1 - c): c_hash = max(c_ewma, c_vae) >= 0.995 is a surprise >= 2.30.
// Reference: METHODS.md 5.6 (c_hash = max of ECDF-calibrated scores, alert at 0.995), 5.3 (EWMA,
// alpha 0.1, warm-up 30, protection above 3 sd), 1.3 (ECDF). S-H-ESD is left to @awad/stats.
import { ConfigError, SnapshotError, type Detector, type DetectorConfig, type DetectorSnapshot, type Features, type ObservationContext, type ScoreExplanation } from '@awad/core';
import { EwmaDetector, type EwmaOptions } from '@awad/stats';
import { decodeFloat64, encodeFloat64 } from '../window/float-codec';
import type { TrainProgress } from '../train/train-dense-vae';
import { TailEcdf, surpriseOf } from './tail-ecdf';
import { VaeDetector, type VaeDetectorOptions, type VaeFitOptions } from './vae-detector';
import type { VaeModel } from './vae-model';

const TYPE = 'vae-hybrid';
const VERSION = 1;
const MODULE = '@awad/vae/hybrid-vae-detector';

export interface HybridVaeOptions {
  /** Stage name (default 'vae-hybrid'). */
  readonly name?: string;
  readonly vae?: VaeDetectorOptions;
  /** EWMA options (default: transform 'none', protection above 3 sd, the VAE's features when given). */
  readonly ewma?: EwmaOptions;
  /** EWMA scores kept as its reference (default 5000, METHODS 1.3). */
  readonly referenceSize?: number;
  /** EWMA scores needed before its ECDF is used (default 30). */
  readonly minReference?: number;
  /** Alert level on c_hash (default 0.995); `alertSurprise` is -log10(1 - alertLevel). */
  readonly alertLevel?: number;
}

/** Keeps the last `capacity` values in arrival order and sorted. */
class SortedRing {
  readonly ring: Float64Array;
  sorted: Float64Array;
  private head = 0;
  size = 0;

  constructor(readonly capacity: number) {
    this.ring = new Float64Array(capacity);
    this.sorted = new Float64Array(capacity);
  }

  push(v: number): void {
    if (this.size === this.capacity) {
      const old = this.ring[this.head] as number;
      const i = lowerBound(this.sorted, this.size, old);
      this.sorted.copyWithin(i, i + 1, this.size);
      this.size -= 1;
    }
    this.ring[this.head] = v;
    this.head = (this.head + 1) % this.capacity;
    const j = lowerBound(this.sorted, this.size, v);
    this.sorted.copyWithin(j + 1, j, this.size);
    this.sorted[j] = v;
    this.size += 1;
  }

  chronological(): Float64Array {
    const out = new Float64Array(this.size);
    const start = (this.head - this.size + this.capacity) % this.capacity;
    for (let i = 0; i < this.size; i++) out[i] = this.ring[(start + i) % this.capacity] as number;
    return out;
  }
}

function lowerBound(a: Float64Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * max(surprise_ewma, surprise_vae), surprise = -log10(1 - c) of each detector's ECDF-calibrated
 * score; higher = more anomalous, alert at `alertSurprise` (2.30 for c = 0.995). Each part abstains
 * on its own (EWMA warming up, VAE not fitted); NaN when both do.
 *
 * @example
 * const hybrid = new HybridVaeDetector({ vae: { fitAfter: 0 } });
 * await hybrid.fit(trainingRows);
 * hybrid.scoreOne(row) >= hybrid.alertSurprise; // c_hash >= 0.995
 */
export class HybridVaeDetector implements Detector {
  readonly name: string;
  readonly vae: VaeDetector;
  readonly ewma: EwmaDetector;
  readonly alertSurprise: number;
  private readonly config: Required<Omit<HybridVaeOptions, 'vae' | 'ewma'>> & { vae: VaeDetectorOptions; ewma: EwmaOptions };
  private reference: SortedRing;
  private cachedEcdf: TailEcdf | undefined;

  constructor(options: HybridVaeOptions = {}) {
    const known = ['name', 'vae', 'ewma', 'referenceSize', 'minReference', 'alertLevel'];
    for (const key of Object.keys(options)) if (!known.includes(key)) throw new ConfigError(MODULE, key, `one of the options ${known.join(', ')}`, (options as Record<string, unknown>)[key]);
    const referenceSize = options.referenceSize ?? 5000;
    const minReference = options.minReference ?? 30;
    const alertLevel = options.alertLevel ?? 0.995;
    if (!Number.isInteger(referenceSize) || referenceSize < 1) throw new ConfigError(MODULE, 'referenceSize', 'a positive integer', referenceSize);
    if (!Number.isInteger(minReference) || minReference < 1 || minReference > referenceSize) throw new ConfigError(MODULE, 'minReference', `an integer in [1, ${referenceSize}]`, minReference);
    if (!(alertLevel > 0 && alertLevel < 1)) throw new ConfigError(MODULE, 'alertLevel', 'a number in (0, 1)', alertLevel);
    const vae = options.vae ?? {};
    const ewma: EwmaOptions = { transform: 'none', protectAbove: 3, ...(vae.features ? { features: vae.features } : {}), ...options.ewma };
    this.config = { name: options.name ?? TYPE, vae, ewma, referenceSize, minReference, alertLevel };
    this.name = this.config.name;
    this.vae = new VaeDetector(vae);
    this.ewma = new EwmaDetector(ewma);
    this.reference = new SortedRing(referenceSize);
    this.alertSurprise = surpriseOf(alertLevel);
  }

  get isReady(): boolean {
    return this.vae.isReady || (this.ewma.isReady && this.reference.size >= this.config.minReference);
  }

  private ewmaEcdf(): TailEcdf | undefined {
    if (this.reference.size < this.config.minReference) return undefined;
    this.cachedEcdf ??= new TailEcdf(this.reference.sorted.subarray(0, this.reference.size), true);
    return this.cachedEcdf;
  }

  /** Both surprises (NaN where a part abstains). */
  parts(x: Features, context?: ObservationContext): { ewma: number; vae: number } {
    const ecdf = this.ewmaEcdf();
    const e = ecdf ? ecdf.surprise(this.ewma.scoreOne(x, context)) : Number.NaN;
    const model = this.vae.fitted;
    const v = model ? model.reference.surprise(this.vae.scoreOne(x, context)) : Number.NaN;
    return { ewma: e, vae: v };
  }

  scoreOne(x: Features, context?: ObservationContext): number {
    const { ewma, vae } = this.parts(x, context);
    if (Number.isNaN(ewma)) return vae;
    if (Number.isNaN(vae)) return ewma;
    return Math.max(ewma, vae);
  }

  learnOne(x: Features, context?: ObservationContext): void {
    const s = this.ewma.scoreOne(x, context);
    if (Number.isFinite(s)) {
      this.reference.push(s);
      this.cachedEcdf = undefined;
    }
    this.ewma.learnOne(x, context);
    this.vae.learnOne(x, context);
  }

  /** Learns `rows` (EWMA and its reference, the VAE's buffer) and fits the VAE on them. */
  async fit(rows: readonly Features[] = [], options: VaeFitOptions = {}): Promise<VaeModel> {
    for (const x of rows) {
      const s = this.ewma.scoreOne(x);
      if (Number.isFinite(s)) this.reference.push(s);
      this.ewma.learnOne(x);
    }
    this.cachedEcdf = undefined;
    return this.vae.fit(rows, options);
  }

  /** Fits the VAE now on what it has learned (blocking). */
  fitNow(onProgress?: (p: TrainProgress) => void): VaeModel {
    return this.vae.fitNow(onProgress);
  }

  explainOne(x: Features, context?: ObservationContext): ScoreExplanation | undefined {
    const { ewma, vae } = this.parts(x, context);
    const first = !(ewma > vae) ? this.vae.explainOne(x, context) : this.ewma.explainOne?.(x, context);
    return first ?? (!(ewma > vae) ? this.ewma.explainOne?.(x, context) : this.vae.explainOne(x, context));
  }

  clone(): HybridVaeDetector {
    return new HybridVaeDetector(this.config);
  }

  getConfig(): DetectorConfig {
    return { type: TYPE, options: JSON.parse(JSON.stringify(this.config)) as Record<string, unknown> };
  }

  snapshot(): DetectorSnapshot {
    return { type: TYPE, version: VERSION, state: { vae: this.vae.snapshot(), ewma: this.ewma.snapshot(), reference: encodeFloat64(this.reference.chronological()) } };
  }

  restore(snapshot: DetectorSnapshot): void {
    if (snapshot === null || typeof snapshot !== 'object' || snapshot.type !== TYPE || snapshot.version !== VERSION) {
      throw new SnapshotError(MODULE, `a "${TYPE}" snapshot, version ${VERSION}`, `type ${String((snapshot as Partial<DetectorSnapshot> | null)?.type)}, version ${String((snapshot as Partial<DetectorSnapshot> | null)?.version)}`);
    }
    const s = snapshot.state as { vae: DetectorSnapshot; ewma: DetectorSnapshot; reference: unknown } | null;
    if (s === null || typeof s !== 'object') throw new SnapshotError(MODULE, 'a state object', String(s));
    const reference = decodeFloat64(MODULE, 'reference', s.reference);
    const vae = new VaeDetector(this.config.vae);
    vae.restore(s.vae);
    const ewma = new EwmaDetector(this.config.ewma);
    ewma.restore(s.ewma);
    (this as { vae: VaeDetector }).vae = vae;
    (this as { ewma: EwmaDetector }).ewma = ewma;
    this.reference = new SortedRing(this.config.referenceSize);
    for (const v of reference) this.reference.push(v);
    this.cachedEcdf = undefined;
  }
}
