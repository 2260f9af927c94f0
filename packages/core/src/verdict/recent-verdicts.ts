// RecentVerdicts: a fixed-size ring of the latest verdicts, with lookup by verdict id.

import type { Verdict } from './verdict';

export class RecentVerdicts {
  private readonly ring: (Verdict | undefined)[];
  private readonly byId = new Map<string, Verdict>();
  private next = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array<Verdict | undefined>(Math.max(0, capacity)).fill(undefined);
  }

  push(verdict: Verdict): void {
    if (this.capacity === 0) return;
    const dropped = this.ring[this.next];
    if (dropped !== undefined) this.byId.delete(dropped.id);
    this.ring[this.next] = verdict;
    this.byId.set(verdict.id, verdict);
    this.next = (this.next + 1) % this.capacity;
  }

  get(id: string): Verdict | undefined {
    return this.byId.get(id);
  }

  /** The latest event verdict for an event id (a linear scan: only used for duplicates). */
  findByEventId(eventId: string): Verdict | undefined {
    for (let k = 1; k <= this.capacity; k++) {
      const v = this.ring[(this.next - k + this.capacity) % this.capacity];
      if (v === undefined) break;
      if (v.eventId === eventId && v.origin === 'event' && v.duplicate !== true) return v;
    }
    return undefined;
  }

  /** Oldest first. */
  toArray(): Verdict[] {
    const out: Verdict[] = [];
    for (let k = 0; k < this.capacity; k++) {
      const v = this.ring[(this.next + k) % this.capacity];
      if (v !== undefined) out.push(v);
    }
    return out;
  }
}
