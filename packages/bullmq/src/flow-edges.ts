// The children of a flow job (its upstream in AWAD's DAG: a parent runs after its children),
// with the time the last of them finished: the moment the parent became ready to run.
// Reference: BullMQ Job.getDependencies (https://api.docs.bullmq.io/classes/v5.Job.html).
import type { UpstreamRef } from '@awad/core';
import type { Job } from 'bullmq';
import type { AwadBullmqOptions } from './adapter-options';
import { taskKeyOf, taskRunIdOf } from './job-event';
import { parseJobKey, type HashReader } from './job-identity';

export interface FlowChildren {
  readonly upstream: UpstreamRef[];
  /** When the last processed child finished (epoch ms), if any did. */
  readonly readyAt: number | undefined;
}

const NONE: FlowChildren = { upstream: [], readyAt: undefined };

export async function flowChildren(job: Job, prefix: string, client: HashReader, options: AwadBullmqOptions): Promise<FlowChildren> {
  const deps = await job.getDependencies();
  const keys = [...Object.keys(deps.processed ?? {}), ...(deps.unprocessed ?? []), ...(deps.failed ?? []), ...Object.keys(deps.ignored ?? {})];
  if (keys.length === 0) return NONE;
  const fields = await Promise.all(keys.map((key) => client.hmget(key, 'name', 'finishedOn')));
  let readyAt: number | undefined;
  const upstream = keys.map((key, i) => {
    const [name, finishedOn] = fields[i] as (string | null)[];
    const { queue, id } = parseJobKey(key, prefix);
    if (finishedOn) readyAt = Math.max(readyAt ?? 0, Number(finishedOn));
    const ref = { queue, id, name: name ?? queue };
    return { taskRunId: taskRunIdOf(ref), taskKey: taskKeyOf(ref, options.taskKey) };
  });
  return { upstream, readyAt };
}
