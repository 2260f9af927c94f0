// StoreError: Redis could not do what the store asked (unreachable, a write that kept
// conflicting with other workers, a model version that exists already).
import { AwadError } from '@awad/core';

export type StoreErrorReason = 'redis' | 'conflict' | 'version-exists' | 'not-attached';

/**
 * Rejected from the Redis store's async calls, or reported on `onError` / the `error` event
 * when nobody awaits the call (write-behind flushes).
 */
export class StoreError extends AwadError {
  override readonly name = 'StoreError' as const;
  readonly reason: StoreErrorReason;
  /** The Redis key (or series key) concerned, when there is one. */
  readonly key: string | undefined;

  constructor(module: string, reason: StoreErrorReason, message: string, key?: string, cause?: unknown) {
    super('STORE_FAILED', `${module}: ${message}`, cause === undefined ? undefined : { cause });
    this.reason = reason;
    this.key = key;
  }
}

/** Wraps a failure of the Redis client in a StoreError (a StoreError passes through). */
export function storeFailure(module: string, what: string, error: unknown, key?: string): StoreError {
  if (error instanceof StoreError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new StoreError(module, 'redis', `expected Redis to ${what}, got the error "${reason}"`, key, error);
}
