// Float arrays in snapshots: little-endian bytes in base64 (exact, compact), as @awad/tensor's
// weight files store float32.
import { SnapshotError } from '@awad/core';

export function encodeFloat64(values: Float64Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

export function decodeFloat64(module: string, field: string, data: unknown): Float64Array {
  if (typeof data !== 'string') throw new SnapshotError(module, `\`${field}\` as base64 float64 data`, typeof data);
  const bytes = Buffer.from(data, 'base64');
  if (bytes.byteLength % 8 !== 0) throw new SnapshotError(module, `\`${field}\` with a multiple of 8 bytes`, `${bytes.byteLength} bytes`);
  const out = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}
