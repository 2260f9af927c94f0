// In-place rescaling of a batch of values (advantages, rewards) by its mean and spread, shared by the
// PPO learner and the meta-threshold learner.

/** Mean and standard deviation (population, plus 1e-8 so it is never 0) of the values. */
export function meanAndSpread(a: Float32Array): { mean: number; std: number } {
  let mean = 0;
  for (const v of a) mean += v;
  mean /= Math.max(1, a.length);
  let sq = 0;
  for (const v of a) sq += (v - mean) ** 2;
  return { mean, std: Math.sqrt(sq / Math.max(1, a.length)) + 1e-8 };
}

/** (a - mean) / std, in place. */
export function normalise(a: Float32Array): Float32Array {
  const { mean, std } = meanAndSpread(a);
  for (let i = 0; i < a.length; i++) a[i] = ((a[i] as number) - mean) / std;
  return a;
}

/** a / std, in place: unit spread, zero kept where it is (so one step size serves any scale). */
export function scaleToUnitSpread(a: Float32Array): Float32Array {
  const { std } = meanAndSpread(a);
  for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) / std;
  return a;
}
