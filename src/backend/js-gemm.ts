/** Reference GEMM for the TypeScript backend: loop orders chosen so the innermost loop walks memory contiguously. */

/** C = alpha · op(A) · op(B) + beta · C (row-major). */
export function gemmKernel(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
  a: Float32Array, b: Float32Array, beta: number, c: Float32Array): void {
  if (beta === 0) c.fill(0, 0, m * n);
  else if (beta !== 1) for (let i = 0; i < m * n; i++) c[i]! *= beta;
  if (alpha === 0 || k === 0) return;
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    if (!transB) {
      // row_i(C) += A[i,p] · row_p(B)
      for (let p = 0; p < k; p++) {
        // NOTE: no skip when A[i,p] = 0: 0·NaN and 0·∞ must still give NaN.
        const aip = transA ? a[p * m + i]! : a[i * k + p]!;
        const bo = p * n;
        for (let j = 0; j < n; j++) row[j]! += aip * b[bo + j]!;
      }
    } else {
      // C[i,j] = dot(row_i(A), row_j(B)) when B is stored n×k
      for (let j = 0; j < n; j++) {
        let s = 0;
        const bo = j * k;
        if (transA) for (let p = 0; p < k; p++) s += a[p * m + i]! * b[bo + p]!;
        else { const ao = i * k; for (let p = 0; p < k; p++) s += a[ao + p]! * b[bo + p]!; }
        row[j] = s;
      }
    }
    const co = i * n;
    for (let j = 0; j < n; j++) c[co + j]! += alpha * row[j]!;
  }
}
