/**
 * Exact k nearest neighbours under the Euclidean distance, for every row of a query set among the rows of a
 * reference set: squared distances ‖q‖² + ‖r‖² − 2·q·r with the dot products from one GEMM per chunk of queries,
 * then the k smallest per row.
 */
import { noGrad } from '../autograd/grad-mode.js';
import { matmul } from '../ops/matmul.js';
import { Tensor } from '../tensor/tensor.js';

/** Row-major points: `count` rows of `dim` values. */
export interface Points {
  data: Float32Array;
  count: number;
  dim: number;
}

export interface Neighbours {
  k: number;
  /** count × k indices into the reference rows, nearest first. */
  indices: Int32Array;
  /** count × k squared distances, ascending. */
  sqDistances: Float32Array;
}

export interface NeighbourOptions {
  /** Queries are the reference set itself: a row is not its own neighbour. */
  excludeSelf?: boolean;
  /** Queries per GEMM (memory: chunk × reference count floats). */
  chunk?: number;
}

function squaredNorms(p: Points): Float64Array {
  const out = new Float64Array(p.count);
  for (let i = 0; i < p.count; i++) {
    let s = 0;
    for (let j = 0; j < p.dim; j++) s += p.data[i * p.dim + j]! ** 2;
    out[i] = s;
  }
  return out;
}

export function nearestNeighbours(queries: Points, refs: Points, k: number, options: NeighbourOptions = {}): Neighbours {
  const excludeSelf = options.excludeSelf ?? false;
  if (queries.dim !== refs.dim) throw new RangeError(`nearestNeighbours: queries have ${queries.dim} values per row, references ${refs.dim}`);
  if (excludeSelf && queries.count !== refs.count) throw new RangeError('nearestNeighbours: excludeSelf needs the queries to be the reference set');
  const available = refs.count - (excludeSelf ? 1 : 0);
  if (!Number.isInteger(k) || k < 1 || k > available) throw new RangeError(`nearestNeighbours: k must be an integer in [1, ${available}], got ${k}`);
  const chunk = options.chunk ?? Math.max(1, Math.min(512, Math.floor(2 ** 24 / Math.max(1, refs.count))));
  const qNorm = squaredNorms(queries);
  const rNorm = squaredNorms(refs);
  const ref = new Tensor(refs.data, [refs.count, refs.dim]);
  const indices = new Int32Array(queries.count * k);
  const sqDistances = new Float32Array(queries.count * k);
  const bestD = new Float64Array(k);
  const bestI = new Int32Array(k);
  for (let start = 0; start < queries.count; start += chunk) {
    const rows = Math.min(chunk, queries.count - start);
    const q = new Tensor(queries.data.subarray(start * queries.dim, (start + rows) * queries.dim), [rows, queries.dim]);
    const dots = noGrad(() => matmul(q, ref, { transposeB: true })).data;
    for (let r = 0; r < rows; r++) {
      const i = start + r;
      bestD.fill(Infinity);
      bestI.fill(-1);
      const row = r * refs.count;
      for (let j = 0; j < refs.count; j++) {
        if (excludeSelf && j === i) continue;
        // NOTE: rounding can make the expanded form slightly negative for coincident points.
        const d = Math.max(0, qNorm[i]! + rNorm[j]! - 2 * dots[row + j]!);
        if (d >= bestD[k - 1]!) continue;
        let p = k - 1;
        while (p > 0 && bestD[p - 1]! > d) {
          bestD[p] = bestD[p - 1]!;
          bestI[p] = bestI[p - 1]!;
          p--;
        }
        bestD[p] = d;
        bestI[p] = j;
      }
      for (let p = 0; p < k; p++) {
        indices[i * k + p] = bestI[p]!;
        sqDistances[i * k + p] = bestD[p]!;
      }
    }
  }
  return { k, indices, sqDistances };
}
