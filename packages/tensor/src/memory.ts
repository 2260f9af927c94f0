// Tensor accounting: models check that scoring and training leave no tensors behind.
import { tf } from './tf';

/** Live tensors in the tfjs engine. */
export function tensorCount(): number {
  return tf.memory().numTensors;
}

/**
 * Runs `fn` and returns how many more tensors are alive afterwards than before (0 = no leak).
 * Async functions are awaited.
 */
export async function tensorLeak(fn: () => unknown): Promise<number> {
  const before = tensorCount();
  await fn();
  return tensorCount() - before;
}
