// Novelty of a run's shape: 1 - max cosine similarity of its graph embedding to the embeddings of
// past normal runs of the same workflow, per progress bucket (share of tasks finished), FIFO-capped.
// Reference: seed 000 §3 item 3 (cosine similarity on the TGE vs a historical baseline); METHODS.md 4.3 (3).
import { ConfigError } from '@awad/core';

export interface NoveltyBankOptions {
  readonly buckets?: number;
  /** Embeddings kept per (workflow, bucket). */
  readonly capacity?: number;
}

export const DEFAULT_NOVELTY_OPTIONS = { buckets: 10, capacity: 200 } as const;

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

export class NoveltyBank {
  readonly buckets: number;
  readonly capacity: number;
  private readonly bank = new Map<string, Float32Array[]>();

  constructor(options: NoveltyBankOptions = {}) {
    this.buckets = options.buckets ?? DEFAULT_NOVELTY_OPTIONS.buckets;
    this.capacity = options.capacity ?? DEFAULT_NOVELTY_OPTIONS.capacity;
    if (!Number.isInteger(this.buckets) || this.buckets < 1) throw new ConfigError('@awad/graph/novelty', 'buckets', 'a positive integer', this.buckets);
    if (!Number.isInteger(this.capacity) || this.capacity < 1) throw new ConfigError('@awad/graph/novelty', 'capacity', 'a positive integer', this.capacity);
  }

  private key(workflow: string, progress: number): string {
    const b = Math.min(this.buckets - 1, Math.max(0, Math.floor(progress * this.buckets)));
    return `${workflow}\u001f${b}`;
  }

  /** Remembers the embedding of a normal run (or run snapshot at `progress` in [0, 1]). */
  add(workflow: string, embedding: Float32Array, progress = 1): void {
    const k = this.key(workflow, progress);
    let list = this.bank.get(k);
    if (!list) this.bank.set(k, (list = []));
    list.push(embedding);
    if (list.length > this.capacity) list.shift();
  }

  /** Embeddings kept for this workflow and progress. */
  size(workflow: string, progress = 1): number {
    return this.bank.get(this.key(workflow, progress))?.length ?? 0;
  }

  /** The kept embeddings as plain arrays, per internal key. */
  toState(): Record<string, number[][]> {
    return Object.fromEntries([...this.bank].map(([k, list]) => [k, list.map((e) => Array.from(e))]));
  }

  /** Replaces the bank with `toState()` output; false when it is not one (nothing changed then). */
  restoreState(state: unknown): boolean {
    if (state === null || typeof state !== 'object' || Array.isArray(state)) return false;
    const entries = Object.entries(state as Record<string, unknown>);
    const ok = entries.every(([, list]) => Array.isArray(list) && list.length <= this.capacity && list.every((e) => Array.isArray(e) && e.every((v) => typeof v === 'number')));
    if (!ok) return false;
    this.bank.clear();
    for (const [k, list] of entries) this.bank.set(k, (list as number[][]).map((e) => Float32Array.from(e)));
    return true;
  }

  /** 1 - max cosine similarity to the bank; NaN when the bank has nothing for this workflow and progress. */
  novelty(workflow: string, embedding: Float32Array, progress = 1): number {
    const list = this.bank.get(this.key(workflow, progress));
    if (!list || list.length === 0) return Number.NaN;
    let best = -1;
    for (const b of list) best = Math.max(best, cosine(embedding, b));
    return 1 - best;
  }
}
