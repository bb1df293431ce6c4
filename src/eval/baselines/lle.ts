/**
 * Locally linear embedding (Roweis & Saul 2000), ours in float64. Three steps:
 * 1. the k nearest neighbours of every row (exact, ../neighbors.ts);
 * 2. the weights that reconstruct each row from its neighbours, Σⱼ wᵢⱼ = 1: solve C w = 1 with C the neighbours'
 *    local Gram matrix plus reg · trace(C) · I (scikit-learn's regulariser; C is singular when k exceeds the
 *    input dimension), then divide by Σ w;
 * 3. the bottom eigenvectors of M = (I − W)ᵀ(I − W), skipping the constant one (eigenvalue 0, M·1 = 0), scaled
 *    so each coordinate has mean square 1 (the paper's (1/N) Σ yyᵀ = I).
 * The eigenvalues LLE needs are tiny (about 1e-9 … 1e-7 on a 1,000-point swiss roll) and close together, so power
 * iteration on M (or on a shifted M) cannot separate them in any useful number of steps. We invert instead, as
 * scikit-learn's ARPACK path does (shift-invert about 0): one dense Cholesky factor of M + σI (n³/6 multiply-adds),
 * then subspace iteration with it on a block orthogonal to the constant, Rayleigh–Ritz on the sparse (I − W)
 * products (accurate for these tiny eigenvalues), until the wanted Ritz values settle. n × n float64 memory.
 * NOTE: @saehrimnir/druidjs 0.9's LLE (used before) returns M's *largest* eigenvectors: it shifts by
 * 2·n·mean(M), which is 0 because M's rows sum to 0, then runs 100 power iterations; ρ on the swiss roll was 0.01.
 */
import type { Tensor } from '../../tensor/tensor.js';
import { Generator } from '../../tensor/random.js';
import { kNearestNeighbors } from '../neighbors.js';
import { symmetricEigen } from '../symmetric-eigen.js';
import { checkFitInput, fittedEmbedding, rowsTensor, type ManifoldEmbedding } from './embedding.js';

export interface LleOptions {
  latentDim?: number;
  /** Neighbourhood size k (default 10). */
  neighbors?: number;
  /** Tikhonov regulariser of the local Gram matrices, relative to their trace (default 1e-3). */
  regularization?: number;
}

/** Solves the symmetric positive-definite m × m system A x = b by Cholesky (A is overwritten with its factor). */
function choleskySolve(a: Float64Array, b: Float64Array, m: number): Float64Array {
  for (let j = 0; j < m; j++) {
    let s = a[j * m + j]!;
    for (let p = 0; p < j; p++) s -= a[j * m + p]! ** 2;
    if (!(s > 0)) throw new Error('lle: a local Gram matrix is not positive definite (duplicate rows with regularization 0?)');
    const l = Math.sqrt(s);
    a[j * m + j] = l;
    for (let i = j + 1; i < m; i++) {
      let t = a[i * m + j]!;
      for (let p = 0; p < j; p++) t -= a[i * m + p]! * a[j * m + p]!;
      a[i * m + j] = t / l;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < i; p++) x[i]! -= a[i * m + p]! * x[p]!;
    x[i]! /= a[i * m + i]!;
  }
  for (let i = m - 1; i >= 0; i--) {
    for (let p = i + 1; p < m; p++) x[i]! -= a[p * m + i]! * x[p]!;
    x[i]! /= a[i * m + i]!;
  }
  return x;
}

/** The reconstruction weights: row i of the returned n × k array belongs to neighbour indices[i·k + j]; each row sums to 1. */
export function lleWeights(x: Tensor, indices: Int32Array, k: number, regularization: number): Float64Array {
  const [n, dim] = x.shape as [number, number];
  const data = x.data;
  const weights = new Float64Array(n * k);
  const z = new Float64Array(k * dim);
  const gram = new Float64Array(k * k);
  const ones = new Float64Array(k).fill(1);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < k; a++) {
      const j = indices[i * k + a]!;
      for (let c = 0; c < dim; c++) z[a * dim + c] = data[j * dim + c]! - data[i * dim + c]!;
    }
    let trace = 0;
    for (let a = 0; a < k; a++) {
      for (let b = 0; b <= a; b++) {
        let s = 0;
        for (let c = 0; c < dim; c++) s += z[a * dim + c]! * z[b * dim + c]!;
        gram[a * k + b] = s;
        gram[b * k + a] = s;
      }
      trace += gram[a * k + a]!;
    }
    // All neighbours on the point itself (duplicates) give trace 0: regularise absolutely then, as scikit-learn does.
    const ridge = trace > 0 ? regularization * trace : regularization;
    for (let a = 0; a < k; a++) gram[a * k + a]! += ridge;
    const w = choleskySolve(gram, ones, k);
    let sum = 0;
    for (let a = 0; a < k; a++) sum += w[a]!;
    for (let a = 0; a < k; a++) weights[i * k + a] = w[a]! / sum;
  }
  return weights;
}

