// The dense VAE's shape: input width D = W·k (window length × metrics or PCA components), hidden
// widths, latent size Z, and how the decoder's Gaussian standard deviation is set.
// Reference: METHODS.md 5.5 (encoder/decoder MLPs, log-std clip [-5, 2]); 2.3 and 2.7 (Dense(100,
// tanh), Z = 4 or 5, [003 §IV-D]). Defaults OUR CHOICE: one tanh layer of 100, Z = 5.
import { ConfigError } from '@awad/core';
import { ACTIVATIONS, type Activation } from '@awad/tensor';

const MODULE = '@awad/vae/architecture';

export interface VaeArchitecture {
  /** Input width D (flattened window). */
  readonly inputs: number;
  /** Hidden widths of the encoder; the decoder mirrors them. */
  readonly hidden: readonly number[];
  readonly latent: number;
  readonly activation: Activation;
  /** 'learned': one free log-std per output (clipped to [-5, 2]); a number: that fixed std. */
  readonly decoderStd: 'learned' | number;
}

/** Log-variance of q(z|x) is clipped to [-10, 4] (log-std [-5, 2], METHODS 2.3). */
export const LOGVAR_MIN = -10;
export const LOGVAR_MAX = 4;
/** Log-std of p(x|z) is clipped to [-5, 2]. */
export const LOGSTD_MIN = -5;
export const LOGSTD_MAX = 2;

export function checkArchitecture(a: VaeArchitecture): VaeArchitecture {
  const posInt = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 1;
  if (!posInt(a.inputs)) throw new ConfigError(MODULE, 'inputs', 'a positive integer', a.inputs);
  if (!Array.isArray(a.hidden) || a.hidden.length === 0 || !a.hidden.every(posInt)) throw new ConfigError(MODULE, 'hidden', 'a non-empty array of positive integers', a.hidden);
  if (!posInt(a.latent)) throw new ConfigError(MODULE, 'latent', 'a positive integer', a.latent);
  if (!(ACTIVATIONS as readonly string[]).includes(a.activation)) throw new ConfigError(MODULE, 'activation', `one of ${ACTIVATIONS.join(', ')}`, a.activation);
  if (a.decoderStd !== 'learned' && !(typeof a.decoderStd === 'number' && a.decoderStd > 0 && Number.isFinite(a.decoderStd))) {
    throw new ConfigError(MODULE, 'decoderStd', "'learned' or a positive finite number", a.decoderStd);
  }
  return a;
}

export const LOG_2PI = Math.log(2 * Math.PI);
