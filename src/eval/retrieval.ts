/**
 * Retrieval metrics (Manning, Raghavan & Schütze 2008, ch. 8): each query ranks every other item of the same set
 * by Euclidean distance (leave-one-out), and an item is relevant when its class matches the query's.
 *
 * Distances come from `forEachDistanceBlock` (one GEMM per block of queries).
 *
 * - precision@k: the fraction of relevant items among the k nearest, averaged over queries;
 * - average precision: the mean, over the relevant items, of the precision at each one's rank; its mean over the
 *   queries is the mean average precision (mAP). A query with no relevant item scores 0.
 */
import { Tensor } from '../tensor/tensor.js';
import { forEachDistanceBlock } from './neighbors.js';

/** Precision of the first k entries of a ranked relevance list (k is capped at the list's length). */
export function precisionAtK(rankedRelevant: ArrayLike<boolean | number>, k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`precisionAtK: k must be a positive integer, got ${k}`);
  const n = Math.min(k, rankedRelevant.length);
  if (n === 0) return 0;
  let hits = 0;
  for (let i = 0; i < n; i++) if (rankedRelevant[i]) hits++;
  return hits / n;
}

/** Average precision of a ranked relevance list that holds every relevant item: mean of precision@rank over the hits. */
export function averagePrecision(rankedRelevant: ArrayLike<boolean | number>): number {
  let hits = 0;
  let sum = 0;
  for (let i = 0; i < rankedRelevant.length; i++) {
    if (!rankedRelevant[i]) continue;
    hits++;
    sum += hits / (i + 1);
  }
  return hits === 0 ? 0 : sum / hits;
}

/** The other items in order of distance from `query` (ties by index), given its distances to every item. */
export function rankOthers(distances: ArrayLike<number>, query: number): Int32Array {
  const order = new Int32Array(distances.length - 1);
  for (let j = 0, o = 0; j < distances.length; j++) if (j !== query) order[o++] = j;
  return order.sort((a, b) => distances[a]! - distances[b]! || a - b);
}

export interface RetrievalOptions {
  /** Cut-off of precision@k (default 10). */
  k?: number;
  /** Query with the first `queries` items only (default: every item); all items are always searched. */
  queries?: number;
  /** Floats of one distance block (queries × items); see `forEachDistanceBlock`. */
  blockElements?: number;
}

export interface RetrievalMetrics {
  k: number;
  queries: number;
  items: number;
  precisionAtK: number;
  meanAveragePrecision: number;
}

/** Leave-one-out precision@k and mAP of `count` feature vectors of size `dim` with class labels (see the file comment). */
export function retrievalMetrics(features: Float32Array, count: number, dim: number, labels: ArrayLike<number>, options: RetrievalOptions = {}): RetrievalMetrics {
  const k = options.k ?? 10;
  const queries = Math.min(options.queries ?? count, count);
  if (features.length < count * dim) throw new RangeError(`retrievalMetrics: ${features.length} values cannot hold ${count} × ${dim}`);
  if (labels.length < count) throw new RangeError(`retrievalMetrics: ${labels.length} labels for ${count} items`);
  if (count < 2) throw new RangeError(`retrievalMetrics: needs at least 2 items, got ${count}`);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`retrievalMetrics: k must be a positive integer, got ${k}`);
  let precision = 0;
  let ap = 0;
  const relevant = new Uint8Array(count - 1);
  const all = new Tensor(features.subarray(0, count * dim), [count, dim]);
  const queryRows = new Tensor(features.subarray(0, queries * dim), [queries, dim]);
  forEachDistanceBlock(queryRows, all, (start, rows, block) => {
    for (let r = 0; r < rows; r++) {
      const q = start + r;
      const order = rankOthers(block.subarray(r * count, (r + 1) * count), q);
      for (let i = 0; i < order.length; i++) relevant[i] = labels[order[i]!] === labels[q] ? 1 : 0;
      precision += precisionAtK(relevant, k);
      ap += averagePrecision(relevant);
    }
  }, options.blockElements === undefined ? {} : { blockElements: options.blockElements });
  return { k, queries, items: count, precisionAtK: precision / queries, meanAveragePrecision: ap / queries };
}
