/**
 * Label spreading (Zhou, Bousquet, Lal, Weston & Schölkopf 2004, "Learning with local and global consistency"):
 * a transductive classifier on a k-nearest-neighbour graph. With W the symmetrised affinity, D its degrees and
 * S = D^−½ W D^−½, iterate F ← αSF + (1 − α)Y from F = Y, where Y holds the one-hot labels (zero rows for
 * unlabelled points); the limit is F* = (1 − α)(I − αS)⁻¹Y and each point takes argmax F*.
 * Affinities use local scaling (Zelnik-Manor & Perona 2004): w_ij = exp(−d²_ij / (σ_i σ_j)), σ_i the distance
 * from point i to its k-th neighbour. New points vote with their k nearest graph points' normalised scores.
 */
import { UNLABELLED } from '../models/autoencoder.js';
import { nearestNeighbours, type Points } from './nearest-neighbours.js';

export interface LabelSpreadingOptions {
  /** Neighbours per point in the graph (default 10). */
  k?: number;
  /** α ∈ (0, 1): how far labels spread against holding on to the given ones (default 0.99). */
  alpha?: number;
  /** Most iterations of F ← αSF + (1 − α)Y (default 200). */
  maxIterations?: number;
  /** Stop when no score changes by more than this (default 1e-6). */
  tolerance?: number;
}

/** A symmetric sparse graph in compressed rows. */
export interface SparseGraph {
  count: number;
  offsets: Int32Array;
  columns: Int32Array;
  weights: Float32Array;
}

export interface LabelSpreadingResult {
  /** count × numClasses scores F* of the graph's points. */
  scores: Float32Array;
  /** argmax F* of each graph point: the given label for labelled points is not forced, it is spread too. */
  transduction: Int32Array;
  iterations: number;
  /** Classes of new points, from their k nearest graph points. */
  predict(queries: Points): Int32Array;
}

function localScale(sqDistances: Float32Array, k: number, count: number): Float64Array {
  // NOTE: a point with k duplicates has σ = 0; a floor keeps its affinities finite.
  return Float64Array.from({ length: count }, (_, i) => Math.max(Math.sqrt(sqDistances[i * k + k - 1]!), 1e-12));
}

/** W = (A + Aᵀ)/2 of the directed kNN affinities A, in compressed rows. */
export function knnAffinityGraph(points: Points, k: number): { graph: SparseGraph; sigma: Float64Array } {
  const nn = nearestNeighbours(points, points, k, { excludeSelf: true });
  const n = points.count;
  const sigma = localScale(nn.sqDistances, k, n);
  const degree = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      degree[i + 1]! += 1;
      degree[nn.indices[i * k + p]! + 1]! += 1;
    }
  }
  for (let i = 0; i < n; i++) degree[i + 1]! += degree[i]!;
  const offsets = Int32Array.from(degree);
  const fill = Int32Array.from(degree.subarray(0, n));
  const columns = new Int32Array(offsets[n]!);
  const weights = new Float32Array(offsets[n]!);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      const j = nn.indices[i * k + p]!;
      const w = Math.exp(-nn.sqDistances[i * k + p]! / (sigma[i]! * sigma[j]!)) / 2;
      columns[fill[i]!] = j;
      weights[fill[i]!++] = w;
      columns[fill[j]!] = i;
      weights[fill[j]!++] = w;
    }
  }
  return { graph: { count: n, offsets, columns, weights }, sigma };
}

/** F ← αSF + (1 − α)Y to convergence on `graph`; labels of UNLABELLED are the unlabelled points. */
export function spreadLabels(graph: SparseGraph, labels: Int32Array, numClasses: number, options: LabelSpreadingOptions = {}): { scores: Float32Array; iterations: number } {
  const alpha = options.alpha ?? 0.99;
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-6;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`label spreading: alpha must lie in (0, 1), got ${alpha}`);
  const n = graph.count;
  const K = numClasses;
  if (labels.length !== n) throw new RangeError(`label spreading: ${labels.length} labels for ${n} points`);
  const y = new Float64Array(n * K);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    if (c === UNLABELLED) continue;
    if (!Number.isInteger(c) || c < 0 || c >= K) throw new RangeError(`label spreading: label ${c} of point ${i} is not a class in [0, ${K}) or ${UNLABELLED} (unlabelled)`);
    y[i * K + c] = 1;
    given++;
  }
  if (given === 0) throw new RangeError('label spreading: no point is labelled');
  const invSqrtDegree = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let d = 0;
    for (let e = graph.offsets[i]!; e < graph.offsets[i + 1]!; e++) d += graph.weights[e]!;
    invSqrtDegree[i] = d > 0 ? 1 / Math.sqrt(d) : 0;
  }
  let f = Float64Array.from(y);
  let next = new Float64Array(n * K);
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    let change = 0;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < K; c++) next[i * K + c] = (1 - alpha) * y[i * K + c]!;
      for (let e = graph.offsets[i]!; e < graph.offsets[i + 1]!; e++) {
        const j = graph.columns[e]!;
        const s = alpha * graph.weights[e]! * invSqrtDegree[i]! * invSqrtDegree[j]!;
        for (let c = 0; c < K; c++) next[i * K + c]! += s * f[j * K + c]!;
      }
      for (let c = 0; c < K; c++) change = Math.max(change, Math.abs(next[i * K + c]! - f[i * K + c]!));
    }
    [f, next] = [next, f];
    if (change <= tolerance) break;
  }
  return { scores: Float32Array.from(f), iterations };
}

function argmaxRows(scores: ArrayLike<number>, count: number, K: number): Int32Array {
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    let best = 0;
    for (let c = 1; c < K; c++) if (scores[i * K + c]! > scores[i * K + best]!) best = c;
    out[i] = best;
  }
  return out;
}

/** Fits label spreading on `points` (labels UNLABELLED where unknown) and returns the transduction and a predictor. */
export function labelSpreading(points: Points, labels: Int32Array, numClasses: number, options: LabelSpreadingOptions = {}): LabelSpreadingResult {
  const k = options.k ?? 10;
  const { graph, sigma } = knnAffinityGraph(points, k);
  const { scores, iterations } = spreadLabels(graph, labels, numClasses, options);
  const K = numClasses;
  // Each point's scores as a distribution, so that points far from any label vote as much as near ones.
  const normalised = new Float32Array(scores.length);
  for (let i = 0; i < points.count; i++) {
    let s = 0;
    for (let c = 0; c < K; c++) s += scores[i * K + c]!;
    for (let c = 0; c < K; c++) normalised[i * K + c] = s > 0 ? scores[i * K + c]! / s : 1 / K;
  }
  return {
    scores,
    transduction: argmaxRows(scores, points.count, K),
    iterations,
    predict(queries: Points): Int32Array {
      const nn = nearestNeighbours(queries, points, k);
      const qSigma = localScale(nn.sqDistances, k, queries.count);
      const votes = new Float64Array(queries.count * K);
      for (let i = 0; i < queries.count; i++) {
        for (let p = 0; p < k; p++) {
          const j = nn.indices[i * k + p]!;
          const w = Math.exp(-nn.sqDistances[i * k + p]! / (qSigma[i]! * sigma[j]!));
          for (let c = 0; c < K; c++) votes[i * K + c]! += w * normalised[j * K + c]!;
        }
      }
      return argmaxRows(votes, queries.count, K);
    },
  };
}
