/**
 * M1's codes as the data of M1+M2 (Kingma et al. 2014, section 3.2): the posterior means and standard
 * deviations of q(z₁ | x), the dimensions worth keeping, and each training batch's draw z₁ ~ q(z₁ | x).
 * Arrays are row-major count × L.
 */
import { activeUnits } from '../eval/active-units.js';
import type { Generator } from '../tensor/random.js';

/** A training batch's inputs (rows × features), redrawn with `gen`; `rows` index the training set. */
export type BatchTransform = (x: Float32Array, gen: Generator, rows: Int32Array) => Float32Array;

/** The mean of each of the L columns of a count × L array. */
export function columnMeans(values: Float32Array, L: number): Float32Array {
  const sums = new Float64Array(L);
  for (let i = 0; i < values.length; i++) sums[i % L]! += values[i]!;
  const count = values.length / L;
  return Float32Array.from(sums, (v) => v / count);
}

/**
 * The columns whose values (posterior means over a data set) have a standard deviation above `minStd`: a
 * VAE's inactive units keep μ ≈ 0 and σ ≈ 1 for every input, so their codes are noise that carries nothing
 * about x. Kingma et al.'s code for M1+M2 keeps the units with std(μ) > 0.1, Burda et al.'s active units
 * (eval/active-units.ts) at the threshold minStd². minStd 0 keeps every column.
 */
export function activeDimensions(mu: Float32Array, L: number, minStd: number): Int32Array {
  if (minStd <= 0) return Int32Array.from({ length: L }, (_, j) => j);
  return activeUnits(mu, L, minStd * minStd).units;
}

/** The given columns of a count × L array, in that order (count × columns.length). */
export function takeColumns(values: Float32Array, L: number, columns: Int32Array): Float32Array {
  const count = values.length / L;
  const D = columns.length;
  const out = new Float32Array(count * D);
  for (let i = 0; i < count; i++) for (let c = 0; c < D; c++) out[i * D + c] = values[i * L + columns[c]!]!;
  return out;
}

/**
 * μ ↦ μ + σ ⊙ ε per batch, a draw from M1's posterior: batch row r is training row rows[r], whose σ is row
 * sources[rows[r]] of `sigma` (count × L); with `sources` null, `sigma` is one row (L values), every sample's σ.
 */
export function posteriorSample(sigma: Float32Array, L: number, sources: Int32Array | null): BatchTransform {
  return (x, gen, rows) => {
    const out = gen.fillNormal(new Float32Array(x.length));
    for (let r = 0; r < x.length / L; r++) {
      const s = sources === null ? 0 : sources[rows[r]!]! * L;
      for (let j = 0; j < L; j++) out[r * L + j] = x[r * L + j]! + sigma[s + j]! * out[r * L + j]!;
    }
    return out;
  };
}
