// The tfjs backends AWAD knows, in the order it tries them, and the environment variable that picks one.

/** Backends in preference order: tfjs-node-gpu and tfjs-node register as "tensorflow". */
export const BACKEND_NAMES = ['tensorflow', 'node-gpu', 'node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Environment variable naming the backend to use (one of BACKEND_NAMES). */
export const BACKEND_ENV = 'AWAD_TF_BACKEND';

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (BACKEND_NAMES as readonly string[]).includes(value);
}
