// fromConfig: rebuilds any stats detector from its getConfig() output (e.g. a monitor snapshot).
// Reference: tfjs-layers' deserialize-by-class-name registry; Merlion's lazy model factory.
import { ConfigError, type Detector, type DetectorConfig } from '@awad/core';
import { CusumDetector, type CusumOptions } from './cusum-detector';
import { EwmaDetector, type EwmaOptions } from './ewma-detector';
import { HotellingT2Detector, type HotellingT2Options } from './hotelling-t2-detector';
import { IqrDetector, type IqrOptions } from './iqr-detector';
import { NxMedianDetector, type NxMedianOptions } from './n-x-median-detector';
import { RobustZDetector, type RobustZOptions } from './robust-z-detector';
import { SeasonalDetector, type SeasonalOptions } from './seasonal-detector';
import { ShesdDetector, type ShesdOptions } from './shesd-detector';
import { StaticRuleDetector, type StaticRuleOptions } from './static-rule-detector';

/** Detector types this package can rebuild. */
export const STATS_DETECTOR_TYPES = Object.freeze(['ewma', 'robust-z', 'seasonal', 'shesd', 'cusum', 'iqr', 'n-x-median', 'static', 'hotelling-t2'] as const);

/**
 * A fresh (untrained) detector with the hyperparameters of `config`; restore its learned
 * state with `restore(snapshot)`. @throws ConfigError for an unknown type or invalid options.
 *
 * @example
 * const copy = fromConfig(detector.getConfig());
 * copy.restore(detector.snapshot());
 */
export function fromConfig(config: DetectorConfig): Detector {
  const options = (config?.options ?? {}) as Record<string, unknown>;
  switch (config?.type) {
    case 'ewma':
      return new EwmaDetector(options as EwmaOptions);
    case 'robust-z':
      return new RobustZDetector(options as RobustZOptions);
    case 'seasonal':
      return new SeasonalDetector(options as SeasonalOptions);
    case 'shesd':
      return new ShesdDetector(options as ShesdOptions);
    case 'cusum':
      return new CusumDetector(options as CusumOptions);
    case 'iqr':
      return new IqrDetector(options as IqrOptions);
    case 'n-x-median':
      return new NxMedianDetector(options as NxMedianOptions);
    case 'static':
      return new StaticRuleDetector(options as unknown as StaticRuleOptions);
    case 'hotelling-t2':
      return new HotellingT2Detector(options as HotellingT2Options);
    default:
      throw new ConfigError('@awad/stats/from-config', 'type', `one of ${STATS_DETECTOR_TYPES.join(', ')}`, config?.type);
  }
}
