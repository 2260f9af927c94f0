// Seeded weight initialisation in plain Float32Arrays (reproducible across backends, no tf seeds).
// Reference: Glorot & Bengio 2010 (uniform limit sqrt(6 / (fanIn + fanOut))).
import { createRandom, type Random } from '@awad/core';

export function glorotUniform(fanIn: number, fanOut: number, random: Random): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < out.length; i++) out[i] = (2 * random.next() - 1) * limit;
  return out;
}

export function normalArray(length: number, random: Random, std = 1): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = random.normal() * std;
  return out;
}

export { createRandom };
export type { Random };
