// Cholesky factorization of a small dense symmetric positive definite matrix, in place.
// Reference: Golub & Van Loan, Matrix Computations, §4.2 (Cholesky–Banachiewicz, row by row).

/**
 * Overwrites the lower triangle of the row-major d·d matrix m with L, m = L·Lᵀ (the upper part
 * is left as is).
 *
 * @example
 * const m = Float64Array.from([4, 2, 2, 3]);
 * cholesky(m, 2); // m = [2, 2, 1, √2]: L = [[2, 0], [1, √2]]
 */
export function cholesky(m: Float64Array, d: number): void {
  for (let j = 0; j < d; j++) {
    let diag = m[j * d + j]!;
    for (let k = 0; k < j; k++) diag -= m[j * d + k]! ** 2;
    // Rounding can leave a tiny negative pivot on a near-singular matrix: clamp, do not throw.
    const root = Math.sqrt(diag > 1e-300 ? diag : 1e-300);
    m[j * d + j] = root;
    for (let i = j + 1; i < d; i++) {
      let v = m[i * d + j]!;
      for (let k = 0; k < j; k++) v -= m[i * d + k]! * m[j * d + k]!;
      m[i * d + j] = v / root;
    }
  }
}
