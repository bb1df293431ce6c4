/**
 * k-nearest-neighbour classification accuracy of codes: each query (test) code takes the majority label of its
 * k nearest reference (training) codes by Euclidean distance (Cover & Hart 1967), and accuracy is the fraction
 * of queries whose vote equals their label. A tied vote goes to the tied class whose member is nearest (so
 * k = 2 behaves like k = 1 on a tie). The standard error is the binomial √(p(1 − p)/n) over queries.
 */
import type { Tensor } from '../tensor/tensor.js';
import { kNearestNeighbors, type Neighbors } from './neighbors.js';
import { proportionWithStandardError, type MeanWithError } from './stats.js';

export interface KnnAccuracy extends MeanWithError {
  k: number;
}

function checkLabels(labels: ArrayLike<number>, rows: number, what: string): void {
  if (labels.length !== rows) throw new RangeError(`knnAccuracy: ${labels.length} ${what} labels for ${rows} rows`);
  for (let i = 0; i < labels.length; i++) {
    if (!Number.isInteger(labels[i]!) || labels[i]! < 0) throw new RangeError(`knnAccuracy: ${what} label ${i} is ${labels[i]}, not a class index`);
  }
}

/** The majority label among the first k neighbours of query q (ties: the class of the nearest tied neighbour). */
export function knnVote(neighbors: Neighbors, q: number, k: number, referenceLabels: ArrayLike<number>, votes: Map<number, number> = new Map()): number {
  votes.clear();
  let best = -1;
  let bestVotes = 0;
  const base = q * neighbors.k;
  for (let j = 0; j < k; j++) {
    const c = referenceLabels[neighbors.indices[base + j]!]!;
    votes.set(c, (votes.get(c) ?? 0) + 1);
  }
  // Walk neighbours nearest first: the first class to reach the top count wins ties.
  for (let j = 0; j < k; j++) {
    const c = referenceLabels[neighbors.indices[base + j]!]!;
    const v = votes.get(c)!;
    if (v > bestVotes) {
      best = c;
      bestVotes = v;
    }
  }
  return best;
}

/**
 * kNN accuracy for each k in `ks` (default 1, 5, 10), with training codes as the reference set and test codes as
 * queries (one neighbour search for the largest k). Codes are N × D tensors; labels are class indices.
 */
export function knnAccuracy(referenceCodes: Tensor, referenceLabels: ArrayLike<number>, queryCodes: Tensor, queryLabels: ArrayLike<number>, ks: readonly number[] = [1, 5, 10]): KnnAccuracy[] {
  const nq = queryCodes.shape[0] ?? 0;
  checkLabels(referenceLabels, referenceCodes.shape[0] ?? 0, 'reference');
  checkLabels(queryLabels, nq, 'query');
  if (ks.length === 0) return [];
  const kMax = Math.max(...ks);
  const neighbors = kNearestNeighbors(queryCodes, referenceCodes, kMax);
  const votes = new Map<number, number>();
  return ks.map((k) => {
    const hits = new Uint8Array(nq);
    for (let q = 0; q < nq; q++) hits[q] = knnVote(neighbors, q, k, referenceLabels, votes) === queryLabels[q] ? 1 : 0;
    return { k, ...proportionWithStandardError(hits) };
  });
}
