// Input validation shared by every metric: copies inputs into typed arrays or throws a ScoringError.
// Reference: METHODS.md §6 conventions (y in {0,1}, yhat in {0,1}, finite scores a_i).
import { ScoringError, type ScoringErrorCode } from './scoring-error.js';

export function fail(code: ScoringErrorCode, fn: string, detail: string): never {
  throw new ScoringError(code, `@awad/scoring/${fn}: ${detail}`);
}

function show(value: unknown): string {
  return typeof value === 'number' ? String(value) : `${typeof value} ${String(value)}`;
}

/** Copies 0/1 values; predictions share the label rule because both are binary indicators. */
export function readBinary(fn: string, values: ArrayLike<number>, what: 'labels' | 'predictions'): Uint8Array {
  const n = values.length;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === 1) out[i] = 1;
    else if (v !== 0) fail('INVALID_LABEL', fn, `expected ${what} to be 0 or 1, got ${show(v)} at index ${i}`);
  }
  return out;
}

/** Copies scores into a Float64Array; NaN and ±Infinity cannot be ranked meaningfully, so they are rejected. */
export function readScores(fn: string, values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      fail('INVALID_SCORE', fn, `expected finite scores, got ${show(v)} at index ${i}`);
    }
    out[i] = v;
  }
  return out;
}

export function checkSameLength(fn: string, a: number, b: number, aName: string, bName: string): void {
  if (a !== b) {
    fail('LENGTH_MISMATCH', fn, `expected ${aName} and ${bName} of the same length, got ${a} ${aName} and ${b} ${bName}`);
  }
}

export function checkNonEmpty(fn: string, n: number, what = 'labels'): void {
  if (n === 0) fail('EMPTY_INPUT', fn, `expected at least one of ${what}, got none`);
}

export function checkPositiveInteger(fn: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    fail('INVALID_OPTION', fn, `expected ${name} to be a positive integer, got ${show(value)}`);
  }
}

export function checkUnitInterval(fn: string, name: string, value: number): void {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    fail('INVALID_OPTION', fn, `expected ${name} in [0, 1], got ${show(value)}`);
  }
}

export function checkNonNegative(fn: string, name: string, value: number): void {
  if (typeof value !== 'number' || !(value >= 0 && Number.isFinite(value))) {
    fail('INVALID_OPTION', fn, `expected ${name} to be a finite number >= 0, got ${show(value)}`);
  }
}

/** True for arrays and typed arrays; used to tell `(labels, scores, options)` calls from `(series[], options)` calls. */
export function isArrayLike(value: unknown): value is ArrayLike<number> {
  return typeof value === 'object' && value !== null && typeof (value as { length?: unknown }).length === 'number';
}
