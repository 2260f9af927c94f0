// Static rule detector: fixed limits per feature (SLAs, timeouts), scored as value / limit.
// Reference: the static-threshold rules orchestrators ship (Airflow SLA, execution_timeout).
import { ConfigError, type Detector, type DetectorConfig, type DetectorSnapshot, type Features, type ObservationContext, type ScoreExplanation } from '@awad/core';
import { formatScore, formatValue } from './format';
import { openSnapshot, SNAPSHOT_VERSION } from './snapshot-codec';
import { isUsable } from './transform';
import { checkKnownKeys, checkName } from './validate-options';

const TYPE = 'static';
const MODULE = '@awad/stats/static';
/** Score of a value at or below 0 under a positive minimum: as violated as it gets, but finite. */
const NON_POSITIVE_UNDER_MIN = 1e9;

/** Limits of one feature; at least one of them, both positive. */
export interface StaticLimit {
  readonly max?: number;
  readonly min?: number;
}

/** Options of {@link StaticRuleDetector}. */
export interface StaticRuleOptions {
  /** Name in verdict reasons (default 'static'). */
  readonly name?: string;
  /** Limits per feature name, e.g. { durationMs: { max: 60_000 } }. */
  readonly limits: Readonly<Record<string, StaticLimit>>;
}

/** Defaults of {@link StaticRuleOptions}. */
export const DEFAULT_STATIC_RULE_OPTIONS = Object.freeze({ name: 'static' });

class StaticRuleConfig {
  readonly options: Readonly<StaticRuleOptions> & { readonly name: string };
  readonly names: readonly string[];
  readonly max: Float64Array;
  readonly min: Float64Array;

  constructor(options: StaticRuleOptions) {
    checkKnownKeys(MODULE, options, ['name', 'limits']);
    const name = checkName(MODULE, options.name ?? DEFAULT_STATIC_RULE_OPTIONS.name);
    const limits = options.limits as unknown;
    if (limits === null || typeof limits !== 'object' || Array.isArray(limits) || Object.keys(limits).length === 0) {
      throw new ConfigError(MODULE, 'limits', 'an object of { max?, min? } per feature, with at least one feature', limits);
    }
    const names = Object.keys(limits);
    this.max = new Float64Array(names.length).fill(Number.NaN);
    this.min = new Float64Array(names.length).fill(Number.NaN);
    const copy: Record<string, StaticLimit> = {};
    names.forEach((feature, i) => {
      const limit = (limits as Record<string, unknown>)[feature] as StaticLimit | null;
      const option = `limits.${feature}`;
      if (limit === null || typeof limit !== 'object' || (limit.max === undefined && limit.min === undefined)) {
        throw new ConfigError(MODULE, option, 'an object with `max` and/or `min`', limit);
      }
      checkKnownKeys(MODULE, limit, ['max', 'min']);
      for (const side of ['max', 'min'] as const) {
        const v = limit[side];
        if (v !== undefined && !(typeof v === 'number' && v > 0 && Number.isFinite(v))) throw new ConfigError(MODULE, `${option}.${side}`, 'a positive finite number', v);
      }
      if (limit.max !== undefined && limit.min !== undefined && !(limit.min < limit.max)) throw new ConfigError(MODULE, `${option}.min`, `a number below max ${limit.max}`, limit.min);
      if (limit.max !== undefined) this.max[i] = limit.max;
      if (limit.min !== undefined) this.min[i] = limit.min;
      copy[feature] = Object.freeze({ ...(limit.max !== undefined ? { max: limit.max } : {}), ...(limit.min !== undefined ? { min: limit.min } : {}) });
    });
    this.names = Object.freeze(names);
    this.options = Object.freeze({ name, limits: Object.freeze(copy) });
  }
}

/**
 * Fixed limits: the score is the max over limited features of x / max (and min / x for a
 * minimum), so >= 1 means a limit is violated (cut-off 1). Stateless: ready from the start,
 * learnOne does nothing; abstains (NaN) when no limited feature is present. Limits are
 * positive; a value <= 0 under a minimum scores 1e9.
 *
 * @example
 * const sla = new StaticRuleDetector({ limits: { durationMs: { max: 60_000 } } });
 * sla.scoreOne({ durationMs: 90_000 }); // 1.5
 */
export class StaticRuleDetector implements Detector {
  readonly isReady = true;
  private readonly cfg: StaticRuleConfig;

  /** @param shared internal: the clone path, which shares the resolved configuration. */
  constructor(options: StaticRuleOptions, shared?: unknown) {
    this.cfg = shared instanceof StaticRuleConfig ? shared : new StaticRuleConfig(options);
  }

  get name(): string {
    return this.cfg.options.name;
  }

  scoreOne(x: Features, _context?: ObservationContext): number {
    const { names } = this.cfg;
    let best = Number.NaN;
    for (let i = 0; i < names.length; i++) {
      const v = x[names[i]!];
      if (!isUsable(v)) continue;
      const z = this.scoreAt(i, v);
      if (!(z <= best)) best = z;
    }
    return best;
  }

  /** Static limits learn nothing. */
  learnOne(_x?: Features, _context?: ObservationContext): void {}

  explainOne(x: Features, _context?: ObservationContext): ScoreExplanation | undefined {
    const { names } = this.cfg;
    let best = Number.NaN;
    let at = -1;
    for (let i = 0; i < names.length; i++) {
      const v = x[names[i]!];
      if (!isUsable(v)) continue;
      const z = this.scoreAt(i, v);
      if (!(z <= best)) {
        best = z;
        at = i;
      }
    }
    if (at < 0) return undefined;
    const feature = names[at]!;
    const value = x[feature] as number;
    const max = this.cfg.max[at]!;
    const overMax = !Number.isNaN(max) && value / max >= best;
    const limit = overMax ? max : this.cfg.min[at]!;
    const verb = overMax ? (best >= 1 ? 'exceeds its limit' : 'is within its limit') : best >= 1 ? 'is under its minimum' : 'is above its minimum';
    return { feature, value, expected: limit, message: `${feature} ${formatValue(feature, value)} ${verb} ${formatValue(feature, limit)} (${formatScore(best)}×)` };
  }

  clone(): StaticRuleDetector {
    return new StaticRuleDetector(this.cfg.options, this.cfg);
  }

  getConfig(): DetectorConfig {
    return { type: TYPE, options: this.cfg.options };
  }

  snapshot(): DetectorSnapshot {
    return { type: TYPE, version: SNAPSHOT_VERSION, state: {} };
  }

  restore(snapshot: DetectorSnapshot): void {
    openSnapshot(MODULE, TYPE, snapshot);
  }

  private scoreAt(i: number, v: number): number {
    const max = this.cfg.max[i]!;
    const min = this.cfg.min[i]!;
    let z = Number.NEGATIVE_INFINITY;
    if (max === max) z = v / max;
    if (min === min) {
      const under = v > 0 ? min / v : NON_POSITIVE_UNDER_MIN;
      if (under > z) z = under;
    }
    return z;
  }
}
