// @awad/temporal: every Temporal activity attempt reported to an AWAD monitor by an activity
// interceptor, with the verdict readable inside the activity.

export { awadActivityInterceptors, AwadActivityInterceptor, type AwadActivityInterceptorOptions, type ActivityVerdictState, type EventObserver } from './activity-interceptor';
export { awadVerdict, awadAttempt, type AwadAttempt } from './awad-verdict';
export { attemptOutcome, backoffMs, DEFAULT_RETRY_POLICY, type AttemptOutcome, type AttemptInfo, type CancellationInfo } from './attempt-outcome';
export { activityEvent, activityKeys, type ActivityKeys, type ActivityEventInput } from './activity-event';
