/**
 * Trustworthiness and continuity of an embedding (Venna & Kaski 2001; scikit-learn's `trustworthiness`):
 *
 *   T(k) = 1 − 2/(n·k·(2n − 3k − 1)) · Σᵢ Σ_{j ∈ Uᵢ} (r(i, j) − k)
 *
 * where Uᵢ are the points among i's k nearest neighbours in the embedding but not in the data, and r(i, j) is
 * j's rank among i's neighbours in the data (1 = nearest). T penalises embedded neighbours that were far apart
 * (false neighbours); continuity C(k) is the same with the roles swapped (data neighbours torn apart, ranked in
 * the embedding). Both lie in [0, 1], 1 for a perfect neighbourhood preservation. Distances are Euclidean; ties
 * are ranked by index. Needs k < n/2. Cost O(n²·(D + d)) time, O(n·k) memory: use a subset for large n.
 */
import type { Tensor } from '../tensor/tensor.js';
import { forEachDistanceBlock, kNearestNeighbors, type Neighbors } from './neighbors.js';

export interface NeighbourhoodPreservation {
  k: number;
  /** Points evaluated. */
  count: number;
  trustworthiness: number;
  continuity: number;
}

/** Σ over i of Σ (rank in `space` of j − k) for j in `other`'s neighbours of i but not in `own`'s. */
function rankPenalty(space: Tensor, own: Neighbors, other: Neighbors, k: number): number {
  const n = space.shape[0]!;
  let total = 0;
  const mine = new Set<number>();
  forEachDistanceBlock(space, space, (s, rows, block) => {
    for (let r = 0; r < rows; r++) {
      const i = s + r;
      const row = block.subarray(r * n, (r + 1) * n);
      mine.clear();
      for (let t = 0; t < k; t++) mine.add(own.indices[i * k + t]!);
      for (let t = 0; t < k; t++) {
        const j = other.indices[i * k + t]!;
        if (mine.has(j)) continue;
        const dj = row[j]!;
        // Rank of j among i's neighbours: the points nearer than j (ties: lower index first), plus one.
        let rank = 1;
        for (let l = 0; l < n; l++) {
          if (l === i || l === j) continue;
          const dl = row[l]!;
          if (dl < dj || (dl === dj && l < j)) rank++;
        }
        total += rank - k;
      }
    }
  });
  return total;
}

/** Trustworthiness and continuity of `embedding` (n × d) as a map of `data` (n × D), for neighbourhoods of size k. */
export function neighbourhoodPreservation(data: Tensor, embedding: Tensor, k = 10): NeighbourhoodPreservation {
  const n = data.shape[0] ?? 0;
  if (data.rank !== 2 || embedding.rank !== 2 || embedding.shape[0] !== n) throw new RangeError(`neighbourhoodPreservation: data and embedding must be matrices with the same rows, got [${data.shape.join(', ')}] and [${embedding.shape.join(', ')}]`);
  if (!Number.isInteger(k) || k < 1 || k >= n / 2) throw new RangeError(`neighbourhoodPreservation: k must be an integer with 1 ≤ k < n/2 = ${n / 2}, got ${k}`);
  const inData = kNearestNeighbors(data, data, k, { excludeSelf: true });
  const inEmbedding = kNearestNeighbors(embedding, embedding, k, { excludeSelf: true });
  const scale = 2 / (n * k * (2 * n - 3 * k - 1));
  return {
    k,
    count: n,
    trustworthiness: 1 - scale * rankPenalty(data, inData, inEmbedding, k),
    continuity: 1 - scale * rankPenalty(embedding, inEmbedding, inData, k),
  };
}
