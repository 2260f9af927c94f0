// Static rule detector: fixed limits per feature (SLAs, timeouts), optionally per task, scored as value / limit.
// Reference: the static-threshold rules orchestrators ship (Airflow SLA, execution_timeout).
import { ConfigError, type Detector, type DetectorConfig, type DetectorSnapshot, type Features, type ObservationContext, type ScoreExplanation } from '@awad/core';
import { formatScore, formatValue } from './format';
import { checkLimits, LimitTable, type StaticLimits } from './limit-table';
import { openSnapshot, SNAPSHOT_VERSION } from './snapshot-codec';
import { isUsable } from './transform';
import { checkKnownKeys, checkName } from './validate-options';

const TYPE = 'static';
const MODULE = '@awad/stats/static';
/** Score of a value at or below 0 under a positive minimum: as violated as it gets, but finite. */
const NON_POSITIVE_UNDER_MIN = 1e9;

/** Options of {@link StaticRuleDetector}: `limits`, `limitsByTask` or both, not both empty. */
export interface StaticRuleOptions {
  /** Name in verdict reasons (default 'static'). */
  readonly name?: string;
  /** Limits per feature name for every point, e.g. { durationMs: { max: 60_000 } }. */
  readonly limits?: StaticLimits;
  /**
   * Limits per task key, then per feature: a point whose `context.taskKey` has an entry uses
   * that entry, falling back to `limits` for the features the entry does not name, e.g.
   * { extract: { durationMs: { max: 10_000 } }, load: { durationMs: { max: 90_000 } } }.
   */
  readonly limitsByTask?: Readonly<Record<string, StaticLimits>>;
}

/** Defaults of {@link StaticRuleOptions}. */
export const DEFAULT_STATIC_RULE_OPTIONS = Object.freeze({ name: 'static' });

class StaticRuleConfig {
  readonly options: Readonly<StaticRuleOptions> & { readonly name: string };
  /** The limits of a point without a task entry. */
  readonly global: LimitTable;
  /** Per task key: its entry merged over the global limits. */
  readonly byTask: ReadonlyMap<string, LimitTable>;

  constructor(options: StaticRuleOptions) {
    checkKnownKeys(MODULE, options, ['name', 'limits', 'limitsByTask']);
    const name = checkName(MODULE, options.name ?? DEFAULT_STATIC_RULE_OPTIONS.name);
    const limits = options.limits === undefined ? undefined : checkLimits(MODULE, 'limits', options.limits, options.limitsByTask !== undefined);
    let limitsByTask: Readonly<Record<string, StaticLimits>> | undefined;
    const byTask = new Map<string, LimitTable>();
    if (options.limitsByTask !== undefined) {
      const raw = options.limitsByTask as unknown;
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(MODULE, 'limitsByTask', 'an object of limits per task key', raw);
      const copy: Record<string, StaticLimits> = {};
      for (const task of Object.keys(raw)) {
        const own = checkLimits(MODULE, `limitsByTask.${task}`, (raw as Record<string, unknown>)[task], false);
        copy[task] = own;
        byTask.set(task, new LimitTable({ ...limits, ...own }));
      }
      limitsByTask = Object.freeze(copy);
    }
    if (Object.keys(limits ?? {}).length === 0 && byTask.size === 0) {
      throw new ConfigError(MODULE, 'limits', 'an object of { max?, min? } per feature, with at least one feature (or per-task limits in `limitsByTask`)', options.limits);
    }
    this.global = new LimitTable(limits ?? {});
    this.byTask = byTask;
    this.options = Object.freeze({ name, ...(limits !== undefined ? { limits } : {}), ...(limitsByTask !== undefined ? { limitsByTask } : {}) });
  }

  /** The limits of a point: its task's entry when it has one, else the global limits. */
  tableFor(context: ObservationContext | undefined): LimitTable {
    const task = context?.taskKey;
    if (task === undefined || this.byTask.size === 0) return this.global;
    return this.byTask.get(task) ?? this.global;
  }
}

/**
 * Fixed limits: the score is the max over limited features of x / max (and min / x for a
 * minimum), so >= 1 means a limit is violated (cut-off 1). Stateless: ready from the start,
 * learnOne does nothing; abstains (NaN) when no limited feature is present. Limits are
 * positive; a value <= 0 under a minimum scores 1e9. With `limitsByTask`, a point whose
 * `context.taskKey` has an entry is held to that entry (then to `limits` for the features the
 * entry does not name): one SLA per task in one stage. Without `context.taskKey` only `limits`
 * applies.
 *
 * @example
 * const sla = new StaticRuleDetector({ limits: { durationMs: { max: 60_000 } } });
 * sla.scoreOne({ durationMs: 90_000 }); // 1.5
 * const perTask = new StaticRuleDetector({ limitsByTask: { extract: { durationMs: { max: 10_000 } } } });
 * perTask.scoreOne({ durationMs: 20_000 }, { taskKey: 'extract' }); // 2
 * perTask.scoreOne({ durationMs: 20_000 }, { taskKey: 'load' }); // NaN: no limit for load
 */
export class StaticRuleDetector implements Detector {
  readonly isReady = true;
  private readonly cfg: StaticRuleConfig;

  constructor(options: StaticRuleOptions) {
    this.cfg = new StaticRuleConfig(options);
  }

  get name(): string {
    return this.cfg.options.name;
  }

  scoreOne(x: Features, context?: ObservationContext): number {
    const table = this.cfg.tableFor(context);
    const names = table.names;
    let best = Number.NaN;
    for (let i = 0; i < names.length; i++) {
      const v = x[names[i]!];
      if (!isUsable(v)) continue;
      const z = scoreAt(table, i, v);
      if (!(z <= best)) best = z;
    }
    return best;
  }

  /** Static limits learn nothing. */
  learnOne(_x?: Features, _context?: ObservationContext): void {}

  explainOne(x: Features, context?: ObservationContext): ScoreExplanation | undefined {
    const table = this.cfg.tableFor(context);
    const names = table.names;
    let best = Number.NaN;
    let at = -1;
    for (let i = 0; i < names.length; i++) {
      const v = x[names[i]!];
      if (!isUsable(v)) continue;
      const z = scoreAt(table, i, v);
      if (!(z <= best)) {
        best = z;
        at = i;
      }
    }
    if (at < 0) return undefined;
    const feature = names[at]!;
    const value = x[feature] as number;
    const max = table.max[at]!;
    const overMax = !Number.isNaN(max) && value / max >= best;
    const limit = overMax ? max : table.min[at]!;
    const verb = overMax ? (best > 1 ? 'exceeds its limit' : best === 1 ? 'reaches its limit' : 'is within its limit') : best >= 1 ? 'is under its minimum' : 'is above its minimum';
    return { feature, value, expected: limit, message: `${feature} ${formatValue(feature, value)} ${verb} ${formatValue(feature, limit)} (${formatScore(best)}×)` };
  }

  /**
   * This same instance: a static rule has no state to keep apart (learnOne and restore change
   * nothing), and a monitor clones each stage once per series, so sharing it saves an object
   * (~40 B) per series and static stage.
   */
  clone(): StaticRuleDetector {
    return this;
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
}

/** x / max and min / x of feature i of the table, whichever is larger. */
function scoreAt(table: LimitTable, i: number, v: number): number {
  const max = table.max[i]!;
  const min = table.min[i]!;
  let z = Number.NEGATIVE_INFINITY;
  if (max === max) z = v / max;
  if (min === min) {
    const under = v > 0 ? min / v : NON_POSITIVE_UNDER_MIN;
    if (under > z) z = under;
  }
  return z;
}
