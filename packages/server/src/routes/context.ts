// What the routes share: the monitor's ingest path, the stream hub, metrics and limits.
import type { Monitor } from '@awad/core';
import type { OpenLineageOptions } from '@awad/openlineage';
import type { PrefectMappingOptions } from '@awad/prefect';
import type { EventLog, ReplayResult } from '../event-log';
import type { Ingest } from '../ingest';
import type { ServerMetrics } from '../server-metrics';
import type { StreamHub } from '../stream-hub';

export interface RouteContext {
  readonly monitor: Monitor;
  readonly ingest: Ingest;
  readonly hub: StreamHub;
  readonly metrics: ServerMetrics;
  readonly maxBatch: number;
  readonly startedAt: number;
  readonly log: () => EventLog | undefined;
  readonly replay: ReplayResult | undefined;
  readonly openlineage: OpenLineageOptions;
  readonly prefect: PrefectMappingOptions;
}
