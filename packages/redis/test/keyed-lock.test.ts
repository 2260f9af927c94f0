// KeyedLock: FIFO per key, and acquirers of overlapping key sets never deadlock.
import { describe, expect, it } from 'vitest';
import { KeyedLock } from '../src/keyed-lock';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('KeyedLock', () => {
  it('runs holders of a key one at a time, in the order they asked', async () => {
    const lock = new KeyedLock();
    const order: string[] = [];
    const job = async (name: string, keys: string[]) => {
      const release = await lock.acquire(keys);
      order.push(`${name}+`);
      await tick();
      order.push(`${name}-`);
      release();
    };
    await Promise.all([job('a', ['run', 'series']), job('b', ['series', 'run']), job('c', ['other']), job('d', ['run'])]);
    // c shares nothing and runs at once; b waits for a (both keys), d for b.
    expect(order.indexOf('b+')).toBeGreaterThan(order.indexOf('a-'));
    expect(order.indexOf('d+')).toBeGreaterThan(order.indexOf('b-'));
    expect(order.indexOf('c+')).toBeLessThan(order.indexOf('a-'));
    expect(lock.size).toBe(0);
  });
});
