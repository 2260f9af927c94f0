// The SKAB preset's label-free column choice on real data: the drift screen (excludeDrifting: 1)
// reads only the reference rows of the 6 training files of the results' split and leaves out the
// two temperature sensors, the columns the preset once named by hand; every fit set of the dev
// protocols (leave one file out, three folds of two) gives the same.
import { describe, expect, it } from 'vitest';
import { readSeriesFile } from '@awad/cli';
import { ACVAE_PRESETS, driftingFeatures, inferFeatures } from '@awad/vae';
import { splitFiles } from '../bench/acvae-results';
import { DATASETS, dataset } from './datasets';

describe('excludeDrifting on SKAB valve1', () => {
  it('leaves out Temperature and Thermocouple, from the reference rows alone', () => {
    dataset('skab', 'valve1');
    const preset = ACVAE_PRESETS.skab;
    const files = splitFiles(DATASETS).train.map((p) => readSeriesFile(p, { format: 'skab' }));
    // The rows only: no label column reaches the screen.
    const series = files.map((f) => ({ rows: f.rows }));
    const features = inferFeatures(series, []);
    expect(features).toHaveLength(8);
    const screen = (s: typeof series) => driftingFeatures(s, features, preset.levelRows as number, preset.excludeDrifting as number);
    expect(screen(series)).toEqual(['Temperature', 'Thermocouple']);
    for (const out of [[0], [1], [2], [3], [4], [5], [4, 5], [0, 1], [2, 3]]) expect(screen(series.filter((_, i) => !out.includes(i)))).toEqual(['Temperature', 'Thermocouple']);
  });
});