/** M = (I − W)ᵀ(I − W) = I − W − Wᵀ + WᵀW, dense n × n, from the sparse rows of W. */
export function lleCostMatrix(n: number, indices: Int32Array, weights: Float64Array, k: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  for (let r = 0; r < n; r++) {
    for (let a = 0; a < k; a++) {
      const ja = indices[r * k + a]!;
      const wa = weights[r * k + a]!;
      m[r * n + ja]! -= wa;
      m[ja * n + r]! -= wa;
      for (let b = 0; b < k; b++) m[ja * n + indices[r * k + b]!]! += wa * weights[r * k + b]!;
    }
  }
  return m;
}

/** r = (I − W)·v through W's sparse rows. */
function applyIMinusW(indices: Int32Array, weights: Float64Array, k: number, v: Float64Array, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) {
    let s = v[i]!;
    for (let a = 0; a < k; a++) s -= weights[i * k + a]! * v[indices[i * k + a]!]!;
    out[i] = s;
  }
}

/** In place: the lower Cholesky factor L of the symmetric n × n `a` + shift·I (row-major; the upper triangle is left as it was). False when not positive definite. */
function choleskyInPlace(a: Float64Array, n: number, shift: number): boolean {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = a[ri + j]! + (i === j ? shift : 0);
      for (let p = 0; p < j; p++) s -= a[ri + p]! * a[rj + p]!;
      if (i === j) {
        if (!(s > 0)) return false;
        a[ri + i] = Math.sqrt(s);
      } else {
        a[ri + j] = s / a[rj + j]!;
      }
    }
  }
  return true;
}

/** x ← (L Lᵀ)⁻¹ x for the factor from choleskyInPlace. */
function choleskySolveInPlace(l: Float64Array, n: number, x: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = x[i]!;
    for (let p = 0; p < i; p++) s -= l[ri + p]! * x[p]!;
    x[i] = s / l[ri + i]!;
  }
  // Lᵀ x = y, by columns of Lᵀ (rows of L) so the inner loop walks memory in order.
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    const xi = x[i]! / l[ri + i]!;
    x[i] = xi;
    for (let p = 0; p < i; p++) x[p]! -= l[ri + p]! * xi;
  }
}

/** Orthonormalises the rows of `block` (p × n) against the constant vector and each other (Gram–Schmidt, twice). */
function orthonormalizeRows(block: Float64Array[], n: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let r = 0; r < block.length; r++) {
      const v = block[r]!;
      let mean = 0;
      for (let i = 0; i < n; i++) mean += v[i]! / n;
      for (let i = 0; i < n; i++) v[i]! -= mean;
      for (let q = 0; q < r; q++) {
        const u = block[q]!;
        let dot = 0;
        for (let i = 0; i < n; i++) dot += u[i]! * v[i]!;
        for (let i = 0; i < n; i++) v[i]! -= dot * u[i]!;
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += v[i]! * v[i]!;
      norm = Math.sqrt(norm);
      if (!(norm > 0)) throw new Error('lle: the eigen-solver lost rank (fewer distinct rows than the embedding needs?)');
      for (let i = 0; i < n; i++) v[i]! /= norm;
    }
  }
}

/**
 * The d smallest eigenpairs of M = (I − W)ᵀ(I − W) orthogonal to the constant vector, smallest first. `m` is the
 * dense M and is overwritten with its Cholesky factor.
 */
