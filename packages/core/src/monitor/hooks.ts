// Monitor hooks and emitted events.
// Reference: STYLE.md: hooks are interfaces of optional methods, each taking one readonly object.
import type { EventEmitter } from 'eventemitter3';
import type { AwadError } from '../errors/awad-error';
import { DetectorError } from '../errors/detector-error';
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

/**
 * Emits `verdict` (and `anomaly`) and calls the matching hooks. A hook that throws becomes a
 * DetectorError (HOOK_FAILED) passed to `report`, never an exception for the caller. Shared by
 * every monitor (the in-process one and stores' shared monitors), so all of them deliver alike.
 */
export function deliverVerdict(emitter: EventEmitter<MonitorEvents>, hooks: MonitorHooks | undefined, verdict: Verdict, report: (error: AwadError) => void): void {
  emitter.emit('verdict', verdict);
  callHook(hooks, 'onVerdict', verdict, report);
  if (verdict.isAnomaly) {
    emitter.emit('anomaly', verdict);
    callHook(hooks, 'onAnomaly', verdict, report);
  }
}

function callHook(hooks: MonitorHooks | undefined, name: 'onVerdict' | 'onAnomaly', verdict: Verdict, report: (error: AwadError) => void): void {
  const hook = hooks?.[name];
  if (!hook) return;
  try {
    hook.call(hooks, { verdict });
  } catch (error) {
    report(new DetectorError(name, error, verdict.eventId, 'HOOK_FAILED'));
  }
}
