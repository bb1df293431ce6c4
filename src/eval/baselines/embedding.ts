/**
 * One shape for the manifold-learning baselines (scikit-learn's): `fit(x)` learns an embedding of the rows of x and
 * keeps it in `embedding`; methods with an out-of-sample map also `transform` new rows. PCA (../pca.ts) and LLE
 * (lle.ts), ours, and the wrappers of Isomap, t-SNE (@saehrimnir/druidjs) and UMAP (umap-js) all implement it.
 */
import { Tensor } from '../../tensor/tensor.js';

export interface ManifoldEmbedding {
  /** The method's name, e.g. 'umap'. */
  readonly name: string;
  readonly latentDim: number;
  /**
   * How the cost grows with the number of points n: 'linear' (PCA: n·D²), 'near-linear' (UMAP's approximate
   * neighbour graph), 'quadratic' (t-SNE's and Isomap's n × n matrices), 'cubic' (LLE's dense n × n product).
   */
  readonly cost: 'linear' | 'near-linear' | 'quadratic' | 'cubic';
  /** Learns the embedding of the rows of x (N × D); returns this. */
  fit(x: Tensor): this;
  /** The fitted rows' codes, N × latentDim. */
  readonly embedding: Tensor;
  /** Codes of new rows, for methods with an out-of-sample map; absent otherwise. */
  transform?(x: Tensor): Tensor;
  /** The settings used, for the run folder. */
  readonly params: Readonly<Record<string, number | string>>;
}

/** Rows of an N × D tensor as Float64Array views for libraries that take arrays of rows. */
export function tensorRows(x: Tensor): Float64Array[] {
  const [n, d] = x.shape as [number, number];
  return Array.from({ length: n }, (_, i) => Float64Array.from(x.data.subarray(i * d, (i + 1) * d)));
}

/** An array of rows (numbers) as an N × d tensor, checking every value is finite. */
export function rowsTensor(rows: ArrayLike<ArrayLike<number>>, d: number, where: string): Tensor {
  const out = new Float32Array(rows.length * d);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (r.length !== d) throw new Error(`${where}: row ${i} has ${r.length} values, expected ${d}`);
    for (let j = 0; j < d; j++) {
      const v = r[j]!;
      if (!Number.isFinite(v)) throw new Error(`${where}: the embedding of row ${i} is not finite (${v}); the method diverged`);
      out[i * d + j] = v;
    }
  }
  return new Tensor(out, [rows.length, d]);
}

/** The embedding, or a clear error before `fit`. */
export function fittedEmbedding(embedding: Tensor | null, name: string): Tensor {
  if (embedding === null) throw new Error(`${name}: call fit first`);
  return embedding;
}

export function checkFitInput(x: Tensor, name: string, minRows: number): void {
  if (x.rank !== 2) throw new RangeError(`${name}.fit: expected a matrix N × D, got shape [${x.shape.join(', ')}]`);
  if (x.shape[0]! < minRows) throw new RangeError(`${name}.fit: needs at least ${minRows} rows, got ${x.shape[0]}`);
}
