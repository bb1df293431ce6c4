/**
 * What an evaluation looks at: a trained model or a baseline embedding, with its data. Metrics ask the subject
 * what it can do (a model's capabilities, codes, a decoder) rather than what it is called.
 */
import type { Dataset } from '../data/dataset.js';
import { sampleSize } from '../data/dataset.js';
import type { Autoencoder } from '../models/autoencoder.js';
import { Tensor } from '../tensor/tensor.js';

export type Split = 'train' | 'test';

export interface EvalSubject {
  /** The folder or name shown in reports. */
  name: string;
  kind: 'model' | 'baseline';
  /** The model's registry name or the baseline method. */
  method: string;
  latentDim: number;
  /** The trained model, for model-based metrics (null for baselines). */
  model: Autoencoder | null;
  /** Rows of each split the subject can give codes for (a transductive baseline stores a fixed number). */
  codeRows(split: Split): number;
  /** Codes (count × latentDim) of the first `count` rows of a split. */
  codes(split: Split, count: number): Tensor;
  /** Reconstructions of data rows (models; PCA through inverseTransform), or null without a decoder. */
  reconstruct: ((x: Tensor, labels: Tensor | null) => Tensor) | null;
}

export interface EvalData {
  train: Dataset;
  test: Dataset;
  /** The data spec, for the report. */
  spec: string;
}

/** The first `count` rows of a dataset as a tensor N × shape (a view, no copy). */
export function datasetRows(ds: Dataset, count: number, shape: readonly number[] = ds.shape): Tensor {
  const d = sampleSize(ds.shape);
  const n = Math.min(count, ds.count);
  return new Tensor(ds.images.subarray(0, n * d), [n, ...shape]);
}

/** Rows start…start+count−1 of a dataset as a tensor (a view). */
export function datasetSlice(ds: Dataset, start: number, count: number, shape: readonly number[] = ds.shape): Tensor {
  const d = sampleSize(ds.shape);
  return new Tensor(ds.images.subarray(start * d, (start + count) * d), [count, ...shape]);
}

/** Labels of rows start…start+count−1 as a float tensor, or null for unlabelled data. */
export function labelSlice(ds: Dataset, start: number, count: number): Tensor | null {
  return ds.labels === null ? null : new Tensor(Float32Array.from(ds.labels.subarray(start, start + count)), [count]);
}
