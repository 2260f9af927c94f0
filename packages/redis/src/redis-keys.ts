// Key layout of AWAD in Redis. Every key starts with one prefix (default "awad:"), so several
// monitors (or test runs) share a Redis without meeting. Series and runs are hashes
// { v: version, d: JSON state } so a writer can check it saw the latest version.
// Reference: Redis keyspace conventions (https://redis.io/docs/latest/develop/use/keyspace/).
import { ConfigError } from '@awad/core';

export const DEFAULT_PREFIX = 'awad:';

export interface RedisKeys {
  readonly prefix: string;
  /** Hash { v, d }: the state of one series (workflow key x task key). */
  series(seriesKey: string): string;
  /** Hash { v, d }: the tracked state of one workflow run. */
  run(workflowRunId: string): string;
  /** Hash { v, d }: the stages' shared calibrators and thresholds. */
  readonly stages: string;
  /** String: the verdict of an event already judged (idempotency), with a TTL. */
  event(eventId: string): string;
  /** Stream of verdicts. */
  readonly verdicts: string;
  /** Set of workflow run ids with tasks still open (what `tick` looks at). */
  readonly openRuns: string;
  /** Hash version -> model bytes. */
  model(name: string): string;
  /** Hash: `latest` -> version, `at:<version>` -> saved-at epoch ms. */
  modelMeta(name: string): string;
}

export function redisKeys(prefix: string = DEFAULT_PREFIX, module = '@awad/redis/keys'): RedisKeys {
  if (typeof prefix !== 'string') throw new ConfigError(module, 'prefix', 'a string', prefix);
  return {
    prefix,
    series: (key) => `${prefix}series:${key}`,
    run: (id) => `${prefix}run:${id}`,
    stages: `${prefix}stages`,
    event: (id) => `${prefix}event:${id}`,
    verdicts: `${prefix}verdicts`,
    openRuns: `${prefix}open-runs`,
    model: (name) => `${prefix}model:${name}`,
    modelMeta: (name) => `${prefix}model-meta:${name}`,
  };
}
