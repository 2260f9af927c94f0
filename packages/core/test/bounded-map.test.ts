import { describe, expect, it } from 'vitest';
import { BoundedMap } from '../src/index';

describe('BoundedMap', () => {
  it('keeps the entries of its last N writes: the oldest write is dropped first', () => {
    const m = new BoundedMap<string, number>(3);
    for (const [k, v] of [['a', 1], ['b', 2], ['c', 3]] as const) m.set(k, v);
    expect([m.get('a'), m.get('b'), m.get('c'), m.size]).toEqual([1, 2, 3, 3]);
    m.set('d', 4);
    expect(m.has('a')).toBe(false);
    expect([m.get('b'), m.get('d'), m.size]).toEqual([2, 4, 3]);
  });

  it('a key set again is the newest: its old write evicts nothing; deleted keys free their place', () => {
    const m = new BoundedMap<number, string>(3);
    m.set(1, 'x');
    m.set(2, 'y');
    m.set(1, 'x2'); // 1's first write is now stale
    m.set(3, 'z'); // the ring wraps onto 1's stale write: nothing is dropped
    expect([m.get(1), m.get(2), m.get(3), m.size]).toEqual(['x2', 'y', 'z', 3]);
    m.set(4, 'w'); // onto 2's write: 2 goes
    expect([m.has(2), m.get(1), m.size]).toEqual([false, 'x2', 3]);
    expect(m.delete(1)).toBe(true);
    expect(m.delete(1)).toBe(false);
    expect(m.size).toBe(2);
    m.clear();
    expect(m.size).toBe(0);
    m.set(5, 'v');
    expect(m.get(5)).toBe('v');
    const none = new BoundedMap<string, number>(0);
    none.set('a', 1);
    expect(none.size).toBe(0);
  });

  it('never holds more than its capacity, whatever the writes', () => {
    const m = new BoundedMap<number, number>(50);
    for (let i = 0; i < 10_000; i++) {
      m.set(i % 137, i);
      if (i % 7 === 0) m.delete((i * 31) % 137);
      expect(m.size).toBeLessThanOrEqual(50);
    }
    // The last 50 writes' keys that were not deleted after their write are all there.
    expect(m.get(9999 % 137)).toBe(9999);
  });
});
