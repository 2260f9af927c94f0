// Monitor hooks and emitted events.
// Reference: STYLE.md: hooks are interfaces of optional methods, each taking one readonly object.
import type { AwadError } from '../errors/awad-error';
import type { VerdictLabel } from '../feedback/label-store';
import type { Verdict } from '../verdict/verdict';

export interface VerdictHookState {
  readonly verdict: Verdict;
}

export interface ErrorHookState {
  readonly error: AwadError;
}

/**
 * Optional callbacks, called synchronously after each verdict. A hook that throws is reported
 * on `error` (code HOOK_FAILED) and never reaches the caller of `observe`.
 *
 * @example
 * createMonitor({ stages, hooks: { onAnomaly: ({ verdict }) => pager.send(verdict) } });
 */
export interface MonitorHooks {
  onVerdict?(state: VerdictHookState): void;
  onAnomaly?(state: VerdictHookState): void;
  onError?(state: ErrorHookState): void;
}

/** Events of the monitor's emitter (eventemitter3). */
export interface MonitorEvents {
  verdict: (verdict: Verdict) => void;
  anomaly: (verdict: Verdict) => void;
  error: (error: AwadError) => void;
  /** A label was given to a verdict through `monitor.feedback`. */
  feedback: (label: VerdictLabel) => void;
}
