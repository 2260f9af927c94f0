// Which simulated workflows train the threshold policy, which choose its settings, and which are
// held out for results. Two families: the default regime (seeds 1-5 held out, 100-123 train,
// validation 124-129) and the
// heterogeneous regimes of `heterogeneousRegime` (held out 201-210, train 300-347, validation
// 400-409). The held-out seeds and regimes were fixed before any result on them was looked at.
export const TRAINING_WORKFLOW_SEEDS: readonly number[] = Object.freeze(Array.from({ length: 24 }, (_, i) => 100 + i));
export const VALIDATION_WORKFLOW_SEEDS: readonly number[] = Object.freeze(Array.from({ length: 6 }, (_, i) => 124 + i));
export const HELD_OUT_WORKFLOW_SEEDS: readonly number[] = Object.freeze([1, 2, 3, 4, 5]);
export const HETEROGENEOUS_TRAINING_WORKFLOW_SEEDS: readonly number[] = Object.freeze(Array.from({ length: 48 }, (_, i) => 300 + i));
export const HETEROGENEOUS_VALIDATION_WORKFLOW_SEEDS: readonly number[] = Object.freeze(Array.from({ length: 10 }, (_, i) => 400 + i));
export const HETEROGENEOUS_HELD_OUT_WORKFLOW_SEEDS: readonly number[] = Object.freeze(Array.from({ length: 10 }, (_, i) => 201 + i));
