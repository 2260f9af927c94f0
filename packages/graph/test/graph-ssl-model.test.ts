import { describe, expect, it, beforeAll } from 'vitest';
import { ensureBackend, tensorLeak } from '@awad/tensor';
import { Float32GraphSsl, GraphSslModel, adjacency, runFeatures } from '../src/index';
import { diamondRuns } from './fixtures';

beforeAll(async () => {
  await ensureBackend();
});

describe('GraphSslModel', () => {
  it('trains without leaking tensors, lowers its loss and the Float32 path matches tfjs', async () => {
    const runs = diamondRuns(24);
    const m = GraphSslModel.train(runs.slice(0, 8), { epochs: 1, batchSize: 8, seed: 3, score: 'sum' });
    const losses: number[] = [];
    const leak = await tensorLeak(() => {
      losses.push(m.fit(runs, 1), m.fit(runs, 1));
      m.scoreRuns(runs.slice(0, 2));
      m.embedRuns(runs.slice(0, 2));
    });
    expect(leak).toBe(0);
    expect(losses.every(Number.isFinite)).toBe(true);
    const fast = new Float32GraphSsl(m.export());
    const scores = m.scoreRuns(runs.slice(0, 3));
    runs.slice(0, 3).forEach((run, g) => {
      const x = runFeatures(run, m.scaler);
      const { parents, children } = adjacency(run);
      run.tasks.forEach((_, v) => expect(fast.scoreNode(x, parents, children, v)).toBeCloseTo(scores[g]?.[v] as number, 4));
    });
    m.dispose();
  });

  it('trains the GAT and Gumbel variants', () => {
    const runs = diamondRuns(8);
    for (const options of [{ encoder: 'gat' as const }, { latent: 'gumbel' as const }]) {
      const model = GraphSslModel.train(runs, { ...options, epochs: 1, batchSize: 4, hidden: [16, 16] });
      const scores = model.scoreRuns(runs);
      expect(scores.flatMap((s) => [...s]).every(Number.isFinite)).toBe(true);
      expect(model.embedRuns(runs.slice(0, 1))[0]).toHaveLength(32);
      model.dispose();
    }
  });

  it('rejects bad options with a ConfigError', () => {
    expect(() => new GraphSslModel({ mean: [], std: [] }, { eta: 2 })).toThrow(/eta/);
  });
});
