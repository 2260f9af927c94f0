// `awad train --preset skab` and `awad score --detector acvae --preset skab`: the saved model, and
// the detector fit in place, carry the settings chosen on the SKAB dev split (ACVAE_PRESETS.skab);
// without --preset both use the paper's; a bad preset, or one given with --model, is refused.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '@awad/cli';
import { ACVAE_PRESETS } from '@awad/vae';
import { captureCliOutput } from './cli-output';

const output = captureCliOutput();

const dir = mkdtempSync(join(tmpdir(), 'awad-cli-acvae-'));
const csv = join(dir, 'series.csv');
const lines = ['datetime;cpu;mem;anomaly;changepoint'];
const t0 = Date.UTC(2020, 2, 9, 10, 0, 0);
for (let i = 0; i < 160; i++) {
  const when = new Date(t0 + i * 1000).toISOString().replace('T', ' ').slice(0, 19);
  const bad = i >= 120 && i < 130;
  lines.push(`${when};${10 + 3 * Math.sin(i / 4) + (bad ? 8 : 0)};${50 + 2 * Math.cos(i / 6)};${bad ? 1 : 0};0`);
}
writeFileSync(csv, `${lines.join('\n')}\n`);

describe('awad train --preset', () => {
  it('skab: the model file holds the dev-split settings, and it scores a file', async () => {
    const out = join(dir, 'acvae.json');
    expect(await runCli(['train', '--input', csv, '--format', 'skab', '--preset', 'skab', '--epochs', '1', '--hidden', '4', '--label-budget', '0', '--out', out])).toBe(0);
    const file = JSON.parse(readFileSync(out, 'utf8')) as { options: Record<string, unknown> };
    expect(file.options).toMatchObject({ ...ACVAE_PRESETS.skab, hidden: 4, epochs: 1 });
    const scores = join(dir, 'acvae.scores.csv');
    expect(await runCli(['score', '--input', csv, '--format', 'skab', '--model', out, '--out', scores])).toBe(0);
    expect(readFileSync(scores, 'utf8').trim().split('\n')).toHaveLength(161);
  });

  it('--ensemble 2: the model file holds two pairs, and it scores a file', async () => {
    const out = join(dir, 'acvae-ens.json');
    expect(await runCli(['train', '--input', csv, '--format', 'skab', '--preset', 'skab', '--epochs', '1', '--hidden', '4', '--label-budget', '0', '--ensemble', '2', '--out', out])).toBe(0);
    const file = JSON.parse(readFileSync(out, 'utf8')) as { options: Record<string, unknown>; model: { ensemble?: unknown[] } };
    expect(file.options.ensemble).toBe(2);
    expect(file.model.ensemble).toHaveLength(1);
    const scores = join(dir, 'acvae-ens.scores.csv');
    expect(await runCli(['score', '--input', csv, '--format', 'skab', '--model', out, '--out', scores])).toBe(0);
    expect(readFileSync(scores, 'utf8').trim().split('\n')).toHaveLength(161);
    expect(await runCli(['train', '--input', csv, '--format', 'skab', '--ensemble', '0', '--out', join(dir, 'y.json')])).not.toBe(0);
    expect(output.err).toMatch(/--ensemble/);
  });

  it('refuses an unknown preset', async () => {
    expect(await runCli(['train', '--input', csv, '--format', 'skab', '--preset', 'psychic', '--out', join(dir, 'x.json')])).not.toBe(0);
    expect(output.err).toMatch(/--preset/);
  });

  it('score --detector acvae fit in place: --preset skab applies the same settings as train, the default is the paper\'s', async () => {
    const run = async (extra: string[]): Promise<Record<string, unknown>> => {
      output.out = '';
      expect(await runCli(['score', '--input', csv, '--format', 'skab', '--detector', 'acvae', '--label-budget', '0', '--epochs', '1', '--out', join(dir, 'inplace.scores.csv'), '--json', ...extra])).toBe(0);
      return (JSON.parse(output.out) as { files: { options: Record<string, unknown> }[] }).files[0]?.options as Record<string, unknown>;
    };
    expect(await run(['--preset', 'skab'])).toMatchObject({ ...ACVAE_PRESETS.skab, epochs: 1 });
    expect(await run([])).toMatchObject({ scoring: 'window', levelRows: 0, hidden: 100, epochs: 1 });
    expect(await runCli(['score', '--input', csv, '--format', 'skab', '--model', join(dir, 'acvae.json'), '--preset', 'skab', '--out', join(dir, 'x.csv')])).not.toBe(0);
    expect(output.err).toMatch(/--preset/);
    expect(await runCli(['score', '--input', csv, '--format', 'skab', '--detector', 'ewma', '--preset', 'skab', '--out', join(dir, 'x.csv')])).not.toBe(0);
  });
});
