// CliError: a usage or input problem the `awad` command reports in one line and exits on.
import { AwadError } from '@awad/core';

/** Exit codes: 1 = the work failed, 2 = bad usage or bad input. */
export class CliError extends AwadError {
  override readonly name = 'CliError' as const;
  readonly exitCode: number;

  constructor(message: string, exitCode = 2) {
    super('INVALID_INPUT', message);
    this.exitCode = exitCode;
  }
}
