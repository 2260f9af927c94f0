// examples/airflow-openlineage.md: its documented transport setting, and its event posted to a
// running sidecar becomes the TaskStateChange the page describes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createServer } from '@awad/server';

describe('examples/airflow-openlineage.md', () => {
  it('the documented event, posted to the sidecar, becomes the documented TaskStateChange', async () => {
    const md = readFileSync(new URL('../examples/airflow-openlineage.md', import.meta.url), 'utf8');
    const event = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(md)?.[1] ?? 'null') as { run: { runId: string }; eventTime: string };
    expect(md).toContain(`AIRFLOW__OPENLINEAGE__TRANSPORT='{"type":"http","url":"http://localhost:7070","endpoint":"api/v1/lineage"}'`);
    const sidecar = await createServer({ port: 0, tickIntervalMs: 0, logLevel: 'silent' });
    try {
      const url = await sidecar.listen();
      const post = () => fetch(`${url}/api/v1/lineage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
      const res = await post();
      expect(res.status).toBe(201);
      const { verdict } = (await res.json()) as { verdict: { taskKey: string; workflowKey: string; workflowRunId: string; state: string; eventId: string; features: Record<string, number> } };
      expect(verdict).toMatchObject({
        taskKey: 'airflow-prod/etl_daily.extract',
        workflowKey: 'airflow-prod/etl_daily',
        workflowRunId: '01950a2e-6c1a-7d5e-9a4c-2b7f0e1d3c40',
        state: 'SUCCEEDED',
        eventId: `openlineage:${event.run.runId}:COMPLETE:${event.eventTime}`,
      });
      expect(verdict.features).toMatchObject({ 'metrics.rows': 120000, 'metrics.bytes': 7340032 });
      // The HTTP transport retries: a redelivered event is a duplicate, not a second run.
      expect(((await (await post()).json()) as { verdict: { duplicate?: boolean } }).verdict.duplicate).toBe(true);
    } finally {
      await sidecar.close();
    }
  });
});
