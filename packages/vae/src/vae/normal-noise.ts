// A fast seeded standard-normal generator for the Monte Carlo noise of the VAE: xorshift128 for
// uniforms (four 32-bit words, no multiplications) and the Box-Muller transform, two normals per
// pair of uniforms. The same seed gives the same noise in the tfjs model and the Float32 scorer.
// Reference: Marsaglia, "Xorshift RNGs", J. Stat. Software 8(14), 2003; Box & Muller 1958.

/** Fills `out` with standard normals drawn from `seed` (deterministic; any integer seed). */
export function fillNormal(out: Float32Array | Float64Array, seed: number): Float32Array | Float64Array {
  // SplitMix32-style scrambling of the seed into four non-zero state words.
  let z = (seed >>> 0) ^ 0x9e3779b9;
  const word = (): number => {
    z = (z + 0x6d2b79f5) >>> 0;
    let t = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    t = Math.imul(t ^ (t >>> 13), 0xc2b2ae35);
    return (t ^ (t >>> 16)) >>> 0 || 1;
  };
  let x = word();
  let y = word();
  let w = word();
  let v = word();
  const TWO_PI = 2 * Math.PI;
  const INV = 1 / 4294967296;
  for (let i = 0; i < out.length; i += 2) {
    let t = x ^ (x << 11);
    x = y;
    y = w;
    w = v;
    v = (v ^ (v >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    const u1 = (v + 0.5) * INV; // in (0, 1): log never sees 0
    t = x ^ (x << 11);
    x = y;
    y = w;
    w = v;
    v = (v ^ (v >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    const u2 = v * INV;
    const r = Math.sqrt(-2 * Math.log(u1));
    out[i] = r * Math.cos(TWO_PI * u2);
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(TWO_PI * u2);
  }
  return out;
}

/** A new Float32Array of `length` standard normals from `seed`. */
export function normalNoise(length: number, seed: number): Float32Array {
  return fillNormal(new Float32Array(length), seed) as Float32Array;
}
