// Named ACVAE settings: 'seed' (the paper's defaults, DEFAULT_ACVAE_OPTIONS) and 'skab' (chosen on
// the SKAB valve1 dev split of the training files, never on the scored files; what each setting
// does and why: packages/vae/README.md "Choices made on the SKAB dev split").
// Reference: METHODS.md section 2.7 (seed hyperparameters); the 'skab' values are OUR CHOICE.
import type { AcvaeOptions } from './acvae-options';

export type AcvaePresetName = 'seed' | 'skab';
export const ACVAE_PRESET_NAMES: readonly AcvaePresetName[] = ['seed', 'skab'];

export const ACVAE_PRESETS: Readonly<Record<AcvaePresetName, Readonly<AcvaeOptions>>> = Object.freeze({
  seed: Object.freeze({}),
  skab: Object.freeze({
    hidden: 32,
    epochs: 8,
    anoEpochs: 20,
    trainStride: 1,
    fullTraining: 'normal',
    levelRows: 400,
    levelNormal: true,
    excludeDrifting: 1,
    scoring: 'filter',
    centerScores: false,
    smoothing: 30,
    thresholdCut: 'normal-quantile',
    normalQuantile: 0.995,
    calibrationRows: 200,
    queryKnownNormals: true,
  }),
});
