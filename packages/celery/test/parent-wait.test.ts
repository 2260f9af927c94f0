// ParentWait and the source's use of it: a task whose parent is not known yet waits for it.
import { createMonitor, type TaskStateChange } from '@awad/core';
import { describe, expect, it } from 'vitest';
import { createCeleryEventSource, ParentWait, type CeleryEvent } from '../src/index';

const t = 1_795_000_000;
const sent = (uuid: string, name: string, parent: string | null, root: string, at: number): CeleryEvent =>
  ({ type: 'task-sent', uuid, name, root_id: root, parent_id: parent, retries: 0, timestamp: t + at });
const message = (...events: CeleryEvent[]): string => JSON.stringify({ body: Buffer.from(JSON.stringify(events)).toString('base64'), 'content-type': 'application/json', properties: { body_encoding: 'base64' } });

describe('ParentWait', () => {
  it('holds a task\'s events until its parent is known, in their order', () => {
    const known = new Set<string>();
    const wait = new ParentWait((uuid) => known.has(uuid), 1000, 10);
    const child = sent('c', 'b', 'p', 'p', 1);
    expect(wait.push(child, 0)).toEqual([]);
    const started: CeleryEvent = { type: 'task-started', uuid: 'c', timestamp: t + 2 };
    expect(wait.push(started, 1)).toEqual([]);
    const parent = sent('p', 'a', null, 'p', 0);
    expect(wait.push(parent, 2)).toEqual([parent]);
    known.add('p');
    expect(wait.release('p')).toEqual([child, started]);
    expect(wait.size).toBe(0);
  });

  it('lets go after maxWaitMs, and the oldest when full', () => {
    const wait = new ParentWait(() => false, 1000, 2);
    wait.push(sent('c1', 'x', 'gone', 'r', 0), 0);
    wait.push(sent('c2', 'x', 'gone', 'r', 0), 500);
    expect(wait.expire(999)).toEqual([]);
    expect(wait.expire(1000).map((e) => e.uuid)).toEqual(['c1']);
    wait.push(sent('c3', 'x', 'gone2', 'r', 0), 600);
    expect(wait.push(sent('c4', 'x', 'gone2', 'r', 0), 700).map((e) => e.uuid)).toEqual(['c2']);
    expect(wait.drain().map((e) => e.uuid)).toEqual(['c3', 'c4']);
    expect(wait.release('gone2')).toEqual([]);
  });

  it('in the source: a chain\'s next task seen before the task before it still gets its edge and key', () => {
    const monitor = createMonitor();
    const seen: TaskStateChange[] = [];
    const source = createCeleryEventSource({ monitor, onVerdict: ({ event }) => seen.push(event), onError: ({ error }) => { throw error; } });
    source.ingest(message(sent('b2', 'bump', 'b1', 'b1', 0.02)));
    expect(source.stats().waiting).toBe(1);
    expect(seen).toEqual([]);
    source.ingest(message(sent('b1', 'bump', null, 'b1', 0.01)));
    expect(seen.map((e) => `${e.task.key}:${e.upstream?.[0]?.taskKey ?? '-'}`)).toEqual(['bump:-', 'bump#2:bump']);
    expect(monitor.tracker.getRun('b1')?.graph.edges()).toEqual([['bump', 'bump#2']]);
    // An orphan (its parent never seen) goes through on flush, without an edge.
    source.ingest(message(sent('o', 'late', 'never', 'never', 1)));
    source.flush();
    expect(seen.at(-1)).toMatchObject({ task: { key: 'late' }, workflow: { runId: 'never' } });
    expect(seen.at(-1)?.upstream).toBeUndefined();
  });
});
