// RecentVerdicts: a fixed-size ring of the latest verdicts, indexed by their sequence number
// (verdict ids end in it), so a lookup by id is an index, with no map to update per event.

import type { Verdict } from './verdict';

export class RecentVerdicts {
  private readonly ring: (Verdict | undefined)[];
  private readonly sequences: Float64Array;
  private latest = -1;

  constructor(readonly capacity: number) {
    this.ring = new Array<Verdict | undefined>(Math.max(0, capacity)).fill(undefined);
    this.sequences = new Float64Array(Math.max(0, capacity)).fill(-1);
  }

  /** Keeps `verdict`, whose id ends in `sequence` (sequences only grow). */
  push(verdict: Verdict, sequence: number): void {
    if (this.capacity === 0) return;
    const at = sequence % this.capacity;
    this.ring[at] = verdict;
    this.sequences[at] = sequence;
    if (sequence > this.latest) this.latest = sequence;
  }

  /** The verdict with this id, when it is still kept. */
  get(id: string): Verdict | undefined {
    const match = /(\d+)$/.exec(id);
    if (match === null || this.capacity === 0) return undefined;
    const sequence = Number(match[1]);
    const at = sequence % this.capacity;
    const v = this.ring[at];
    return this.sequences[at] === sequence && v?.id === id ? v : undefined;
  }

  /** The latest event verdict for an event id (a linear scan: only used for duplicates). */
  findByEventId(eventId: string): Verdict | undefined {
    return this.toArray().reverse().find((v) => v.eventId === eventId && v.origin === 'event' && v.duplicate !== true);
  }

  /** Oldest first. */
  toArray(): Verdict[] {
    const out: Verdict[] = [];
    for (let s = Math.max(0, this.latest - this.capacity + 1); s <= this.latest; s++) {
      const at = s % this.capacity;
      const v = this.ring[at];
      if (v !== undefined && this.sequences[at] === s) out.push(v);
    }
    return out;
  }
}
