/**
 * Principal angles between two subspaces of R^D (Björck & Golub 1973): with orthonormal bases Qa (D × p) and
 * Qb (D × q), the cosines of the angles are the singular values of Qaᵀ·Qb, largest first (smallest angle first).
 * All angles 0 means the subspaces coincide; used to check that a linear autoencoder spans PCA's subspace
 * (Baldi & Hornik 1989) although its weights are not the principal components.
 */
import { symmetricEigen } from './symmetric-eigen.js';

/** An orthonormal basis (float64, D × rank, column-major as `rank` columns of D) of the span of `columns` (k columns of length D), by modified Gram–Schmidt. */
export function orthonormalBasis(columns: readonly ArrayLike<number>[], tolerance = 1e-10): Float64Array[] {
  const basis: Float64Array[] = [];
  const scale = Math.max(1e-300, ...columns.map((c) => Math.sqrt(Array.from(c).reduce((s, v) => s + v * v, 0))));
  for (const c of columns) {
    const v = Float64Array.from(c);
    // Twice is enough (Giraud et al. 2005): the second pass removes what rounding left of the first.
    for (let pass = 0; pass < 2; pass++) {
      for (const u of basis) {
        let dot = 0;
        for (let i = 0; i < v.length; i++) dot += v[i]! * u[i]!;
        for (let i = 0; i < v.length; i++) v[i]! -= dot * u[i]!;
      }
    }
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    if (norm > tolerance * scale) basis.push(v.map((x) => x / norm));
  }
  return basis;
}

/** The principal angles (radians, ascending) between span(a) and span(b), each given as column vectors of equal length. */
export function principalAngles(a: readonly ArrayLike<number>[], b: readonly ArrayLike<number>[]): number[] {
  if (a.length === 0 || b.length === 0) throw new RangeError('principalAngles: each subspace needs at least one vector');
  const d = a[0]!.length;
  for (const v of [...a, ...b]) if (v.length !== d) throw new RangeError(`principalAngles: vectors of lengths ${d} and ${v.length}`);
  const qa = orthonormalBasis(a);
  const qb = orthonormalBasis(b);
  const p = qa.length;
  const q = qb.length;
  // M = Qaᵀ Qb (p × q); the singular values of M are √eig(M·Mᵀ).
  const m = new Float64Array(p * q);
  for (let i = 0; i < p; i++) for (let j = 0; j < q; j++) m[i * q + j] = qa[i]!.reduce((s, v, k) => s + v * qb[j]![k]!, 0);
  const mmt = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) for (let k = 0; k < q; k++) mmt[i * p + j]! += m[i * q + k]! * m[j * q + k]!;
  const { values } = symmetricEigen(mmt, p);
  return Array.from(values.subarray(0, Math.min(p, q)), (v) => Math.acos(Math.min(1, Math.sqrt(Math.max(0, v)))));
}