export function lleBottomEigenvectors(m: Float64Array, n: number, indices: Int32Array, weights: Float64Array, k: number, d: number): { values: Float64Array; vectors: Float64Array[] } {
  let trace = 0;
  for (let i = 0; i < n; i++) trace += m[i * n + i]!;
  // M is singular (M·1 = 0) and rounding can leave it a hair indefinite: shift by a tiny multiple of its scale,
  // far below the eigenvalues we want, and grow the shift only when the factorisation fails.
  let shift = (1e-12 * trace) / n;
  const diagonal = Float64Array.from({ length: n }, (_, i) => m[i * n + i]!);
  while (!choleskyInPlace(m, n, shift)) {
    if (shift > (1e-6 * trace) / n) throw new Error('lle: (I − W)ᵀ(I − W) + σI is not positive definite for any small σ');
    // The factorisation wrote only the lower triangle: restore it from the upper one and the saved diagonal.
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) m[i * n + j] = m[j * n + i]!;
      m[i * n + i] = diagonal[i]!;
    }
    shift *= 100;
  }
  const p = Math.min(n - 1, d + 10);
  const gen = new Generator(0x11e);
  let block = Array.from({ length: p }, () => Float64Array.from({ length: n }, () => gen.nextNormal()));
  orthonormalizeRows(block, n);
  const residual = Array.from({ length: p }, () => new Float64Array(n));
  let values = new Float64Array(p);
  for (let iteration = 0; iteration < 300; iteration++) {
    for (const v of block) choleskySolveInPlace(m, n, v);
    orthonormalizeRows(block, n);
    // Rayleigh–Ritz with H = ((I − W)Q)ᵀ((I − W)Q): the sparse product keeps the tiny eigenvalues accurate.
    for (let r = 0; r < p; r++) applyIMinusW(indices, weights, k, block[r]!, residual[r]!);
    const h = new Float64Array(p * p);
    for (let a = 0; a < p; a++) {
      for (let b = 0; b <= a; b++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += residual[a]![i]! * residual[b]![i]!;
        h[a * p + b] = dot;
        h[b * p + a] = dot;
      }
    }
    const ritz = symmetricEigen(h, p);
    // symmetricEigen sorts largest first; the block is rebuilt smallest first.
    block = Array.from({ length: p }, (_, j) => {
      const row = ritz.vectors.subarray((p - 1 - j) * p, (p - j) * p);
      const v = new Float64Array(n);
      for (let a = 0; a < p; a++) {
        const c = row[a]!;
        const u = block[a]!;
        for (let i = 0; i < n; i++) v[i]! += c * u[i]!;
      }
      return v;
    });
    const next = Float64Array.from({ length: p }, (_, j) => Math.max(ritz.values[p - 1 - j]!, 0));
    let settled = iteration > 0;
    for (let j = 0; j < d && settled; j++) settled = Math.abs(next[j]! - values[j]!) <= 1e-10 * next[j]! + 1e-300;
    values = next;
    if (settled) break;
  }
  return { values: values.slice(0, d), vectors: block.slice(0, d) };
}

export class LocallyLinearEmbedding implements ManifoldEmbedding {
  readonly name = 'lle';
  readonly cost = 'cubic' as const;
  readonly latentDim: number;
  readonly neighbors: number;
  readonly regularization: number;
  readonly params: Readonly<Record<string, number | string>>;
  /** M's eigenvalues belonging to the embedding's coordinates (smallest first, the constant one skipped). */
  eigenvalues: Float64Array | null = null;
  private fitted: Tensor | null = null;

  constructor(options: LleOptions = {}) {
    this.latentDim = options.latentDim ?? 2;
    this.neighbors = options.neighbors ?? 10;
    this.regularization = options.regularization ?? 1e-3;
    if (!Number.isInteger(this.latentDim) || this.latentDim < 1) throw new RangeError(`lle: latentDim must be a positive integer, got ${this.latentDim}`);
    if (!Number.isInteger(this.neighbors) || this.neighbors < 1) throw new RangeError(`lle: neighbors must be a positive integer, got ${this.neighbors}`);
    if (!(this.regularization >= 0)) throw new RangeError(`lle: regularization must be ≥ 0, got ${this.regularization}`);
    this.params = { library: 'aekit', neighbors: this.neighbors, regularization: this.regularization };
  }

  fit(x: Tensor): this {
    checkFitInput(x, 'lle', Math.max(this.neighbors, this.latentDim) + 2);
    const n = x.shape[0]!;
    const bad = x.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new RangeError(`lle.fit: row ${Math.floor(bad / x.shape[1]!)} holds ${x.data[bad]}, not a finite number`);
    const k = this.neighbors;
    const d = this.latentDim;
    const { indices } = kNearestNeighbors(x, x, k, { excludeSelf: true });
    const weights = lleWeights(x, indices, k, this.regularization);
    const { values, vectors } = lleBottomEigenvectors(lleCostMatrix(n, indices, weights, k), n, indices, weights, k, d);
    const scale = Math.sqrt(n);
    const rows = Array.from({ length: n }, (_, i) => Float64Array.from({ length: d }, (_, c) => vectors[c]![i]! * scale));
    this.eigenvalues = values;
    this.fitted = rowsTensor(rows, d, 'lle');
    return this;
  }

  get embedding(): Tensor {
    return fittedEmbedding(this.fitted, 'lle');
  }
}
