// The VAE stages of `awad score`: `vae` (raw score = negative MC log-probability, threshold = the
// model's 99.5% point of its held-out windows) and `vae-hybrid` (VAE + EWMA, surprise scale,
// alert at 2.30 = c_hash 0.995). Both fit after the training rows, or use a saved model.
// Reference: METHODS.md 5.5 and 5.6; @awad/vae.
import { StaticThreshold, type Calibrator, type Detector, type StageSpec } from '@awad/core';
import { HybridVaeDetector, surpriseOf, VaeDetector, type VaeModel } from '@awad/vae';

export const VAE_STAGE_NAMES = Object.freeze(['vae', 'vae-hybrid'] as const);

export function isVaeStageName(name: string): boolean {
  return (VAE_STAGE_NAMES as readonly string[]).includes(name);
}

/** Passes raw scores through (the VAE stage thresholds its raw score). */
class RawCalibrator implements Calibrator {
  readonly name = 'raw';
  readonly isReady = true;
  update(): void {}
  transform(score: number): number {
    return score;
  }
  clone(): RawCalibrator {
    return new RawCalibrator();
  }
  snapshot(): unknown {
    return null;
  }
  restore(): void {}
}

/** Fits only when told (after the training rows); keeps every training row. */
const CLI_VAE = { fitAfter: 0, refitEvery: 0, maxRows: 100_000 } as const;

export function vaeStage(name: string, model?: VaeModel): StageSpec {
  const vae = model ? { ...model.options, ...CLI_VAE } : CLI_VAE;
  if (name === 'vae') return { detector: new VaeDetector(vae), calibrator: new RawCalibrator(), threshold: new StaticThreshold(Number.MAX_VALUE) };
  const hybrid = new HybridVaeDetector({ vae });
  return { detector: hybrid, calibrator: new RawCalibrator(), threshold: new StaticThreshold(hybrid.alertSurprise) };
}

function vaeOf(detector: Detector | undefined): VaeDetector | undefined {
  if (detector instanceof VaeDetector) return detector;
  if (detector instanceof HybridVaeDetector) return detector.vae;
  return undefined;
}

/** Puts a saved model into a series' VAE detector (a stage's detector is cloned per series, without it). */
export function useModel(detector: Detector | undefined, model: VaeModel): void {
  vaeOf(detector)?.setModel(model);
}

/**
 * After the training rows: fits the VAE if no model was given, and returns the stage's cut-off on
 * its raw scale: the model's threshold (vae) or the surprise at 0.995 (vae-hybrid) by default;
 * with q:<q>x<m>, m times the q-quantile of the held-out windows' scores (vae) or m times the
 * surprise at q (vae-hybrid).
 */
export function finishVaeTraining(detector: Detector | undefined, rule: { kind: 'default' } | { kind: 'train-quantile'; q: number; multiplier: number }): number {
  const vae = vaeOf(detector);
  if (vae === undefined) return Number.NaN;
  const model = vae.fitted ?? vae.fitNow();
  if (detector instanceof HybridVaeDetector) return rule.kind === 'default' ? detector.alertSurprise : rule.multiplier * surpriseOf(rule.q);
  return rule.kind === 'default' ? model.threshold : rule.multiplier * model.reference.quantileThreshold(rule.q);
}
