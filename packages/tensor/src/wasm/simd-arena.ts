// A WebAssembly SIMD arena for the tfjs-free scorers: one linear memory per model, holding its
// packed weights and scratch rows, and the two kernels of kernels.wat (a dense layer, tanh) run
// over it in f32x4 lanes. Where a runtime has no WebAssembly SIMD, `SimdArena.create` returns
// undefined and callers keep their plain Float32Array loops.
// Reference: WebAssembly fixed-width SIMD (phase 5, in Node since 16.4); OUR CHOICE to hand-write
// the two kernels: a tfjs op costs more to dispatch than these layers cost to compute.
import { KERNELS_WASM_BASE64 } from './kernels-binary';

interface Kernels {
  dense(x: number, rows: number, inputs: number, xs: number, w: number, u: number, b: number, out: number, os: number): void;
  tanh(p: number, n: number): void;
}

// The few WebAssembly JS-API members used here, typed locally: the project's lib settings carry no
// DOM types, and a runtime without WebAssembly must still load this file.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: unknown };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

const PAGE_FLOATS = 65536 / 4;
let compiled: object | null | undefined;

function decodeBase64(s: string): Uint8Array {
  if (typeof Buffer !== 'undefined') return new Uint8Array(Buffer.from(s, 'base64'));
  return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
}

function kernelsModule(): object | null {
  if (compiled === undefined) {
    try {
      const bytes = decodeBase64(KERNELS_WASM_BASE64);
      compiled = wasm !== undefined && wasm.validate(bytes) ? new wasm.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Whether this runtime runs the SIMD kernels (false where WebAssembly or its SIMD is missing). */
export function simdAvailable(): boolean {
  return kernelsModule() !== null;
}

/** n rounded up to a multiple of 4: the unit count of a packed layer. */
export function pad4(n: number): number {
  return (n + 3) & ~3;
}

export class SimdArena {
  private readonly memory: WasmMemory;
  private readonly kernels: Kernels;
  private view: Float32Array;
  /** Next free float, always a multiple of 4 (16-byte aligned). */
  private top = 0;

  private constructor(api: WasmApi, module: object, floats: number) {
    this.memory = new api.Memory({ initial: Math.max(1, Math.ceil(floats / PAGE_FLOATS)) });
    this.kernels = new api.Instance(module, { env: { memory: this.memory } }).exports as Kernels;
    this.view = new Float32Array(this.memory.buffer);
  }

  /** An arena with room for about `floats` floats (it grows on demand), or undefined without SIMD. */
  static create(floats = PAGE_FLOATS): SimdArena | undefined {
    const module = kernelsModule();
    return module === null || wasm === undefined ? undefined : new SimdArena(wasm, module, floats);
  }

  /** The memory as floats. Read it anew after an `alloc`: growing the memory replaces the view. */
  get f32(): Float32Array {
    return this.view;
  }

  /** Reserves n floats (zeroed), 16-byte aligned; returns the offset in floats. */
  alloc(n: number): number {
    const at = this.top;
    this.top += pad4(n);
    const need = this.top - this.view.length;
    if (need > 0) {
      this.memory.grow(Math.ceil(need / PAGE_FLOATS));
      this.view = new Float32Array(this.memory.buffer);
    }
    return at;
  }

  /** Copies values into a new block; returns its offset. */
  store(values: ArrayLike<number>): number {
    const at = this.alloc(values.length);
    this.view.set(values, at);
    return at;
  }

  /**
   * out[r, j] = b[j] + Σ_k x[r, k] w[k, j] for r < rows, k < inputs, j < units4 (a multiple of 4);
   * x rows are xStride floats apart, out rows outStride. All offsets in floats.
   */
  dense(x: number, rows: number, inputs: number, xStride: number, w: number, units4: number, b: number, out: number, outStride: number): void {
    this.kernels.dense(x * 4, rows, inputs, xStride, w * 4, units4, b * 4, out * 4, outStride);
  }

  /** tanh in place over n floats at offset p (n a multiple of 4); |error| about 3e-7. */
  tanh(p: number, n: number): void {
    this.kernels.tanh(p * 4, n);
  }
}
