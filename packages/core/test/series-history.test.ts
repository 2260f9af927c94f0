import { describe, expect, it } from 'vitest';
import { SeriesHistory, blockChronological, blockCount, blockSorted, createRandom, pushBlock, blockLength } from '../src/index';

describe('window blocks', () => {
  it('keep the last `size` values in arrival order and sorted, like a brute-force window', () => {
    const size = 7;
    const s = new Float32Array(blockLength(size));
    const rng = createRandom(3);
    const all: number[] = [];
    for (let i = 0; i < 200; i++) {
      const v = Math.fround(rng.chance(0.2) ? 5 : rng.normal()); // ties included
      all.push(v);
      pushBlock(s, 0, size, v);
      const window = all.slice(-size);
      expect(blockCount(s, 0)).toBe(window.length);
      expect(Array.from({ length: window.length }, (_, k) => blockChronological(s, 0, size, k))).toEqual(window);
      expect(Array.from(s.subarray(blockSorted(0, size), blockSorted(0, size) + window.length))).toEqual([...window].sort((a, b) => a - b));
    }
  });
});

describe('SeriesHistory', () => {
  it('keeps one block per feature per window size, and round-trips through a snapshot', () => {
    const h = new SeriesHistory();
    for (let i = 0; i < 40; i++) {
      h.push(32, 'durationMs', 1000 + i);
      h.push(32, 'queueWaitMs', i);
      if (i % 2 === 0) h.push(20, 'durationMs', 2000 + i);
    }
    expect(h.slabs.map((s) => [s.size, s.features])).toEqual([[32, ['durationMs', 'queueWaitMs']], [20, ['durationMs']]]);
    expect(h.slab(32)?.values('durationMs')).toEqual(Array.from({ length: 32 }, (_, k) => 1008 + k));
    const copy = new SeriesHistory();
    copy.restore(JSON.parse(JSON.stringify(h.snapshot())));
    expect(copy.snapshot()).toEqual(h.snapshot());
    expect(copy.slab(20)?.values('durationMs')).toEqual(h.slab(20)?.values('durationMs'));
  });

  it('series that see the same features share one names array', () => {
    const a = new SeriesHistory();
    const b = new SeriesHistory();
    for (const h of [a, b]) {
      h.push(32, 'durationMs', 1);
      h.push(32, 'metrics.rows', 2);
    }
    expect(a.slab(32)?.features).toBe(b.slab(32)?.features);
  });

  it('refuses a malformed snapshot', () => {
    expect(() => new SeriesHistory().restore({ nope: 1 } as never)).toThrow(expect.objectContaining({ code: 'INVALID_SNAPSHOT' }));
  });
});
