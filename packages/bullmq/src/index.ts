// @awad/bullmq: live anomaly verdicts for BullMQ jobs and flows, from the worker (in-process)
// or from QueueEvents (observer mode).

export { withAwad, awadVerdictFor, willRetry, currentAttempt, type JobVerdicts } from './with-awad';
export { watchWorker, stalledAttempt, type WorkerWatch } from './watch-worker';
export { observeQueueEvents, type QueueEventsObserver, type QueueEventsObserverOptions } from './observe-queue-events';
export { jobEvent, maxAttemptsOf, taskRunIdOf, workflowKeyOf, taskKeyOf, type JobTransition } from './job-event';
export { IdentityResolver, parseJobKey, type JobIdentity, type JobRef } from './job-identity';
export { AdapterError } from './adapter-error';
export type { AwadBullmqOptions, VerdictSink } from './adapter-options';
