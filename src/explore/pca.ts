/**
 * Principal components of a few thousand codes of a few dozen dimensions: the covariance matrix (float64) and
 * its eigenvectors by cyclic Jacobi rotations, which are exact to rounding for symmetric matrices this small.
 * NOTE: a stand-in until the core's PCA (src/eval/pca.ts) lands.
 */
export interface Pca {
  mean: Float64Array;
  /** d × d, row k the k-th component (unit length), by decreasing variance. */
  components: Float64Array;
  /** Variance along each component. */
  variances: Float64Array;
}

export function pca(values: Float32Array, count: number, dim: number): Pca {
  const mean = new Float64Array(dim);
  for (let i = 0; i < count; i++) for (let j = 0; j < dim; j++) mean[j]! += values[i * dim + j]! / count;
  const a = new Float64Array(dim * dim);
  for (let i = 0; i < count; i++) {
    for (let p = 0; p < dim; p++) {
      const dp = values[i * dim + p]! - mean[p]!;
      for (let q = p; q < dim; q++) a[p * dim + q]! += (dp * (values[i * dim + q]! - mean[q]!)) / Math.max(1, count - 1);
    }
  }
  for (let p = 0; p < dim; p++) for (let q = 0; q < p; q++) a[p * dim + q] = a[q * dim + p]!;
  const v = new Float64Array(dim * dim);
  for (let p = 0; p < dim; p++) v[p * dim + p] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < dim; p++) for (let q = p + 1; q < dim; q++) off += a[p * dim + q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < dim; p++) {
      for (let q = p + 1; q < dim; q++) {
        const apq = a[p * dim + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        // The rotation that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.5.2).
        const theta = (a[q * dim + q]! - a[p * dim + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < dim; k++) {
          const akp = a[k * dim + p]!, akq = a[k * dim + q]!;
          a[k * dim + p] = c * akp - s * akq;
          a[k * dim + q] = s * akp + c * akq;
        }
        for (let k = 0; k < dim; k++) {
          const apk = a[p * dim + k]!, aqk = a[q * dim + k]!;
          a[p * dim + k] = c * apk - s * aqk;
          a[q * dim + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < dim; k++) {
          const vkp = v[k * dim + p]!, vkq = v[k * dim + q]!;
          v[k * dim + p] = c * vkp - s * vkq;
          v[k * dim + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: dim }, (_, k) => k).sort((x, y) => a[y * dim + y]! - a[x * dim + x]!);
  const components = new Float64Array(dim * dim);
  const variances = new Float64Array(dim);
  order.forEach((k, r) => {
    variances[r] = Math.max(0, a[k * dim + k]!);
    for (let j = 0; j < dim; j++) components[r * dim + j] = v[j * dim + k]!;
  });
  return { mean, components, variances };
}
