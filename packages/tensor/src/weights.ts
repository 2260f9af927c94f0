// Named weights: read from and written to tfjs variables, encoded as JSON (base64 float32) for
// model files, and handed to the tfjs-free Float32Array scorers.
import { readFile, writeFile } from 'node:fs/promises';
import { SnapshotError } from '@awad/core';
import { tf } from './tf';

const MODULE = '@awad/tensor/weights';

export interface WeightTensor {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** Weights by name (e.g. "encoder/0/kernel"), in insertion order. */
export type NamedWeights = Readonly<Record<string, WeightTensor>>;

/** JSON form of named weights: float32 little-endian bytes in base64. */
export interface WeightsJson {
  readonly kind: 'awad-weights';
  readonly version: 1;
  readonly tensors: Readonly<Record<string, { readonly shape: readonly number[]; readonly data: string }>>;
}

/** Copies the current values of named variables out of tfjs. */
export function readVariables(named: readonly (readonly [string, tf.Variable])[]): NamedWeights {
  const out: Record<string, WeightTensor> = {};
  for (const [name, variable] of named) out[name] = { shape: [...variable.shape], values: Float32Array.from(variable.dataSync()) };
  return out;
}

/** Assigns saved values to named variables; every name and shape must match, or nothing is assigned. */
export function writeVariables(named: readonly (readonly [string, tf.Variable])[], weights: NamedWeights): void {
  for (const [name, variable] of named) {
    const saved = weights[name];
    if (saved === undefined) throw new SnapshotError(MODULE, `a weight named ${JSON.stringify(name)}`, `weights named ${Object.keys(weights).slice(0, 8).join(', ')}`);
    if (saved.shape.length !== variable.shape.length || saved.shape.some((d, i) => d !== variable.shape[i])) {
      throw new SnapshotError(MODULE, `${name} of shape [${variable.shape.join(', ')}]`, `shape [${saved.shape.join(', ')}]`);
    }
  }
  for (const [name, variable] of named) {
    const saved = weights[name] as WeightTensor;
    tf.tidy(() => variable.assign(tf.tensor(saved.values, [...saved.shape])));
  }
}

export function encodeWeights(weights: NamedWeights): WeightsJson {
  const tensors: Record<string, { shape: readonly number[]; data: string }> = {};
  for (const [name, w] of Object.entries(weights)) {
    tensors[name] = { shape: [...w.shape], data: Buffer.from(w.values.buffer, w.values.byteOffset, w.values.byteLength).toString('base64') };
  }
  return { kind: 'awad-weights', version: 1, tensors };
}

export function decodeWeights(json: WeightsJson): NamedWeights {
  if (json?.kind !== 'awad-weights' || json.version !== 1 || typeof json.tensors !== 'object' || json.tensors === null) {
    throw new SnapshotError(MODULE, 'weights of kind "awad-weights", version 1', `kind ${String(json?.kind)}, version ${String(json?.version)}`);
  }
  const out: Record<string, WeightTensor> = {};
  for (const [name, t] of Object.entries(json.tensors)) {
    const bytes = Buffer.from(t.data, 'base64');
    const size = t.shape.reduce((a, d) => a * d, 1);
    if (bytes.byteLength !== size * 4) throw new SnapshotError(MODULE, `${size * 4} bytes for ${name} of shape [${t.shape.join(', ')}]`, `${bytes.byteLength} bytes`);
    const values = new Float32Array(size);
    new Uint8Array(values.buffer).set(bytes);
    out[name] = { shape: [...t.shape], values };
  }
  return out;
}

export async function saveWeights(path: string, weights: NamedWeights): Promise<void> {
  await writeFile(path, JSON.stringify(encodeWeights(weights)));
}

export async function loadWeights(path: string): Promise<NamedWeights> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new SnapshotError(MODULE, `a JSON weights file at ${path}`, error instanceof Error ? error.message : String(error));
  }
  return decodeWeights(json as WeightsJson);
}
