// `awad score --detector vae|vae-hybrid`: a saved model scores a file (no fit), and the errors.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '@awad/cli';
import { captureCliOutput } from './cli-output';
import { ensureBackend } from '@awad/tensor';
import { VaeModel } from '@awad/vae';

const output = captureCliOutput();

const dir = mkdtempSync(join(tmpdir(), 'awad-cli-vae-'));
const csv = join(dir, 'series.csv');
const modelPath = join(dir, 'vae.json');

beforeAll(async () => {
  await ensureBackend();
  const lines = ['when,cpu,mem,truth'];
  const values: number[] = [];
  for (let i = 0; i < 160; i++) {
    const cpu = i === 140 ? 60 : 10 + 3 * Math.sin(i / 4);
    const mem = 50 + 2 * Math.cos(i / 6);
    lines.push(`${i},${cpu},${mem},${i === 140 ? 1 : 0}`);
    if (i < 80) values.push(cpu, mem);
  }
  writeFileSync(csv, `${lines.join('\n')}\n`);
  const model = VaeModel.train(values, 80, ['cpu', 'mem'], { window: 4, hidden: [8], latent: 2, epochs: 15, mcSamples: 16, batchSize: 32 });
  await model.save(modelPath);
});

describe('awad score --detector vae', () => {
  it('scores with a saved model: the test rows get scores, the spike is flagged', async () => {
    const out = join(dir, 'vae.scores.csv');
    expect(await runCli(['score', '--input', csv, '--format', 'csv', '--time-col', 'when', '--label-col', 'truth', '--detector', 'vae,vae-hybrid', '--model', modelPath, '--train-rows', '80', '--out', out])).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => l.split(','));
    expect(rows[0]).toEqual(['time', 'split', 'score', 'is_anomaly', 'raw_vae', 'raw_vae-hybrid', 'reason']);
    const test = rows.slice(81);
    expect(test.every((r) => r[2] !== '')).toBe(true);
    const spike = test[140 - 80] as string[];
    expect(spike[3]).toBe('1');
    const rawVae = test.map((r) => Number(r[4]));
    expect(Math.max(...rawVae)).toBe(rawVae[140 - 80]);
  });

  it('needs --train-rows or --model, and --model needs a vae detector', async () => {
    expect(await runCli(['score', '--input', csv, '--format', 'csv', '--detector', 'vae', '--out', join(dir, 'x.csv')])).toBe(2);
    expect(output.err).toMatch(/needs --train-rows N .* or --model FILE/);
    expect(await runCli(['score', '--input', csv, '--format', 'csv', '--detector', 'ewma', '--model', modelPath, '--out', join(dir, 'y.csv')])).toBe(2);
    expect(output.err).toMatch(/--model: only the vae detectors/);
  });
});
