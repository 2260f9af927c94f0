// Backend selection: an explicit option or AWAD_TF_BACKEND; else a `tensorflow` backend the app
// already registered; tfjs-node-gpu (only when asked for); tfjs-node; wasm; cpu. The report says
// which backend was chosen and why each earlier one was not.
// Reference: issue 6 item 1; tfjs backends https://www.tensorflow.org/js/guide/platform_environment
import { ConfigError } from '@awad/core';
import { BACKEND_ENV, BACKEND_NAMES, isBackendName, type BackendName } from './backend-names';
import { registerUnsortedSegmentSum } from './unsorted-segment-sum';
import { tf } from './tf';

const MODULE = '@awad/tensor/backend';

export interface BackendAttempt {
  readonly backend: BackendName;
  readonly outcome: 'chosen' | 'skipped' | 'unavailable' | 'failed';
  readonly detail: string;
}

export interface BackendReport {
  /** The AWAD name of the chosen backend. */
  readonly backend: BackendName;
  /** The tfjs backend name now active (`tensorflow` for node and node-gpu). */
  readonly tfBackend: string;
  /** Why this backend: explicit option, environment variable, or the preference order. */
  readonly reason: string;
  /** Every backend considered, in order, with why it was or was not used. */
  readonly tried: readonly BackendAttempt[];
  /** Kernels AWAD registered for this backend (e.g. UnsortedSegmentSum on wasm). */
  readonly kernelsAdded: readonly string[];
}

export interface SelectBackendOptions {
  /** Use exactly this backend; throws a ConfigError if it cannot start. Overrides AWAD_TF_BACKEND. */
  readonly backend?: BackendName;
  /** Consider tfjs-node-gpu in the automatic order (default false: only when asked for). */
  readonly gpu?: boolean;
  /** Environment to read AWAD_TF_BACKEND from (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Loads an optional peer package; tests replace it. Default: dynamic import. */
  readonly importPackage?: (name: string) => Promise<unknown>;
}

const NODE_PACKAGE: Partial<Record<BackendName, string>> = {
  'node-gpu': '@tensorflow/tfjs-node-gpu',
  node: '@tensorflow/tfjs-node',
};

// A variable specifier keeps bundlers and tsc from resolving the optional peers.
const defaultImport = (name: string): Promise<unknown> => import(/* @vite-ignore */ name);

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

async function activate(name: string): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tf.setBackend('${name}') returned false`);
  await tf.ready();
}

/** Tries one backend; returns the attempt (outcome 'chosen' on success). */
async function tryBackend(name: BackendName, importPackage: (name: string) => Promise<unknown>): Promise<BackendAttempt> {
  try {
    if (name === 'tensorflow') {
      if (tf.findBackendFactory('tensorflow') === null) return { backend: name, outcome: 'unavailable', detail: 'no `tensorflow` backend registered by the app' };
      await activate('tensorflow');
      return { backend: name, outcome: 'chosen', detail: 'the app registered a `tensorflow` backend' };
    }
    const pkg = NODE_PACKAGE[name];
    if (pkg !== undefined) {
      try {
        await importPackage(pkg);
      } catch (error) {
        return { backend: name, outcome: 'unavailable', detail: `${pkg} is not installed (${message(error)})` };
      }
      if (tf.findBackendFactory('tensorflow') === null) return { backend: name, outcome: 'failed', detail: `${pkg} loaded but registered no \`tensorflow\` backend with this tfjs-core (two copies of @tensorflow/tfjs-core?)` };
      await activate('tensorflow');
      return { backend: name, outcome: 'chosen', detail: `${pkg} loaded` };
    }
    await activate(name);
    return { backend: name, outcome: 'chosen', detail: name === 'wasm' ? 'WebAssembly backend (SIMD where the runtime supports it)' : 'plain JavaScript backend' };
  } catch (error) {
    return { backend: name, outcome: 'failed', detail: message(error) };
  }
}

/**
 * Picks and activates the tfjs backend. With `backend` (or AWAD_TF_BACKEND) it uses exactly that
 * one and throws a ConfigError naming what failed; otherwise it walks the preference order.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendReport> {
  const env = options.env ?? process.env;
  const importPackage = options.importPackage ?? defaultImport;
  const fromEnv = env[BACKEND_ENV];
  if (options.backend !== undefined && !isBackendName(options.backend)) throw new ConfigError(MODULE, 'backend', `one of ${BACKEND_NAMES.join(', ')}`, options.backend);
  if (options.backend === undefined && fromEnv !== undefined && fromEnv !== '' && !isBackendName(fromEnv)) {
    throw new ConfigError(MODULE, BACKEND_ENV, `one of ${BACKEND_NAMES.join(', ')}`, fromEnv);
  }
  const explicit = options.backend ?? (fromEnv !== undefined && fromEnv !== '' ? (fromEnv as BackendName) : undefined);
  const tried: BackendAttempt[] = [];

  if (explicit !== undefined) {
    const reason = options.backend !== undefined ? 'the `backend` option asked for it' : `${BACKEND_ENV}=${explicit}`;
    const attempt = await tryBackend(explicit, importPackage);
    tried.push(attempt);
    if (attempt.outcome !== 'chosen') throw new ConfigError(MODULE, options.backend !== undefined ? 'backend' : BACKEND_ENV, `a backend that starts (${reason})`, `${explicit}: ${attempt.detail}`);
    return finish(explicit, reason, tried);
  }

  for (const name of BACKEND_NAMES) {
    if (name === 'node-gpu' && options.gpu !== true) {
      tried.push({ backend: name, outcome: 'skipped', detail: 'only used when asked for (gpu: true or AWAD_TF_BACKEND=node-gpu)' });
      continue;
    }
    const attempt = await tryBackend(name, importPackage);
    tried.push(attempt);
    if (attempt.outcome === 'chosen') return finish(name, 'first available in the preference order', tried);
  }
  throw new ConfigError(MODULE, 'backend', 'at least one tfjs backend that starts', tried.map((t) => `${t.backend}: ${t.detail}`).join('; '));
}

function finish(backend: BackendName, reason: string, tried: BackendAttempt[]): BackendReport {
  const tfBackend = tf.getBackend();
  const kernelsAdded = registerUnsortedSegmentSum(tfBackend) ? ['UnsortedSegmentSum'] : [];
  return { backend, tfBackend, reason, tried, kernelsAdded };
}

let ready: Promise<BackendReport> | undefined;

/**
 * Selects the backend once per process (later calls return the same report). Every model in
 * AWAD awaits this before it builds tensors.
 */
export function ensureBackend(options: SelectBackendOptions = {}): Promise<BackendReport> {
  if (ready === undefined) {
    ready = selectBackend(options);
    ready.catch(() => {
      ready = undefined;
    });
  }
  return ready;
}

/** The report of the backend `ensureBackend` selected, if it has finished. */
export async function backendReport(): Promise<BackendReport | undefined> {
  return ready === undefined ? undefined : ready.catch(() => undefined);
}
