// Snapshot plumbing: the { type, version, state } envelope and JSON-safe number arrays.
// Reference: DetectorSnapshot in @awad/core; JSON has no NaN or Infinity, so they travel as null.
import { SnapshotError, type DetectorSnapshot } from '@awad/core';

/** Version of the snapshot formats of this package (but see WINDOW_SNAPSHOT_VERSION). */
export const SNAPSHOT_VERSION = 1;

/**
 * Version of the window detectors' snapshots (robust-z, iqr, n-x-median, shesd): 2 since their
 * windows moved to a SeriesHistory (version 1 held the windows in `data`).
 */
export const WINDOW_SNAPSHOT_VERSION = 2;

/** Checks the envelope (type and `version`) and returns its state object. @throws SnapshotError */
export function openSnapshot(module: string, type: string, snapshot: unknown, version = SNAPSHOT_VERSION): Record<string, unknown> {
  const s = snapshot as Partial<DetectorSnapshot> | null | undefined;
  if (s === null || typeof s !== 'object' || s.type !== type || s.version !== version) {
    throw new SnapshotError(module, `a "${type}" snapshot, version ${version}`, describe(s));
  }
  const state = s.state;
  if (state === null || typeof state !== 'object' || Array.isArray(state)) throw new SnapshotError(module, 'a state object', describe(state));
  return state as Record<string, unknown>;
}

/** Numbers for JSON: non-finite values (never stored by the detectors, but be safe) become null. */
export function encodeNumbers(values: ArrayLike<number>): (number | null)[] {
  const out: (number | null)[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = Number.isFinite(v) ? v : null;
  }
  return out;
}

/** The inverse of encodeNumbers (null -> NaN), checking the length. @throws SnapshotError */
export function decodeNumbers(module: string, field: string, value: unknown, length?: number): number[] {
  if (!Array.isArray(value) || (length !== undefined && value.length !== length)) {
    throw new SnapshotError(module, `\`${field}\` as an array of ${length ?? 'some'} numbers`, describe(value));
  }
  return value.map((v: unknown) => {
    if (v === null) return Number.NaN;
    if (typeof v !== 'number') throw new SnapshotError(module, `\`${field}\` to hold numbers`, describe(v));
    return v;
  });
}

/** A boolean field. @throws SnapshotError */
export function decodeFlag(module: string, field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new SnapshotError(module, `\`${field}\` as a boolean`, describe(value));
  return value;
}

/** A list of feature names. @throws SnapshotError */
export function decodeNames(module: string, value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new SnapshotError(module, '`names` as an array of strings', describe(value));
  return value as string[];
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'object') {
    const v = value as { type?: unknown; version?: unknown };
    return 'type' in v ? `a "${String(v.type)}" snapshot, version ${String(v.version)}` : 'an object';
  }
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
