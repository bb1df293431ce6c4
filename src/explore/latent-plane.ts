/**
 * The map's two axes in code space. Two-dimensional codes are shown as they are. Wider codes are shown on the
 * plane of their first two principal components; a code on the map is mean + u·e₁ + v·e₂ + Σₖ cₖ·eₖ with the
 * other components' coordinates cₖ set by sliders, so decoding always goes through a full code.
 */
import { PCA } from '../eval/pca.js';
import { Tensor } from '../tensor/tensor.js';

export class LatentPlane {
  readonly dim: number;
  /** The other components' coordinates (dim − 2 sliders; 0 is the codes' mean). */
  readonly offsets: Float64Array;
  private readonly mean: Float64Array;
  /** dim × dim, rows orthonormal (rows past the codes' rank are zero). */
  private readonly basis: Float64Array;
  /** Standard deviation of the codes along each axis. */
  readonly spread: Float64Array;

  constructor(codes: Float32Array, count: number, dim: number) {
    this.dim = dim;
    if (dim <= 2 || count < 2) {
      this.mean = new Float64Array(dim);
      this.basis = new Float64Array(dim * dim);
      for (let k = 0; k < dim; k++) this.basis[k * dim + k] = 1;
      this.spread = new Float64Array(dim);
      for (let k = 0; k < dim; k++) {
        let s = 0;
        for (let i = 0; i < count; i++) s += codes[i * dim + k]! ** 2;
        this.spread[k] = Math.sqrt(s / Math.max(1, count));
      }
    } else {
      // Every component (as many as the codes allow), so the sliders reach the whole code space.
      const p = new PCA({ nComponents: Math.min(dim, count) }).fit(new Tensor(codes, [count, dim]));
      this.mean = Float64Array.from(p.mean.data);
      this.basis = new Float64Array(dim * dim);
      this.basis.set(p.components.data);
      this.spread = new Float64Array(dim);
      this.spread.set(Array.from(p.explainedVariance, Math.sqrt));
    }
    this.offsets = new Float64Array(Math.max(0, dim - 2));
  }

  get isPca(): boolean {
    return this.dim > 2;
  }

  /** The share of the codes' variance along each axis (PCA only). */
  explained(): number[] {
    const total = this.spread.reduce((s, x) => s + x * x, 0) || 1;
    return Array.from(this.spread, (s) => (s * s) / total);
  }

  axisName(k: number): string {
    return this.isPca ? `PC${k + 1}` : `z${k + 1}`;
  }

  private coord(code: ArrayLike<number>, offset: number, k: number): number {
    let s = 0;
    for (let j = 0; j < this.dim; j++) s += (code[offset + j]! - this.mean[j]!) * this.basis[k * this.dim + j]!;
    return s;
  }

  /** Map coordinates (u, v) of each code (count × dim, flat) → count × 2. */
  projectAll(codes: Float32Array): Float32Array {
    const n = codes.length / this.dim;
    const out = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      out[2 * i] = this.coord(codes, i * this.dim, 0);
      out[2 * i + 1] = this.dim > 1 ? this.coord(codes, i * this.dim, 1) : 0;
    }
    return out;
  }

  project(code: ArrayLike<number>): [number, number] {
    return [this.coord(code, 0, 0), this.dim > 1 ? this.coord(code, 0, 1) : 0];
  }

  /** The full code at map point (u, v), with the sliders' components; written into `out` (dim). */
  lift(u: number, v: number, out: Float32Array = new Float32Array(this.dim)): Float32Array {
    const d = this.dim;
    for (let j = 0; j < d; j++) {
      let x = this.mean[j]! + u * this.basis[j]!;
      if (d > 1) x += v * this.basis[d + j]!;
      for (let k = 2; k < d; k++) x += this.offsets[k - 2]! * this.basis[k * d + j]!;
      out[j] = x;
    }
    return out;
  }

  /**
   * The 2 × 2 covariance [a, b, c] (a = var u, b = cov, c = var v) of a diagonal Gaussian with per-dimension
   * variances `variance`, projected onto the map's plane.
   */
  projectVariance(variance: Float32Array): [number, number, number] {
    const d = this.dim;
    let a = 0, b = 0, c = 0;
    for (let j = 0; j < d; j++) {
      const e1 = this.basis[j]!, e2 = d > 1 ? this.basis[d + j]! : 0;
      a += e1 * e1 * variance[j]!;
      b += e1 * e2 * variance[j]!;
      c += e2 * e2 * variance[j]!;
    }
    return [a, b, c];
  }
}

/** The ellipse {x : xᵀ Σ⁻¹ x = k²} of a 2 × 2 covariance Σ = [a, b; b, c]: semi-axes and the first one's angle. */
export function covarianceEllipse([a, b, c]: [number, number, number], k = 2): { rx: number; ry: number; angle: number } {
  const mid = (a + c) / 2;
  const diff = Math.sqrt(((a - c) / 2) ** 2 + b * b);
  const l1 = mid + diff, l2 = Math.max(0, mid - diff);
  const angle = Math.abs(b) < 1e-30 ? (a >= c ? 0 : Math.PI / 2) : Math.atan2(l1 - a, b);
  return { rx: k * Math.sqrt(l1), ry: k * Math.sqrt(l2), angle };
}
