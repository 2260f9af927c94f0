// ParentWait: holds back the events of a task whose parent the mapper has not seen yet, until
// the parent's first event arrives or `maxWaitMs` passes. Events reach the channel from several
// publishers: a worker sends a chain's next task-sent at once, while the client's task-sent for
// the task before it can come later (and the worker's own events for it come later still: a
// worker buffers its task events). Mapping the child first would lose its edge and its key.
// Reference: Celery events over Redis (kombu fanout PUBLISH per connection, no global order);
// celery/worker/consumer/events.py (the worker's `task` event group is buffered).
import type { CeleryEvent } from './celery-event';

interface Parked {
  readonly parentId: string;
  readonly since: number;
  readonly events: CeleryEvent[];
}

export class ParentWait {
  /** Child task uuid -> its held events. Insertion order = oldest first. */
  private readonly parked = new Map<string, Parked>();
  /** Parent uuid -> child uuids waiting for it. */
  private readonly waiting = new Map<string, string[]>();

  /**
   * @param knows whether the mapper has a record of a task
   * @param maxWaitMs how long a task's events are held at most
   * @param maxParked most tasks held at once; the oldest is let go first
   */
  constructor(
    private readonly knows: (uuid: string) => boolean,
    readonly maxWaitMs: number,
    readonly maxParked: number,
  ) {}

  get size(): number {
    return this.parked.size;
  }

  /** The events ready to map now (the given one, older ones let go, or none while it waits). */
  push(event: CeleryEvent, now: number): CeleryEvent[] {
    const uuid = event.uuid;
    if (typeof uuid !== 'string') return [event];
    const held = this.parked.get(uuid);
    if (held !== undefined) {
      held.events.push(event); // keep the task's own order
      return [];
    }
    const parentId = event.parent_id;
    const creates = event.type === 'task-sent' || event.type === 'task-received';
    if (!creates || typeof parentId !== 'string' || parentId === '' || parentId === uuid || this.knows(parentId) || this.knows(uuid)) return [event];
    const out = this.parked.size >= this.maxParked ? this.letGo(this.parked.keys().next().value as string) : [];
    this.parked.set(uuid, { parentId, since: now, events: [event] });
    const children = this.waiting.get(parentId);
    if (children) children.push(uuid);
    else this.waiting.set(parentId, [uuid]);
    return out;
  }

  /** After `uuid` became known: the events of the tasks that waited for it. */
  release(uuid: string): CeleryEvent[] {
    const children = this.waiting.get(uuid);
    if (children === undefined) return [];
    this.waiting.delete(uuid);
    const out: CeleryEvent[] = [];
    for (const child of children) {
      const held = this.parked.get(child);
      if (held === undefined) continue;
      this.parked.delete(child);
      for (const event of held.events) out.push(event);
    }
    return out;
  }

  /** The events of tasks that waited `maxWaitMs` or longer: their parent is not coming. */
  expire(now: number): CeleryEvent[] {
    const out: CeleryEvent[] = [];
    for (const [uuid, held] of this.parked) {
      if (now - held.since < this.maxWaitMs) break; // oldest first
      for (const event of this.letGo(uuid)) out.push(event);
    }
    return out;
  }

  /** Every held event, oldest task first (on stop). */
  drain(): CeleryEvent[] {
    const out: CeleryEvent[] = [];
    for (const uuid of [...this.parked.keys()]) for (const event of this.letGo(uuid)) out.push(event);
    return out;
  }

  private letGo(uuid: string): CeleryEvent[] {
    const held = this.parked.get(uuid);
    if (held === undefined) return [];
    this.parked.delete(uuid);
    const siblings = this.waiting.get(held.parentId);
    if (siblings) {
      const rest = siblings.filter((id) => id !== uuid);
      if (rest.length > 0) this.waiting.set(held.parentId, rest);
      else this.waiting.delete(held.parentId);
    }
    return held.events;
  }
}
