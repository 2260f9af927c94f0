// Feedback on a verdict: validate it, store the label, and for "this one is fine" on an anomalous
// event verdict make the series learn the point, so the baseline moves.
// Reference: ARCHITECTURE.md section 1 (feedback(verdictId, label) -> label store); METHODS.md 4.6.
import { DetectorError } from '../errors/detector-error';
import { UnknownVerdictError } from '../errors/unknown-verdict-error';
import { ValidationError, describeValue } from '../errors/validation-error';
import { seriesKey } from '../features/extract-features';
import type { Monitor } from '../monitor/monitor';
import type { FeedbackKind, VerdictLabel } from './label-store';

const MODULE = '@awad/core/feedback';

/** Input of `monitor.feedback`. */
export interface FeedbackInput {
  readonly verdictId: string;
  readonly label: FeedbackKind;
  readonly note?: string;
}

function invalid(path: string, expected: string, value: unknown): ValidationError {
  const received = describeValue(value);
  const code = value === undefined ? 'MISSING_FIELD' : 'INVALID_FIELD';
  return new ValidationError([{ code, path, expected, received, message: `${MODULE}: expected \`${path}\` to be ${expected}, got ${received}` }]);
}

/** Checks the shape of a feedback input. @throws ValidationError */
export function validateFeedback(input: unknown): FeedbackInput {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalid('', 'an object', input);
  const { verdictId, label, note } = input as Record<string, unknown>;
  if (typeof verdictId !== 'string' || verdictId.length === 0) throw invalid('verdictId', 'a non-empty string', verdictId);
  if (label !== 'anomaly' && label !== 'normal') throw invalid('label', '"anomaly" or "normal"', label);
  if (note !== undefined && (typeof note !== 'string' || note.length > 1000)) throw invalid('note', 'a string of at most 1000 characters', note);
  return note === undefined ? { verdictId, label } : { verdictId, label, note };
}

/**
 * Applies feedback to a monitor. A `normal` label on an anomalous event verdict makes the series
 * learn the verdict's features (once per verdict): protection had kept the point out of the
 * baseline, and the user says it belongs there.
 * @throws ValidationError on a malformed input, UnknownVerdictError on an id the monitor does not hold.
 */
export function applyFeedback(monitor: Monitor, input: unknown): VerdictLabel {
  const { verdictId, label, note } = validateFeedback(input);
  const verdict = monitor.getVerdict(verdictId);
  if (verdict === undefined) throw new UnknownVerdictError(MODULE, verdictId);
  const earlier = monitor.labelStore.get(verdictId);
  let learned = earlier?.learned ?? false;
  if (label === 'normal' && !learned && verdict.isAnomaly && verdict.origin === 'event' && Object.keys(verdict.features).length > 0) {
    const series = monitor.store.get(seriesKey(verdict.workflowKey, verdict.taskKey));
    if (series !== undefined) {
      const ctx = { time: verdict.time, utcOffsetMinutes: monitor.options.utcOffsetMinutes, workflowKey: verdict.workflowKey, taskKey: verdict.taskKey };
      const lastSeen = series.lastSeen;
      monitor.scorer.learn(series, verdict.features, ctx, (stage, error) => monitor.reportError(new DetectorError(stage, error, verdict.eventId)));
      series.lastSeen = Math.max(lastSeen, series.lastSeen); // an older point learned late does not move the series back in time
      learned = true;
    }
  }
  const stored: VerdictLabel = {
    verdictId,
    label,
    ...(note === undefined ? {} : { note }),
    eventId: verdict.eventId,
    workflowKey: verdict.workflowKey,
    taskKey: verdict.taskKey,
    time: verdict.time,
    wasAnomaly: verdict.isAnomaly,
    score: verdict.score,
    learned,
  };
  monitor.labelStore.set(stored);
  monitor.emit('feedback', stored);
  return stored;
}
