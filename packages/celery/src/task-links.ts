// keyOf and chordHeaderOf: the parts of a Celery workflow run's DAG that events do not state.
// Reference: Celery canvas (https://docs.celeryq.dev/en/stable/userguide/canvas.html): a chain's
// next task has the one before as parent_id; a chord's header tasks and body share the parent_id
// of the chord (the task before it in a chain); a group's tasks are all sent at once.
import type { UpstreamRef } from '@awad/core';
import type { CeleryTaskRecord } from './celery-event-mapper';

/** A task record by uuid, without touching its recency. */
export type Lookup = (uuid: string) => CeleryTaskRecord | undefined;

/** Ancestors walked to number repeated task names on one path. */
const MAX_ANCESTORS = 256;

/** `name`, or `name#n` when n-1 tasks of that name come before it on its path from the root. */
export function keyOf(name: string, rootId: string, parentId: string | undefined, lookup: Lookup): string {
  let same = 0;
  let id = parentId;
  for (let i = 0; id !== undefined && i < MAX_ANCESTORS; i++) {
    const ancestor = lookup(id);
    if (ancestor === undefined || ancestor.rootId !== rootId) break;
    if (ancestor.name === name) same += 1;
    id = ancestor.parentId;
  }
  return same === 0 ? name : `${name}#${same + 1}`;
}

/**
 * A chord body's header. Events do not name a chord's group, but its body is sent only once
 * its header tasks have run, while a group's tasks are all sent before any starts. So when a
 * task starts after its parent succeeded, and every earlier child of that parent with another
 * name had started before this task was sent and has succeeded, this task waited on them.
 * Decided at the start: the last header task sends the body before its own events, which a
 * worker buffers, reach the channel.
 */
export function chordHeaderOf(record: CeleryTaskRecord, lookup: Lookup): UpstreamRef[] | undefined {
  const parent = record.parentId === undefined ? undefined : lookup(record.parentId);
  if (parent === undefined || parent.state !== 'SUCCEEDED' || parent.rootId !== record.rootId) return undefined;
  const header: UpstreamRef[] = [];
  const keys = new Set<string>();
  for (const id of parent.children) {
    if (id === record.uuid) break;
    const sibling = lookup(id);
    if (sibling === undefined || sibling.key === record.key) continue;
    if (sibling.state !== 'SUCCEEDED' || sibling.startedAt === undefined || sibling.startedAt > record.firstSeenAt) return undefined;
    if (!keys.has(sibling.key)) {
      keys.add(sibling.key);
      header.push({ taskRunId: sibling.uuid, taskKey: sibling.key });
    }
  }
  return header.length > 0 ? header : undefined;
}
