// KeyedLock: in-process mutual exclusion by key, FIFO per key. Observes of one process that
// touch the same workflow run or series wait for each other instead of colliding in Redis:
// optimistic retries are then left to collisions between processes.
// All keys of one acquirer are queued at once (synchronously), so two acquirers are ordered
// the same way on every key they share and cannot deadlock.

export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  /** Resolves when every key is free, with the function that frees them. */
  async acquire(keys: readonly string[]): Promise<() => void> {
    let release!: () => void;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const waits: Promise<void>[] = [];
    for (const key of keys) {
      const tail = this.tails.get(key);
      if (tail !== undefined && !waits.includes(tail)) waits.push(tail);
      this.tails.set(key, done);
    }
    if (waits.length > 0) await Promise.all(waits);
    return () => {
      for (const key of keys) if (this.tails.get(key) === done) this.tails.delete(key);
      release();
    };
  }

  /** Keys held or waited for. */
  get size(): number {
    return this.tails.size;
  }
}
