import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../tensor/tensor.js';
import { kNearestNeighbors } from '../neighbors.js';
import { spearman } from '../rank-correlation.js';
import { symmetricEigen } from '../symmetric-eigen.js';
import { LocallyLinearEmbedding, lleBottomEigenvectors, lleCostMatrix, lleWeights } from './lle.js';

describe('locally linear embedding', () => {
  it('weights each interior point of an evenly spaced line ½, ½ and a grid point ¼ each, with or without the regulariser', () => {
    const line = new Tensor(Float32Array.from({ length: 6 }, (_, i) => i), [6, 1]);
    const { indices } = kNearestNeighbors(line, line, 2, { excludeSelf: true });
    const w = lleWeights(line, indices, 2, 1e-3);
    for (let i = 1; i < 5; i++) for (let a = 0; a < 2; a++) assert.ok(Math.abs(w[2 * i + a]! - 0.5) < 1e-12, `line point ${i}: ${w[2 * i + a]}`);
    // The centre of a 3 × 3 grid and its 4 nearest neighbours (k = 4 > the 2 dimensions: the Gram matrix is singular without the regulariser).
    const grid = new Tensor(Float32Array.from({ length: 18 }, (_, i) => (i % 2 === 0 ? Math.floor(i / 6) : Math.floor(i / 2) % 3)), [9, 2]);
    const g = kNearestNeighbors(grid, grid, 4, { excludeSelf: true });
    const wg = lleWeights(grid, g.indices, 4, 1e-3);
    for (let a = 0; a < 4; a++) assert.ok(Math.abs(wg[4 * 4 + a]! - 0.25) < 1e-12, `grid centre: ${wg[16 + a]}`);
    assert.throws(() => lleWeights(grid, g.indices, 4, 0), /not positive definite/);
  });

  it('builds M = (I − W)ᵀ(I − W): symmetric, M·1 = 0, equal to the dense product', () => {
    const n = 7;
    const k = 3;
    const x = new Tensor(Float32Array.from({ length: n * 2 }, (_, i) => Math.sin(1.7 * i) + 0.1 * i), [n, 2]);
    const { indices } = kNearestNeighbors(x, x, k, { excludeSelf: true });
    const w = lleWeights(x, indices, k, 1e-3);
    const m = lleCostMatrix(n, indices, w, k);
    const iw = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      iw[i * n + i] = 1;
      for (let a = 0; a < k; a++) iw[i * n + indices[i * k + a]!]! -= w[i * k + a]!;
    }
    for (let r = 0; r < n; r++) {
      let rowSum = 0;
      for (let c = 0; c < n; c++) {
        let dense = 0;
        for (let p = 0; p < n; p++) dense += iw[p * n + r]! * iw[p * n + c]!;
        assert.ok(Math.abs(m[r * n + c]! - dense) < 1e-12, `M[${r}, ${c}] = ${m[r * n + c]}, dense ${dense}`);
        assert.ok(Math.abs(m[r * n + c]! - m[c * n + r]!) < 1e-12);
        rowSum += m[r * n + c]!;
      }
      assert.ok(Math.abs(rowSum) < 1e-12, `row ${r} of M sums to ${rowSum}`);
    }
  });

  it('finds the same bottom non-constant eigenpairs by inversion as the dense decomposition', () => {
    const n = 80;
    const k = 8;
    const swirl = new Tensor(Float32Array.from({ length: 3 * n }, (_, j) => {
      const i = Math.floor(j / 3);
      const t = 3 + (6 * ((i * 37) % n)) / n;
      return [t * Math.cos(t), ((i * 11) % 9) * 0.7, t * Math.sin(t)][j % 3]!;
    }), [n, 3]);
    const { indices } = kNearestNeighbors(swirl, swirl, k, { excludeSelf: true });
    const w = lleWeights(swirl, indices, k, 1e-3);
    const dense = symmetricEigen(lleCostMatrix(n, indices, w, k), n);
    // Made slightly indefinite (as rounding can leave M), the first shift fails and the factor is retried.
    const indefinite = lleCostMatrix(n, indices, w, k);
    for (let i = 0; i < n; i++) indefinite[i * n + i]! -= 1e-11;
    for (const m of [lleCostMatrix(n, indices, w, k), indefinite]) {
      const inverted = lleBottomEigenvectors(m, n, indices, w, k, 3);
      for (let j = 0; j < 3; j++) {
        const expected = dense.values[n - 2 - j]!;
        assert.ok(Math.abs(inverted.values[j]! - expected) <= 1e-6 * expected, `eigenvalue ${j}: ${inverted.values[j]} vs ${expected}`);
        let dot = 0;
        for (let i = 0; i < n; i++) dot += inverted.vectors[j]![i]! * dense.vectors[(n - 2 - j) * n + i]!;
        assert.ok(Math.abs(Math.abs(dot) - 1) < 1e-6, `eigenvector ${j}: |cos| = ${Math.abs(dot)}`);
      }
    }
  });

  it('orders the points of a 1-D curve in 3-D by arc length, centred with mean square 1', () => {
    const n = 120;
    const s = Float64Array.from({ length: n }, (_, i) => (3 * Math.PI * i) / (n - 1));
    const helix = new Tensor(Float32Array.from({ length: 3 * n }, (_, j) => {
      const i = Math.floor(j / 3);
      return [Math.cos(s[i]!), Math.sin(s[i]!), 0.3 * s[i]!][j % 3]!;
    }), [n, 3]);
    const lle = new LocallyLinearEmbedding({ latentDim: 1, neighbors: 6 }).fit(helix);
    const y = lle.embedding.data;
    assert.ok(Math.abs(spearman(s, y)) > 0.999, `ρ = ${spearman(s, y)}`);
    const mean = y.reduce((a, v) => a + v, 0) / n;
    const meanSquare = y.reduce((a, v) => a + v * v, 0) / n;
    assert.ok(Math.abs(mean) < 1e-4 && Math.abs(meanSquare - 1) < 1e-4, `mean ${mean}, mean square ${meanSquare}`);
    assert.ok(lle.eigenvalues![0]! > 0 && lle.eigenvalues![0]! < 1e-3, `the coordinate's eigenvalue ${lle.eigenvalues![0]} is small and not the constant's 0`);
  });

  it('refuses bad settings and too few rows with one-line errors', () => {
    assert.throws(() => new LocallyLinearEmbedding({ neighbors: 0 }), /neighbors must be a positive integer/);
    assert.throws(() => new LocallyLinearEmbedding({ regularization: -1 }), /regularization must be ≥ 0/);
    assert.throws(() => new LocallyLinearEmbedding({ neighbors: 5 }).fit(new Tensor(new Float32Array(12), [4, 3])), /needs at least 7 rows/);
    const withNaN = new Tensor(Float32Array.from({ length: 30 }, (_, i) => (i === 13 ? NaN : i)), [10, 3]);
    assert.throws(() => new LocallyLinearEmbedding({ neighbors: 3 }).fit(withNaN), /row 4 holds NaN, not a finite number/);
  });
});
