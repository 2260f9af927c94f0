// A JavaScript UnsortedSegmentSum kernel for backends that lack one (wasm has none, and gather's
// gradient needs it: graph encoders that gather neighbour rows cannot train without it).
// out[s, ...] = sum over i with segmentIds[i] = s of x[i, ...]; ids outside [0, numSegments) are dropped,
// as TensorFlow does. Reference: tf.math.unsorted_segment_sum; tfjs-core kernel_names.ts.
import { tf } from './tf';

interface KernelBackend {
  readSync(dataId: unknown): ArrayLike<number>;
  makeOutput?(shape: number[], dtype: string): tf.TensorInfo;
  typedArrayFromHeap?(info: tf.TensorInfo): Float32Array | Int32Array;
  makeTensorInfo?(shape: number[], dtype: string, values: Float32Array | Int32Array): tf.TensorInfo;
}

/** The kernel body, shared by every backend: plain loops over the input's flat buffers. */
export function unsortedSegmentSumValues(x: ArrayLike<number>, rowSize: number, segmentIds: ArrayLike<number>, numSegments: number, out: Float32Array | Int32Array): void {
  out.fill(0);
  for (let i = 0; i < segmentIds.length; i++) {
    const s = segmentIds[i] as number;
    if (s < 0 || s >= numSegments) continue;
    const from = i * rowSize;
    const to = s * rowSize;
    for (let j = 0; j < rowSize; j++) out[to + j] = (out[to + j] as number) + (x[from + j] as number);
  }
}

const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const numSegments = (attrs as { numSegments: number }).numSegments;
  const b = backend as unknown as KernelBackend;
  const rows = segmentIds.shape.reduce((a, d) => a * d, 1);
  const rest = x.shape.slice(segmentIds.shape.length);
  const rowSize = rest.reduce((a, d) => a * d, 1);
  const shape = [numSegments, ...rest];
  const xs = b.readSync(x.dataId);
  const ids = b.readSync(segmentIds.dataId);
  if (ids.length !== rows) throw new Error(`UnsortedSegmentSum: expected ${rows} segment ids, got ${ids.length}`);
  if (b.makeOutput !== undefined && b.typedArrayFromHeap !== undefined) {
    const info = b.makeOutput(shape, x.dtype);
    unsortedSegmentSumValues(xs, rowSize, ids, numSegments, b.typedArrayFromHeap(info));
    return info;
  }
  if (b.makeTensorInfo !== undefined) {
    const out = x.dtype === 'int32' ? new Int32Array(numSegments * rowSize) : new Float32Array(numSegments * rowSize);
    unsortedSegmentSumValues(xs, rowSize, ids, numSegments, out);
    return b.makeTensorInfo(shape, x.dtype, out);
  }
  throw new Error('UnsortedSegmentSum: this backend exposes neither makeOutput nor makeTensorInfo');
};

/** Registers the JS kernel on `backendName` when it has none; returns true if it registered one. */
export function registerUnsortedSegmentSum(backendName: string): boolean {
  if (tf.getKernel('UnsortedSegmentSum', backendName) !== undefined) return false;
  tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName, kernelFunc });
  return true;
}
