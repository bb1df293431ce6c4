/**
 * Retrieval of similar items (the lecture's chapter 5): the nearest neighbours of a query in code space beside
 * those in pixel space, and, as a metric over a labelled set, leave-one-out precision@k and mean average precision
 * (a neighbour is relevant when its class matches) for the model's codes, the raw pixels and PCA codes of the same
 * size, PCA fitted on the training split (the linear baseline with the same budget).
 */
import { sampleSize, type Dataset } from '../data/dataset.js';
import { kNearestNeighbors } from '../eval/neighbors.js';
import { PCA } from '../eval/pca.js';
import { retrievalMetrics, type RetrievalMetrics } from '../eval/retrieval.js';
import type { Autoencoder } from '../models/autoencoder.js';
import { Tensor } from '../tensor/tensor.js';
import { encodeDataset } from '../train/figures.js';
import { checkIndex } from './interpolate.js';

export const RETRIEVAL_SPACES = ['codes', 'pixels', 'pca'] as const;
export type RetrievalSpace = (typeof RETRIEVAL_SPACES)[number];

export interface RetrievalFeatures {
  dim: Record<RetrievalSpace, number>;
  features: Record<RetrievalSpace, Float32Array>;
}

/** Each test sample as the model's code, its pixels, and its PCA projection onto `latentDim` components fitted on `train`. */
export function retrievalFeatures(model: Autoencoder, test: Dataset, train: Dataset): RetrievalFeatures {
  const d = sampleSize(test.shape);
  const L = model.config.latentDim;
  const pca = new PCA({ nComponents: L }).fit(new Tensor(train.images, [train.count, d]));
  return {
    dim: { codes: L, pixels: d, pca: L },
    features: { codes: encodeDataset(model, test), pixels: test.images, pca: pca.transform(new Tensor(test.images, [test.count, d])).data },
  };
}

/** The k nearest other items to item `query` of a set of `count` vectors of size `dim`, nearest first. */
export function neighboursOf(features: Float32Array, count: number, dim: number, query: number, k: number): number[] {
  if (k > count - 1) throw new RangeError(`--k ${k} is more than the ${count - 1} other items to search`);
  const q = new Tensor(features.slice(query * dim, (query + 1) * dim), [1, dim]);
  const found = kNearestNeighbors(q, new Tensor(features.subarray(0, count * dim), [count, dim]), k + 1);
  return Array.from(found.indices).filter((i) => i !== query).slice(0, k);
}

export interface RetrievalReport {
  query: number;
  k: number;
  /** Test indices of the query's k nearest neighbours in each space. */
  neighbours: Record<RetrievalSpace, number[]>;
  /** Leave-one-out precision@k and mAP over the test set in each space (null for unlabelled data). */
  metrics: Record<RetrievalSpace, RetrievalMetrics> | null;
}

export function retrieve(model: Autoencoder, test: Dataset, train: Dataset, query: number, k: number): RetrievalReport {
  checkIndex(test, query, '--query');
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`--k must be a positive integer, got ${k}`);
  const f = retrievalFeatures(model, test, train);
  const each = <T>(fn: (space: RetrievalSpace) => T) => Object.fromEntries(RETRIEVAL_SPACES.map((s) => [s, fn(s)])) as Record<RetrievalSpace, T>;
  const neighbours = each((s) => neighboursOf(f.features[s], test.count, f.dim[s], query, k));
  const labels = test.labels;
  const metrics = labels === null ? null : each((s) => retrievalMetrics(f.features[s], test.count, f.dim[s], labels, { k }));
  return { query, k, neighbours, metrics };
}
