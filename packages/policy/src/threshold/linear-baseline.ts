// The linear feature baseline of MAML-RL: least squares of returns on (s, s^2, t/H, (t/H)^2,
// (t/H)^3, 1), refit per task on its own episodes.
// Reference: Duan et al. 2016 (rllab LinearFeatureBaseline); METHODS.md 4.5.

/** Fits the baseline on rows of states with their returns and returns its predictions. */
export function linearBaseline(states: Float32Array, returns: Float32Array, stateSize: number, horizon: number, ridge = 1e-5): Float32Array {
  const n = returns.length;
  const d = 2 * stateSize + 4;
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const t = (i % horizon) / horizon;
    const o = i * d;
    for (let k = 0; k < stateSize; k++) {
      const v = states[i * stateSize + k] as number;
      x[o + k] = v;
      x[o + stateSize + k] = v * v;
    }
    x[o + 2 * stateSize] = t;
    x[o + 2 * stateSize + 1] = t * t;
    x[o + 2 * stateSize + 2] = t * t * t;
    x[o + 2 * stateSize + 3] = 1;
  }
  const a = new Float64Array(d * (d + 1));
  for (let i = 0; i < n; i++) {
    const o = i * d;
    const g = returns[i] as number;
    for (let p = 0; p < d; p++) {
      const xp = x[o + p] as number;
      if (xp === 0) continue;
      for (let q = 0; q < d; q++) a[p * (d + 1) + q] = (a[p * (d + 1) + q] as number) + xp * (x[o + q] as number);
      a[p * (d + 1) + d] = (a[p * (d + 1) + d] as number) + xp * g;
    }
  }
  let w: Float64Array | undefined;
  for (let reg = ridge; reg < 10 && w === undefined; reg *= 10) w = solve(a, d, reg);
  const out = new Float32Array(n);
  if (w === undefined) return out;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = 0; p < d; p++) s += (x[i * d + p] as number) * (w[p] as number);
    out[i] = s;
  }
  return out;
}

/** Solves (A + reg I) w = b by Gaussian elimination with partial pivoting; undefined if singular. */
function solve(augmented: Float64Array, d: number, reg: number): Float64Array | undefined {
  const m = Float64Array.from(augmented);
  for (let p = 0; p < d; p++) m[p * (d + 1) + p] = (m[p * (d + 1) + p] as number) + reg;
  for (let c = 0; c < d; c++) {
    let piv = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(m[r * (d + 1) + c] as number) > Math.abs(m[piv * (d + 1) + c] as number)) piv = r;
    if (Math.abs(m[piv * (d + 1) + c] as number) < 1e-12) return undefined;
    if (piv !== c) for (let k = 0; k <= d; k++) [m[c * (d + 1) + k], m[piv * (d + 1) + k]] = [m[piv * (d + 1) + k] as number, m[c * (d + 1) + k] as number];
    for (let r = 0; r < d; r++) {
      if (r === c) continue;
      const f = (m[r * (d + 1) + c] as number) / (m[c * (d + 1) + c] as number);
      if (f === 0) continue;
      for (let k = c; k <= d; k++) m[r * (d + 1) + k] = (m[r * (d + 1) + k] as number) - f * (m[c * (d + 1) + k] as number);
    }
  }
  const w = new Float64Array(d);
  for (let c = 0; c < d; c++) w[c] = (m[c * (d + 1) + d] as number) / (m[c * (d + 1) + c] as number);
  return w.every(Number.isFinite) ? w : undefined;
}
