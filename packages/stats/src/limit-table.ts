// Limit tables of the static rule detector: validated { max?, min? } per feature, as flat arrays.
// Reference: the static-threshold rules orchestrators ship (Airflow SLA, execution_timeout).
import { ConfigError } from '@awad/core';
import { checkKnownKeys } from './validate-options';

/** Limits of one feature; at least one of them, both positive. */
export interface StaticLimit {
  readonly max?: number;
  readonly min?: number;
}

/** Limits per feature name, e.g. { durationMs: { max: 60_000 } }. */
export type StaticLimits = Readonly<Record<string, StaticLimit>>;

/** The limits that apply to one point: feature names with their max and min (NaN = none). */
export class LimitTable {
  readonly names: readonly string[];
  readonly max: Float64Array;
  readonly min: Float64Array;

  constructor(limits: StaticLimits) {
    const names = Object.keys(limits);
    this.names = Object.freeze(names);
    this.max = new Float64Array(names.length).fill(Number.NaN);
    this.min = new Float64Array(names.length).fill(Number.NaN);
    names.forEach((feature, i) => {
      const limit = limits[feature] as StaticLimit;
      if (limit.max !== undefined) this.max[i] = limit.max;
      if (limit.min !== undefined) this.min[i] = limit.min;
    });
  }
}

/**
 * Validates `value` as limits per feature and returns a frozen, JSON-safe copy. `option` names
 * it in errors ('limits', 'limitsByTask.extract'); `allowEmpty` accepts {}.
 * @throws ConfigError
 */
export function checkLimits(module: string, option: string, value: unknown, allowEmpty: boolean): StaticLimits {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || (!allowEmpty && Object.keys(value).length === 0)) {
    throw new ConfigError(module, option, `an object of { max?, min? } per feature${allowEmpty ? '' : ', with at least one feature'}`, value);
  }
  const copy: Record<string, StaticLimit> = {};
  for (const feature of Object.keys(value)) {
    const limit = (value as Record<string, unknown>)[feature] as StaticLimit | null;
    const where = `${option}.${feature}`;
    if (limit === null || typeof limit !== 'object' || (limit.max === undefined && limit.min === undefined)) {
      throw new ConfigError(module, where, 'an object with `max` and/or `min`', limit);
    }
    checkKnownKeys(module, limit, ['max', 'min']);
    for (const side of ['max', 'min'] as const) {
      const v = limit[side];
      if (v !== undefined && !(typeof v === 'number' && v > 0 && Number.isFinite(v))) throw new ConfigError(module, `${where}.${side}`, 'a positive finite number', v);
    }
    if (limit.max !== undefined && limit.min !== undefined && !(limit.min < limit.max)) throw new ConfigError(module, `${where}.min`, `a number below max ${limit.max}`, limit.min);
    copy[feature] = Object.freeze({ ...(limit.max !== undefined ? { max: limit.max } : {}), ...(limit.min !== undefined ? { min: limit.min } : {}) });
  }
  return Object.freeze(copy);
}
