// Which simulated workflows train the threshold policy and which are held out for results.
// Held-out seeds 1-5 are the results' seeds; training uses seeds 100-123 (never 1-99).
export const TRAINING_WORKFLOW_SEEDS: readonly number[] = Object.freeze(Array.from({ length: 24 }, (_, i) => 100 + i));
export const HELD_OUT_WORKFLOW_SEEDS: readonly number[] = Object.freeze([1, 2, 3, 4, 5]);
