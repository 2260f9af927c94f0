// The options every per-feature detector takes, and their checks, in one place.
// Reference: STYLE.md (options types with defaults; errors that say what was expected).
import type { Direction } from './direction';
import type { Transform } from './transform';
import { checkDirection, checkFeatures, checkInteger, checkName, checkTransform } from './validate-options';

/** Options shared by the per-feature detectors (each documents its own defaults in DEFAULT_*_OPTIONS). */
export interface FeatureOptions {
  /** Name in verdict reasons (default: the detector's type). */
  readonly name?: string;
  /** Features to track: exact names, `prefix*` patterns or '*' (default ['*']). */
  readonly features?: readonly string[];
  /** Value transform: 'log' (the signed log, sign(x)·log1p(|x|)) or 'none'. */
  readonly transform?: Transform;
  /** Which side of the baseline scores: 'both' (default), 'up' or 'down'; the other side scores 0. */
  readonly direction?: Direction;
  /** At most this many features are tracked per series; later new ones are ignored (default 16). */
  readonly maxFeatures?: number;
}

type Shared = keyof FeatureOptions;

/**
 * Resolves the shared options a detector has (those in its `defaults`) and checks them, with
 * `maxFeatures` capped at `maxFeaturesCap`.
 */
export function checkFeatureOptions<K extends Shared>(
  module: string,
  options: NoInfer<Pick<FeatureOptions, K>>,
  defaults: Readonly<Required<Pick<FeatureOptions, K>>>,
  maxFeaturesCap: number,
): Required<Pick<FeatureOptions, K>> {
  const given = options as FeatureOptions;
  const d = defaults as unknown as Required<FeatureOptions>;
  const out: Partial<Record<Shared, unknown>> = {};
  if ('name' in d) out.name = checkName(module, given.name ?? d.name);
  if ('features' in d) out.features = checkFeatures(module, given.features ?? d.features);
  if ('transform' in d) out.transform = checkTransform(module, given.transform ?? d.transform);
  if ('direction' in d) out.direction = checkDirection(module, given.direction ?? d.direction);
  if ('maxFeatures' in d) out.maxFeatures = checkInteger(module, 'maxFeatures', given.maxFeatures ?? d.maxFeatures, 1, maxFeaturesCap);
  return out as Required<Pick<FeatureOptions, K>>;
}
