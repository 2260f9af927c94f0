// PCA of scaled rows: centre on the training mean, eigenpairs of the sample covariance by cyclic
// Jacobi rotations (tfjs has no eig/SVD), keep k components (a given number, or the smallest k
// whose cumulative explained variance reaches a share).
// Reference: METHODS.md 5.2 (HASH [002] "dimensionality reduction"; Jacobi, 0.95 share: OUR CHOICE);
// Golub & Van Loan, Matrix Computations, section 8.5 (cyclic Jacobi).
import { ConfigError, SnapshotError } from '@awad/core';

const MODULE = '@awad/vae/pca';

export interface PcaJson {
  readonly mean: readonly number[];
  /** k rows of `width` loadings each (row c = component c), row-major. */
  readonly components: readonly number[];
  readonly k: number;
  /** Variance along each kept component. */
  readonly variances: readonly number[];
}

/** Symmetric eigen-decomposition by cyclic Jacobi: eigenvalues descending, eigenvectors as rows. */
export function jacobiEigen(matrix: ArrayLike<number>, n: number, maxSweeps = 100): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += (a[p * n + q] as number) ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q] as number;
        if (Math.abs(apq) < 1e-300) continue;
        const app = a[p * n + p] as number;
        const aqq = a[q * n + q] as number;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p] as number;
          const akq = a[k * n + q] as number;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k] as number;
          const aqk = a[q * n + k] as number;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p] as number;
          const vkq = v[k * n + q] as number;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => (a[j * n + j] as number) - (a[i * n + i] as number));
  const values = Float64Array.from(order, (i) => a[i * n + i] as number);
  const vectors = new Float64Array(n * n);
  order.forEach((col, row) => {
    // Sign convention: the largest-magnitude loading is positive, so a refit gives the same axes.
    let big = 0;
    for (let k = 0; k < n; k++) if (Math.abs(v[k * n + col] as number) > Math.abs(big)) big = v[k * n + col] as number;
    const sign = big < 0 ? -1 : 1;
    for (let k = 0; k < n; k++) vectors[row * n + k] = sign * (v[k * n + col] as number);
  });
  return { values, vectors };
}

export interface PcaOptions {
  /** Components to keep. */
  readonly components?: number;
  /** Keep the smallest k whose cumulative explained variance reaches this share (default 0.95). */
  readonly variance?: number;
}

export class Pca {
  readonly mean: Float64Array;
  readonly components: Float64Array;
  readonly k: number;
  readonly width: number;
  readonly variances: Float64Array;

  constructor(mean: ArrayLike<number>, components: ArrayLike<number>, k: number, variances: ArrayLike<number>) {
    this.mean = Float64Array.from(mean);
    this.components = Float64Array.from(components);
    this.k = k;
    this.width = this.mean.length;
    this.variances = Float64Array.from(variances);
  }

  static fit(values: ArrayLike<number>, rows: number, width: number, options: PcaOptions = {}): Pca {
    if (rows < 2) throw new ConfigError(MODULE, 'rows', 'at least 2 rows to fit a PCA', rows);
    const mean = new Float64Array(width);
    for (let r = 0; r < rows; r++) for (let m = 0; m < width; m++) mean[m] = (mean[m] as number) + (values[r * width + m] as number) / rows;
    const cov = new Float64Array(width * width);
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < width; i++) {
        const di = (values[r * width + i] as number) - (mean[i] as number);
        for (let j = i; j < width; j++) cov[i * width + j] = (cov[i * width + j] as number) + di * ((values[r * width + j] as number) - (mean[j] as number));
      }
    }
    for (let i = 0; i < width; i++) {
      for (let j = i; j < width; j++) {
        const c = (cov[i * width + j] as number) / (rows - 1);
        cov[i * width + j] = c;
        cov[j * width + i] = c;
      }
    }
    const { values: eig, vectors } = jacobiEigen(cov, width);
    let k = options.components ?? 0;
    if (k === 0) {
      const share = options.variance ?? 0.95;
      const total = eig.reduce((a, b) => a + Math.max(0, b), 0);
      let acc = 0;
      k = width;
      for (let c = 0; c < width; c++) {
        acc += Math.max(0, eig[c] as number);
        if (total === 0 || acc >= share * total) {
          k = c + 1;
          break;
        }
      }
    }
    if (!Number.isInteger(k) || k < 1 || k > width) throw new ConfigError(MODULE, 'components', `an integer in [1, ${width}]`, k);
    return new Pca(mean, vectors.subarray(0, k * width), k, eig.subarray(0, k));
  }

  /** p = P_k^T (u - mean) for `rows` rows. */
  transform(input: ArrayLike<number>, rows: number, out: Float32Array | Float64Array): void {
    const w = this.width;
    const k = this.k;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let m = 0; m < w; m++) s += ((input[r * w + m] as number) - (this.mean[m] as number)) * (this.components[c * w + m] as number);
        out[r * k + c] = s;
      }
    }
  }

  /** u = mean + P_k p for one row. */
  inverseRow(p: ArrayLike<number>, out: Float64Array): void {
    const w = this.width;
    for (let m = 0; m < w; m++) {
      let s = this.mean[m] as number;
      for (let c = 0; c < this.k; c++) s += (p[c] as number) * (this.components[c * w + m] as number);
      out[m] = s;
    }
  }

  toJSON(): PcaJson {
    return { mean: Array.from(this.mean), components: Array.from(this.components), k: this.k, variances: Array.from(this.variances) };
  }

  static fromJSON(json: PcaJson): Pca {
    const nums = (a: unknown): a is number[] => Array.isArray(a) && a.every((v) => typeof v === 'number');
    if (json === null || typeof json !== 'object' || !nums(json.mean) || !nums(json.components) || !nums(json.variances) || !Number.isInteger(json.k) || json.components.length !== json.k * json.mean.length) {
      throw new SnapshotError(MODULE, 'a PCA { mean, components (k × width), k, variances }', JSON.stringify(json)?.slice(0, 120) ?? String(json));
    }
    return new Pca(json.mean, json.components, json.k, json.variances);
  }
}
