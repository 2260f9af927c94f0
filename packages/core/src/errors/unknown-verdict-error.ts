// UnknownVerdictError: feedback named a verdict the monitor does not hold (never issued, or
// already out of its recent-verdicts window).
import { AwadError } from './awad-error';
import { describeValue } from './validation-error';

/** Thrown by `monitor.feedback` when `verdictId` is not one of the monitor's recent verdicts. */
export class UnknownVerdictError extends AwadError {
  override readonly name = 'UnknownVerdictError' as const;
  readonly verdictId: string;

  constructor(module: string, verdictId: string) {
    super('UNKNOWN_VERDICT', `${module}: expected \`verdictId\` to name a recent verdict, got ${describeValue(verdictId)}`);
    this.verdictId = verdictId;
  }
}
