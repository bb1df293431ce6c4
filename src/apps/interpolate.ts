/**
 * Interpolation between two inputs (the lecture's chapter 2): the midpoint of two images in pixel space is a
 * ghostly overlay of both, while decoding points along the path between their codes walks along the learned
 * manifold and gives plausible images. Both rows are returned, with how far each image lies from the nearest
 * training image (a model-free measure of "looks like data").
 *
 * Paths between codes a and b, t ∈ [0, 1]:
 * - linear: (1 − t)a + tb;
 * - slerp:  sin((1 − t)Ω)/sin Ω · a + sin(tΩ)/sin Ω · b, Ω the angle between a and b (Shoemake 1985; White 2016,
 *   "Sampling generative networks"): under a Gaussian prior, points on it keep the norm typical of codes, which
 *   the linear midpoint of two long codes does not.
 */
import { sampleSize, type Dataset } from '../data/dataset.js';
import { kNearestNeighbors } from '../eval/neighbors.js';
import type { Autoencoder } from '../models/autoencoder.js';
import { Tensor } from '../tensor/tensor.js';
import { inference, rows } from '../train/figures.js';

export const INTERPOLATION_PATHS = ['linear', 'slerp'] as const;
export type InterpolationPath = (typeof INTERPOLATION_PATHS)[number];

/** The point at t of the path from a to b. */
export function interpolateCodes(a: ArrayLike<number>, b: ArrayLike<number>, t: number, path: InterpolationPath): Float32Array {
  const out = new Float32Array(a.length);
  let wa = 1 - t;
  let wb = t;
  if (path === 'slerp') {
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let i = 0; i < a.length; i++) {
      dot += a[i]! * b[i]!;
      na += a[i]! ** 2;
      nb += b[i]! ** 2;
    }
    const omega = Math.acos(Math.min(1, Math.max(-1, dot / Math.sqrt(na * nb || 1))));
    // NOTE: nearly parallel codes (or a zero code) make sin Ω → 0; there the linear path is the limit.
    if (Math.sin(omega) > 1e-6) {
      wa = Math.sin((1 - t) * omega) / Math.sin(omega);
      wb = Math.sin(t * omega) / Math.sin(omega);
    }
  }
  for (let i = 0; i < a.length; i++) out[i] = wa * a[i]! + wb * b[i]!;
  return out;
}

export interface InterpolationOptions {
  from: number;
  to: number;
  steps: number;
  path: InterpolationPath;
}

export interface Interpolation {
  steps: number;
  /** t of each column, 0 … 1. */
  t: number[];
  /** steps × D: (1 − t)·x_from + t·x_to. */
  pixelRow: Float32Array;
  /** steps × D: decode(path(z_from, z_to, t)). */
  latentRow: Float32Array;
  /** steps × latentDim: the codes along the path. */
  codes: Float32Array;
  /** Euclidean distance of each image of each row to its nearest training image. */
  nearestTrainingDistance: { pixel: number[]; latent: number[] };
}

/** Checks that `index` picks a sample of `ds`; the message names the option. */
export function checkIndex(ds: Dataset, index: number, option: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= ds.count) {
    throw new RangeError(`${option} ${index} is out of range: the ${ds.name} split has ${ds.count} samples (0 … ${ds.count - 1})`);
  }
}

/**
 * Both rows between test samples `from` and `to`. A conditional model encodes each end with its own label and
 * decodes each point with the label of the nearer end.
 */
export function interpolate(model: Autoencoder, test: Dataset, train: Dataset, options: InterpolationOptions): Interpolation {
  const { from, to, steps, path } = options;
  checkIndex(test, from, '--from');
  checkIndex(test, to, '--to');
  if (!Number.isInteger(steps) || steps < 2) throw new RangeError(`--steps must be an integer ≥ 2, got ${steps}`);
  const d = sampleSize(test.shape);
  const L = model.config.latentDim;
  const t = Array.from({ length: steps }, (_, i) => i / (steps - 1));
  const a = rows(test, from, 1, model.config.inputShape);
  const b = rows(test, to, 1, model.config.inputShape);
  const pixelRow = new Float32Array(steps * d);
  t.forEach((ti, i) => {
    for (let j = 0; j < d; j++) pixelRow[i * d + j] = (1 - ti) * a.x.data[j]! + ti * b.x.data[j]!;
  });
  const { codes, latentRow } = inference(model, () => {
    const za = model.encode(a.x, a.labels).data;
    const zb = model.encode(b.x, b.labels).data;
    const codes = new Float32Array(steps * L);
    t.forEach((ti, i) => codes.set(interpolateCodes(za, zb, ti, path), i * L));
    const labels = a.labels === null || b.labels === null ? null
      : new Tensor(Float32Array.from(t, (ti) => (ti < 0.5 ? a.labels! : b.labels!).data[0]!), [steps]);
    return { codes, latentRow: model.decode(new Tensor(codes, [steps, L]), model.capabilities.conditional ? labels : null).data.slice() };
  });
  const reference = new Tensor(train.images, [train.count, d]);
  const near = (images: Float32Array) => Array.from(kNearestNeighbors(new Tensor(images, [steps, d]), reference, 1).distances, Math.sqrt);
  return { steps, t, pixelRow, latentRow, codes, nearestTrainingDistance: { pixel: near(pixelRow), latent: near(latentRow) } };
}

export interface AnalogyGrid {
  /** Test indices of the inputs, one per row. */
  inputs: number[];
  /** rows × (1 + K) images: each input, then its code decoded under every class 0 … K − 1. */
  images: Float32Array;
  classes: number;
}

/** The style/analogy grid of a conditional model: one input's style (its code under its own label) rendered as every class. */
export function analogyGrid(model: Autoencoder, test: Dataset, inputs: number[]): AnalogyGrid {
  const K = model.capabilities.numClasses;
  if (!model.capabilities.conditional || K === 0) throw new RangeError(`the analogy grid needs a conditional model; '${model.config.model}' does not take labels`);
  if (test.labels === null) throw new RangeError(`the analogy grid needs labelled data; ${test.name} has no labels`);
  for (const i of inputs) checkIndex(test, i, 'input');
  const d = sampleSize(test.shape);
  const L = model.config.latentDim;
  const images = new Float32Array(inputs.length * (K + 1) * d);
  inference(model, () => {
    inputs.forEach((index, r) => {
      const { x, labels } = rows(test, index, 1, model.config.inputShape);
      const z = model.encode(x, labels).data;
      const codes = new Tensor(Float32Array.from({ length: K * L }, (_, i) => z[i % L]!), [K, L]);
      const decoded = model.decode(codes, new Tensor(Float32Array.from({ length: K }, (_, k) => k), [K])).data;
      images.set(x.data, r * (K + 1) * d);
      images.set(decoded, (r * (K + 1) + 1) * d);
    });
  });
  return { inputs, images, classes: K };
}
