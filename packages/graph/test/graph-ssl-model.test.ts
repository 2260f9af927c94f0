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

describe('SslResidualScorer', () => {
  it('z-scores residuals per template and ranks an injected slow task first', async () => {
    const { SslResidualScorer } = await import('../src/index');
    const runs = diamondRuns(24, 2, { run: 23, task: 2, factor: 8 });
    const scorer = SslResidualScorer.train(runs.slice(0, 20), { epochs: 2, batchSize: 10, hidden: [16, 16], seed: 2 });
    const residuals = scorer.model.residuals(runs.slice(20));
    expect(residuals[0]).toHaveLength(4 * 10);
    expect(Number.isNaN(residuals[0]?.[8] as number)).toBe(true); // cpu_time unknown in the fixture
    const scores = scorer.scoreRuns(runs.slice(20));
    const last = scores[3] as Float32Array;
    expect(Array.from(last).indexOf(Math.max(...last))).toBe(2);
    const latentOnly = scorer.withOptions(runs.slice(0, 20), { columns: 'latent', combine: 'max' }).scoreRuns(runs.slice(20));
    expect(latentOnly.flatMap((s) => [...s]).every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    scorer.dispose();
  });
});
