import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, tf } from '../src/index';

async function on<T>(backend: 'wasm' | 'cpu', fn: () => T): Promise<T> {
  await selectBackend({ backend });
  return fn();
}

describe('UnsortedSegmentSum on wasm', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
  });

  it('sums rows into segments and drops ids outside [0, numSegments)', () => {
    const x = tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]);
    const out = tf.unsortedSegmentSum(x, tf.tensor1d([2, 0, 2, 5], 'int32'), 3);
    expect(out.shape).toEqual([3, 2]);
    expect(Array.from(out.dataSync())).toEqual([3, 4, 0, 0, 6, 8]);
    const ints = tf.unsortedSegmentSum(tf.tensor1d([1, 2, 3], 'int32'), tf.tensor1d([1, 1, 0], 'int32'), 2);
    expect(ints.dtype).toBe('int32');
    expect(Array.from(ints.dataSync())).toEqual([3, 3]);
    tf.dispose([x, out, ints]);
  });

  it("gives gather's gradient, equal to the cpu backend's", async () => {
    const grad = (): number[] =>
      tf.tidy(() => {
        const table = tf.tensor2d([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
        const weights = tf.tensor2d([[1, -1, 2], [0.5, 3, 1], [2, 2, 2], [1, 0, -1]]);
        const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, tf.tensor1d([2, 0, 2, 1], 'int32')), weights)));
        return Array.from(g(table).dataSync());
      });
    const wasm = await on('wasm', grad);
    const cpu = await on('cpu', grad);
    expect(wasm).toEqual(cpu);
    expect(wasm).toEqual([0.5, 3, 1, 1, 0, -1, 3, 1, 4]);
  });
});
