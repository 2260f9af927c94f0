// The BullMQ ETL example runs against the real Redis, in-process and shared, and says what its
// comments promise: only the broken last run is flagged (its transform's row count), with the
// flow's parent at risk.
import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { main } from '../examples/bullmq-etl';

describe('examples/bullmq-etl', () => {
  for (const shared of [false, true]) {
    it(`flags the empty orders extract of the last run ${shared ? '(two workers per queue, state in Redis)' : '(one in-process monitor)'}`, async () => {
      const prefix = `awad-example-test-${process.pid}-${shared ? 'shared' : 'local'}`;
      const lines: string[] = [];
      const { anomalies, finished } = await main({ flows: 12, shared, prefix, print: (line) => lines.push(line) });
      expect(finished.length).toBe(12 * 5);
      const lastRun = finished.filter((v) => v.taskKey === 'load').at(-1)?.workflowRunId;
      const onRows = anomalies.filter((v) => v.reasons.some((r) => r.feature === 'metrics.rows'));
      // The rows of the broken run, and only those, are flagged: its extract, transform and load.
      expect(new Set(onRows.map((v) => v.workflowRunId))).toEqual(new Set([lastRun]));
      const transform = onRows.find((v) => v.taskKey === 'transform-orders');
      expect(transform?.reasons[0]?.feature).toBe('metrics.rows');
      expect(transform?.impact?.map((i) => i.taskKey)).toContain('load');
      expect(transform?.workflowKey).toBe('nightly-etl');
      // Anything else is a timing verdict (scheduling noise of 30-55 ms jobs on a busy machine).
      for (const v of anomalies.filter((a) => a.workflowRunId !== lastRun)) expect(v.reasons.every((r) => r.feature === 'durationMs' || r.feature === 'queueWaitMs')).toBe(true);
      expect(lines.length).toBe(anomalies.length);
      expect(lines.some((line) => line.startsWith('awad error'))).toBe(false);
      const redis = new Redis({ host: '127.0.0.1', port: 6379 });
      expect(await redis.keys(`${prefix}*`)).toEqual([]);
      redis.disconnect();
    });
  }
});
