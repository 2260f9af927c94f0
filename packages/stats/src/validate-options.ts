// Option checks shared by every constructor: one ConfigError format for the whole package.
// Reference: STYLE.md ("expected `windowSize` to be a positive integer, got 0").
import { ConfigError } from '@awad/core';
import { DIRECTIONS, type Direction } from './direction';

/** A number in an interval; `open` marks which ends are excluded. Returns the value. */
export function checkNumber(module: string, option: string, value: unknown, lo: number, hi: number, open: 'none' | 'lo' | 'hi' | 'both' = 'none'): number {
  const loOpen = open === 'lo' || open === 'both';
  const hiOpen = open === 'hi' || open === 'both';
  const ok =
    typeof value === 'number' &&
    !Number.isNaN(value) &&
    (loOpen ? value > lo : value >= lo) &&
    (hiOpen ? value < hi : value <= hi) &&
    (Number.isFinite(value) || (value === hi && !hiOpen && hi === Number.POSITIVE_INFINITY));
  if (!ok) throw new ConfigError(module, option, `a number in ${interval(lo, hi, loOpen, hiOpen)}`, value);
  return value as number;
}

/** An integer >= min (and <= max). */
export function checkInteger(module: string, option: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new ConfigError(module, option, `an integer ${range}`, value);
  }
  return value;
}

/** A non-empty string (detector names end up in verdict reasons). */
export function checkName(module: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new ConfigError(module, 'name', 'a non-empty string', value);
  return value;
}

/** 'log' or 'none'. */
export function checkTransform(module: string, value: unknown): 'log' | 'none' {
  if (value !== 'log' && value !== 'none') throw new ConfigError(module, 'transform', '"log" or "none"', value);
  return value;
}

/** 'both', 'up' or 'down'. */
export function checkDirection(module: string, value: unknown): Direction {
  if (!DIRECTIONS.includes(value as Direction)) throw new ConfigError(module, 'direction', '"both", "up" or "down"', value);
  return value as Direction;
}

/** Feature patterns: exact names, `prefix*`, or `*`. */
export function checkFeatures(module: string, value: unknown): readonly string[] {
  const ok = Array.isArray(value) && value.length > 0 && value.every((p) => typeof p === 'string' && p.length > 0 && (p.indexOf('*') === -1 || p.indexOf('*') === p.length - 1));
  if (!ok) throw new ConfigError(module, 'features', 'a non-empty array of feature names or patterns ending in "*"', value);
  return Object.freeze([...(value as string[])]);
}

/** Rejects keys the options type does not have (a typo would otherwise be silently ignored). */
export function checkKnownKeys(module: string, options: unknown, known: readonly string[]): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new ConfigError(module, 'options', 'an object', options);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new ConfigError(module, key, `a known option (${known.join(', ')})`, (options as Record<string, unknown>)[key]);
  }
}

function interval(lo: number, hi: number, loOpen: boolean, hiOpen: boolean): string {
  const f = (v: number): string => (v === Number.POSITIVE_INFINITY ? 'Infinity' : v === Number.NEGATIVE_INFINITY ? '-Infinity' : String(v));
  return `${loOpen ? '(' : '['}${f(lo)}, ${f(hi)}${hiOpen ? ')' : ']'}`;
}
