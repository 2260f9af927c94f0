// Prometheus metrics of one sidecar, in its own registry (so several servers can share a process).
// Reference: prom-client (https://github.com/siimon/prom-client); Prometheus naming conventions.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Monitor } from '@awad/core';
import type { Ingest } from './ingest';

export interface ServerMetrics {
  readonly registry: Registry;
  readonly events: Counter<'result'>;
  readonly verdicts: Counter<'severity' | 'origin'>;
  readonly feedback: Counter<'label'>;
  readonly requests: Histogram<'method' | 'route' | 'status_code'>;
  readonly streamClients: Gauge;
}

export function createServerMetrics(monitor: Monitor, ingest: Ingest, options: { defaultMetrics?: boolean } = {}): ServerMetrics {
  const getLog = () => ingest.log;
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'awad_' });
  // Read from the ingest counters at scrape time: nothing to update per event.
  const events = new Counter({
    name: 'awad_events_total',
    help: 'Task state change events received, by result (accepted, duplicate, rejected).',
    labelNames: ['result'] as const,
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ result: 'accepted' }, ingest.accepted);
      this.inc({ result: 'duplicate' }, ingest.duplicates);
      this.inc({ result: 'rejected' }, ingest.rejected);
    },
  });
  const verdicts = new Counter({ name: 'awad_verdicts_total', help: 'Verdicts given, by severity and origin (event or tick).', labelNames: ['severity', 'origin'] as const, registers: [registry] });
  const feedback = new Counter({ name: 'awad_feedback_total', help: 'Feedback labels received.', labelNames: ['label'] as const, registers: [registry] });
  const requests = new Histogram({
    name: 'awad_http_request_duration_seconds',
    help: 'HTTP request duration, by method, route and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  const streamClients = new Gauge({ name: 'awad_stream_clients', help: 'Clients connected to /v1/stream.', registers: [registry] });
  new Gauge({ name: 'awad_series', help: 'Series (workflow key x task key) tracked.', registers: [registry], collect() { this.set(monitor.store.size); } });
  new Gauge({ name: 'awad_runs', help: 'Workflow runs tracked.', registers: [registry], collect() { this.set(monitor.tracker.size); } });
  new Gauge({ name: 'awad_labels', help: 'Feedback labels kept.', registers: [registry], collect() { this.set(monitor.labelStore.size); } });
  new Gauge({ name: 'awad_wal_bytes', help: 'Size of the write-ahead log in bytes (0 without one).', registers: [registry], collect() { this.set(getLog()?.bytes ?? 0); } });
  new Counter({ name: 'awad_wal_fsyncs_total', help: 'fsync calls on the write-ahead log.', registers: [registry], collect() { this.reset(); this.inc(getLog()?.syncs ?? 0); } });
  return { registry, events, verdicts, feedback, requests, streamClients };
}
