// ConfigError: an option given to a constructor or factory is out of its domain.
import { AwadError } from './awad-error';
import { describeValue } from './validation-error';

/**
 * Thrown when an option is invalid, e.g.
 * "@awad/stats/ewma: expected `alpha` to be a number in (0, 1], got 0".
 */
export class ConfigError extends AwadError {
  override readonly name = 'ConfigError' as const;
  readonly option: string;

  constructor(module: string, option: string, expected: string, received: unknown) {
    super('INVALID_OPTION', `${module}: expected \`${option}\` to be ${expected}, got ${describeValue(received)}`);
    this.option = option;
  }
}
