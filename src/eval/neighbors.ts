/**
 * Exact nearest neighbours by squared Euclidean distance, the base of kNN accuracy, trustworthiness, Parzen
 * windows, retrieval and inpainting. Distances come from one GEMM per block of query rows:
 * ‖q − r‖² = ‖q‖² + ‖r‖² − 2·q·r, clamped at 0 (rounding can make it slightly negative), so a block of
 * queries against every reference row costs one matrix product on aekit's kernels.
 * Ties are broken by the lower reference index, so results are deterministic.
 */
import { backend } from '../backend/registry.js';
import { formatShape, ShapeError } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** The k nearest reference rows of each query row, nearest first. */
export interface Neighbors {
  k: number;
  /** queries × k reference indices. */
  indices: Int32Array;
  /** queries × k squared Euclidean distances, matching `indices`. */
  distances: Float32Array;
}

export interface DistanceBlockOptions {
  /** Upper bound on the floats of one distance block (query rows × references); default 4M (16 MB). */
  blockElements?: number;
}

export interface NeighborOptions extends DistanceBlockOptions {
  /** Query row i is reference row i (the same set): leave it out of its own neighbours. */
  excludeSelf?: boolean;
}

const DEFAULT_BLOCK_ELEMENTS = 1 << 22;

function checkRows(query: Tensor, reference: Tensor, where: string): [number, number, number] {
  if (query.rank !== 2 || reference.rank !== 2 || query.shape[1] !== reference.shape[1]) {
    throw new ShapeError(`${where}: expected query N × D and reference M × D, got ${formatShape(query.shape)} and ${formatShape(reference.shape)}`);
  }
  return [query.shape[0]!, reference.shape[0]!, query.shape[1]!];
}

function rowNorms(x: Float32Array, rows: number, d: number): Float32Array {
  const out = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += x[i * d + j]! * x[i * d + j]!;
    out[i] = s;
  }
  return out;
}

/**
 * Calls `onBlock(start, rows, block)` for consecutive blocks of query rows, where `block` (rows × M, reused between
 * calls) holds the squared distances from query rows start…start+rows−1 to every reference row.
 */
export function forEachDistanceBlock(query: Tensor, reference: Tensor, onBlock: (start: number, rows: number, block: Float32Array) => void, options: DistanceBlockOptions = {}): void {
  const [n, m, d] = checkRows(query, reference, 'forEachDistanceBlock');
  if (n === 0 || m === 0) return;
  const blockRows = Math.max(1, Math.min(n, Math.floor((options.blockElements ?? DEFAULT_BLOCK_ELEMENTS) / m)));
  const be = backend();
  const qn = rowNorms(query.data, n, d);
  const rn = rowNorms(reference.data, m, d);
  const block = be.alloc(blockRows * m);
  for (let s = 0; s < n; s += blockRows) {
    const rows = Math.min(blockRows, n - s);
    const out = block.subarray(0, rows * m);
    be.gemm(false, true, rows, m, d, -2, query.data.subarray(s * d, (s + rows) * d), reference.data, 0, out);
    for (let i = 0; i < rows; i++) {
      const q = qn[s + i]!;
      const row = i * m;
      for (let j = 0; j < m; j++) {
        const v = out[row + j]! + q + rn[j]!;
        out[row + j] = v > 0 ? v : 0;
      }
    }
    onBlock(s, rows, out);
  }
}

/** Squared distances from every query row to every reference row, N × M (for small sets: hand checks, subsets). */
export function pairwiseSquaredDistances(query: Tensor, reference: Tensor): Float32Array {
  const [n, m] = checkRows(query, reference, 'pairwiseSquaredDistances');
  const out = new Float32Array(n * m);
  forEachDistanceBlock(query, reference, (s, rows, block) => out.set(block.subarray(0, rows * m), s * m));
  return out;
}

/** The k nearest reference rows of every query row (exact; see the file comment for distances and ties). */
export function kNearestNeighbors(query: Tensor, reference: Tensor, k: number, options: NeighborOptions = {}): Neighbors {
  const [n, m] = checkRows(query, reference, 'kNearestNeighbors');
  const self = options.excludeSelf ?? false;
  if (self && n !== m) throw new RangeError(`kNearestNeighbors: excludeSelf needs the query and reference to be the same rows (${n} vs ${m})`);
  const available = self ? m - 1 : m;
  if (!Number.isInteger(k) || k < 1 || k > available) throw new RangeError(`kNearestNeighbors: k must be an integer in [1, ${available}], got ${k}`);
  const indices = new Int32Array(n * k);
  const distances = new Float32Array(n * k);
  forEachDistanceBlock(query, reference, (s, rows, block) => {
    for (let i = 0; i < rows; i++) {
      const q = s + i;
      const idx = indices.subarray(q * k, (q + 1) * k);
      const dist = distances.subarray(q * k, (q + 1) * k);
      dist.fill(Infinity);
      idx.fill(-1);
      const row = block.subarray(i * m, (i + 1) * m);
      let worst = Infinity;
      for (let j = 0; j < m; j++) {
        const v = row[j]!;
        if (!(v < worst) || (self && j === q)) continue;
        // Insertion into the sorted top-k: strictly smaller only, so equal distances keep the lower index.
        let p = k - 1;
        while (p > 0 && dist[p - 1]! > v) {
          dist[p] = dist[p - 1]!;
          idx[p] = idx[p - 1]!;
          p--;
        }
        dist[p] = v;
        idx[p] = j;
        worst = dist[k - 1]!;
      }
    }
  }, options);
  return { k, indices, distances };
}
