// StaticThreshold: a fixed cut-off on the calibrated scale.
import { ConfigError } from '../errors/config-error';
import type { Threshold } from './calibrator';

/** Flags a calibrated score at or above `value`. */
export class StaticThreshold implements Threshold {
  readonly name = 'static';
  readonly isReady = true;
  readonly value: number;

  constructor(value = 0.5) {
    if (!Number.isFinite(value)) throw new ConfigError('@awad/core/static-threshold', 'value', 'a finite number', value);
    this.value = value;
  }

  update(): void {}

  classify(calibrated: number): boolean {
    return calibrated >= this.value;
  }

  clone(): StaticThreshold {
    return new StaticThreshold(this.value);
  }

  snapshot(): unknown {
    return null;
  }

  restore(): void {}
}
