import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBackend } from '@awad/tensor';
import { detectorChecks } from '@awad/testkit';
import { HybridVaeDetector, VaeDetector } from '../src/index';
import { skabLike, TINY } from './helpers';

beforeAll(async () => {
  await ensureBackend({ backend: 'wasm' });
});

const vaeFactory = (seed: number) => new VaeDetector({ ...TINY, seed, fitAfter: 150, refitEvery: 0, maxRows: 300 });
const hybridFactory = (seed: number) => new HybridVaeDetector({ vae: { ...TINY, seed, fitAfter: 150, refitEvery: 0, maxRows: 300 } });

describe('VaeDetector conformance (@awad/testkit)', () => {
  for (const check of detectorChecks(vaeFactory, { memoryPoints: 30_000 })) it(check.name, () => check.run());
});

describe('HybridVaeDetector conformance (@awad/testkit)', () => {
  for (const check of detectorChecks(hybridFactory, { memoryPoints: 30_000 })) it(check.name, () => check.run());
});

describe('VaeDetector behaviour', () => {
  it('abstains until fitted, then scores; refits on schedule', () => {
    const d = new VaeDetector({ ...TINY, fitAfter: 50, refitEvery: 40, maxRows: 120 });
    const rows = skabLike(200, 3);
    expect(d.scoreOne(rows[0]!)).toBeNaN();
    expect(d.isReady).toBe(false);
    rows.slice(0, 53).forEach((x) => d.learnOne(x));
    expect(d.fitted).toBeDefined();
    const first = d.fitted;
    expect(Number.isFinite(d.scoreOne(rows[53]!))).toBe(true);
    rows.slice(53, 93).forEach((x) => d.learnOne(x));
    expect(d.fitted).not.toBe(first);
    expect(Number.isFinite(d.threshold)).toBe(true);
  });

  it('scores an injected anomaly above every normal window of the same series', () => {
    const d = new VaeDetector({ ...TINY, window: 8, hidden: [16], latent: 3, epochs: 30, mcSamples: 16, fitAfter: 0 });
    const rows = skabLike(700, 5);
    for (const x of rows.slice(0, 500)) d.learnOne(x);
    d.fitNow();
    let maxNormal = Number.NEGATIVE_INFINITY;
    for (const x of rows.slice(500, 700)) {
      maxNormal = Math.max(maxNormal, d.scoreOne(x));
      d.learnOne(x);
    }
    // The valve closes: flow drops by 2 units (4 sd of its noise around its cycle), the rest as usual.
    const anomalous = { ...skabLike(701, 5)[700]!, flow: 30 };
    const s = d.scoreOne(anomalous);
    expect(s).toBeGreaterThan(maxNormal);
    expect(s).toBeGreaterThan(d.threshold);
    expect(d.explainOne(anomalous)?.feature).toBe('flow');
  });

  it('rejects bad options with a typed error naming the option', () => {
    expect(() => new VaeDetector({ window: 0 })).toThrow(/window/);
    expect(() => new VaeDetector({ hidden: [] })).toThrow(/hidden/);
    expect(() => new VaeDetector({ pca: 1.5 })).toThrow(/pca/);
    expect(() => new VaeDetector({ bogus: 1 } as never)).toThrow(/bogus/);
    expect(() => new VaeDetector({ features: ['a', 'a'] })).toThrow(/distinct/);
  });
});
