// DetectorError: a detector (or a user hook) threw while the monitor ran it.
import { AwadError } from './awad-error';

/**
 * Emitted on the monitor's `error` event (never thrown into the caller) when a detector,
 * calibrator, threshold or hook fails. The verdict is built from the stages that worked.
 */
export class DetectorError extends AwadError {
  override readonly name = 'DetectorError' as const;
  /** Name of the stage (detector) or hook that failed. */
  readonly stage: string;
  readonly eventId: string | undefined;

  constructor(stage: string, cause: unknown, eventId?: string, code: 'DETECTOR_FAILED' | 'HOOK_FAILED' = 'DETECTOR_FAILED') {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(code, `@awad/core/monitor: ${code === 'HOOK_FAILED' ? 'hook' : 'detector'} "${stage}" failed${eventId ? ` on event ${eventId}` : ''}: ${reason}`, { cause });
    this.stage = stage;
    this.eventId = eventId;
  }
}
