/**
 * Principal component analysis, the linear autoencoder's twin (a linear AE trained with squared error spans the
 * same subspace; Baldi & Hornik 1989). scikit-learn's estimator shape: `fit`, `transform`, `inverseTransform`.
 *
 * The covariance Xcᵀ·Xc is one GEMM per chunk of rows on aekit's kernels (float32 products, summed across
 * chunks in float64); its eigen-decomposition is float64 (symmetric-eigen.ts). Components are the leading
 * eigenvectors, signed so each one's largest-magnitude entry is positive (deterministic, like sklearn's svd_flip).
 */
import { noGrad } from '../autograd/grad-mode.js';
import { backend } from '../backend/registry.js';
import { add, sub } from '../ops/binary.js';
import { matmul } from '../ops/matmul.js';
import { formatShape, ShapeError } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { symmetricEigen } from './symmetric-eigen.js';

export interface PcaOptions {
  /** Number of components kept (1 ≤ k ≤ min(features, samples)). */
  nComponents: number;
}

/** What `PCA.fit` learns, as plain arrays (what a baseline folder stores). */
export interface PcaState {
  /** k × D, row-major. */
  components: Float32Array;
  mean: Float32Array;
  /** The k kept eigenvalues of the covariance (divided by N − 1, as sklearn). */
  explainedVariance: Float64Array;
  /** Σ of all D eigenvalues: the data's total variance. */
  totalVariance: number;
}

/** Rows of the covariance accumulated per GEMM: bounds the float32 chunk at CHUNK_ROWS × D. */
const CHUNK_ROWS = 4096;

function checkMatrix(where: string, x: Tensor, cols?: number): void {
  if (x.rank !== 2 || (cols !== undefined && x.shape[1] !== cols)) {
    throw new ShapeError(`${where}: expected a matrix N × ${cols ?? 'D'}, got ${formatShape(x.shape)}`);
  }
}

export class PCA {
  readonly nComponents: number;
  private state: PcaState | null = null;

  constructor(options: PcaOptions) {
    if (!Number.isInteger(options.nComponents) || options.nComponents < 1) throw new RangeError(`PCA: nComponents must be a positive integer, got ${options.nComponents}`);
    this.nComponents = options.nComponents;
  }

  /** A fitted PCA from a stored state. */
  static fromState(state: PcaState): PCA {
    const k = state.explainedVariance.length;
    const d = state.mean.length;
    if (k < 1 || state.components.length !== k * d) throw new RangeError(`PCA.fromState: ${state.components.length} component values for ${k} components of size ${d}`);
    const pca = new PCA({ nComponents: k });
    pca.state = state;
    return pca;
  }

  /** Learns the mean and the leading principal directions of the rows of `x` (N × D). */
  fit(x: Tensor): this {
    checkMatrix('PCA.fit', x);
    const [n, d] = x.shape as [number, number];
    if (this.nComponents > Math.min(n, d)) throw new RangeError(`PCA.fit: nComponents ${this.nComponents} exceeds min(samples ${n}, features ${d})`);
    if (n < 2) throw new RangeError('PCA.fit: needs at least 2 samples');
    const data = x.data;
    for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i]!)) throw new RangeError(`PCA.fit: value ${data[i]} at row ${Math.floor(i / d)}, column ${i % d} is not finite`);
    const mean64 = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean64[j]! += data[i * d + j]!;
    for (let j = 0; j < d; j++) mean64[j]! /= n;
    const mean = Float32Array.from(mean64);
    const cov = new Float64Array(d * d);
    const be = backend();
    const rows = Math.min(CHUNK_ROWS, n);
    const chunk = be.alloc(rows * d);
    const product = be.alloc(d * d);
    for (let s = 0; s < n; s += rows) {
      const r = Math.min(rows, n - s);
      for (let i = 0; i < r; i++) for (let j = 0; j < d; j++) chunk[i * d + j] = data[(s + i) * d + j]! - mean64[j]!;
      // Xcᵀ·Xc for this chunk: (D × r)·(r × D).
      be.gemm(true, false, d, d, r, 1, chunk.subarray(0, r * d), chunk.subarray(0, r * d), 0, product);
      for (let i = 0; i < d * d; i++) cov[i]! += product[i]!;
    }
    for (let i = 0; i < d * d; i++) cov[i]! /= n - 1;
    // Symmetrise: the float32 products are symmetric only up to rounding.
    for (let i = 0; i < d; i++) {
      for (let j = i + 1; j < d; j++) {
        const m = 0.5 * (cov[i * d + j]! + cov[j * d + i]!);
        cov[i * d + j] = m;
        cov[j * d + i] = m;
      }
    }
    const { values, vectors } = symmetricEigen(cov, d);
    const k = this.nComponents;
    const components = new Float32Array(k * d);
    for (let c = 0; c < k; c++) {
      const row = vectors.subarray(c * d, (c + 1) * d);
      let big = 0;
      for (let j = 1; j < d; j++) if (Math.abs(row[j]!) > Math.abs(row[big]!)) big = j;
      const sign = row[big]! < 0 ? -1 : 1;
      for (let j = 0; j < d; j++) components[c * d + j] = sign * row[j]!;
    }
    let total = 0;
    for (const v of values) total += Math.max(v, 0);
    this.state = { components, mean, explainedVariance: values.slice(0, k).map((v) => Math.max(v, 0)), totalVariance: total };
    return this;
  }

  private fitted(where: string): PcaState {
    if (this.state === null) throw new Error(`PCA.${where}: call fit first`);
    return this.state;
  }

  /** The principal directions, k × D (unit rows, largest variance first). */
  get components(): Tensor {
    const s = this.fitted('components');
    return new Tensor(s.components, [this.nComponents, s.mean.length]);
  }

  get mean(): Tensor {
    const s = this.fitted('mean');
    return new Tensor(s.mean, [s.mean.length]);
  }

  /** Variance along each component (eigenvalues of the covariance with N − 1 in its denominator). */
  get explainedVariance(): Float64Array {
    return this.fitted('explainedVariance').explainedVariance;
  }

  /** Each component's share of the total variance. */
  get explainedVarianceRatio(): Float64Array {
    const s = this.fitted('explainedVarianceRatio');
    return s.explainedVariance.map((v) => v / s.totalVariance);
  }

  /** The stored state (for saving). */
  toState(): PcaState {
    return this.fitted('toState');
  }

  /** Coordinates along the components: (x − mean)·Wᵀ, N × k. */
  transform(x: Tensor): Tensor {
    const s = this.fitted('transform');
    checkMatrix('PCA.transform', x, s.mean.length);
    return noGrad(() => matmul(sub(x, this.mean), this.components, { transposeB: true }));
  }

  /** Back to data space: z·W + mean, N × D (the projection onto the principal subspace when z = transform(x)). */
  inverseTransform(z: Tensor): Tensor {
    this.fitted('inverseTransform');
    checkMatrix('PCA.inverseTransform', z, this.nComponents);
    return noGrad(() => add(matmul(z, this.components), this.mean));
  }
}
