/**
 * A linear autoencoder trained with squared error learns PCA's subspace (Baldi & Hornik 1989; the lecture's
 * chapter 3): x̂ = W_d(W_e x + b_e) + b_d minimised over MSE reaches the projection onto the top-k principal
 * components, so the principal angles between the decoder's column space and PCA's top-k components fall to ~0
 * — yet the columns themselves are not the components (any invertible mix of them is as good a minimiser).
 */
import { sampleSize, type Dataset } from '../data/dataset.js';
import { PCA } from '../eval/pca.js';
import { principalAngles } from '../eval/principal-angles.js';
import type { Autoencoder } from '../models/autoencoder.js';
import { buildModel, defaultConfig } from '../models/registry.js';
import { Tensor } from '../tensor/tensor.js';
import { initGenerator, trainModel } from '../train/trainer.js';

export interface LinearAeConfig {
  codeSizes: number[];
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
}

export const LINEAR_AE_DEFAULTS: LinearAeConfig = { codeSizes: [2, 10, 30], epochs: 40, batchSize: 64, lr: 1e-2, seed: 0 };

export interface LinearAeRun {
  k: number;
  /** Principal angles (degrees, ascending) between the decoder's columns and PCA's top-k components. */
  anglesDegrees: number[];
  largestAngleDegrees: number;
  /** For each decoder column, the largest |cosine| with any of the k components (1 would mean it is a component). */
  columnComponentCosine: number[];
  /**
   * λ_k / λ_{k+1} of the data's covariance: near 1 the k-th direction is barely determined by squared error, so the
   * last angle converges slowly while the error is already PCA's.
   */
  eigenGap: number;
  /** Mean squared error per value on the training data: the linear AE's and PCA's (the optimum). */
  mse: { linearAe: number; pca: number };
  /** The loss per epoch (reconstruction NLL in nats per sample). */
  loss: number[];
  seconds: number;
  /** k × D each: the decoder's columns and PCA's components, for pictures (left out of JSON). */
  vectors: { decoderColumns: Float32Array; pcaComponents: Float32Array };
}

/** The decoder's k columns (each of length D) of a model whose decoder is one linear layer. */
export function decoderColumns(model: Autoencoder): Float32Array[] {
  const weight = [...model.namedParameters()].find(([name, p]) => name.startsWith('decoder') && name.endsWith('weight') && p.rank === 2)?.[1];
  if (weight === undefined) throw new Error(`${model.config.model}: no decoder weight found`);
  const [d, k] = weight.shape as [number, number];
  return Array.from({ length: k }, (_, j) => Float32Array.from({ length: d }, (_, i) => weight.data[i * k + j]!));
}

function mseOf(x: Float32Array, y: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i]! - y[i]!) ** 2;
  return s / x.length;
}

/** Trains one linear AE with a k-dimensional code on `data` and compares it with PCA's top k components. */
export async function fitLinearAe(data: Dataset, k: number, config: LinearAeConfig): Promise<LinearAeRun> {
  const d = sampleSize(data.shape);
  // σ = 1: the Gaussian NLL is ½‖x − x̂‖² + const, i.e. squared error.
  const modelConfig = defaultConfig('ae', { inputShape: [d], latentDim: k, overrides: { hidden: [], codeActivation: 'identity', decoder: 'gaussian', decoderSigma: 1 } });
  const model = buildModel(modelConfig, initGenerator(config.seed));
  // Centred data (as PCA centres it): the biases could learn the mean, but centring makes the problem far better conditioned.
  const means = new Float64Array(d);
  for (let i = 0; i < data.count; i++) for (let j = 0; j < d; j++) means[j]! += data.images[i * d + j]! / data.count;
  const centred = Float32Array.from(data.images, (v, i) => v - means[i % d]!);
  const flat: Dataset = { ...data, images: centred, shape: [d] };
  const started = performance.now();
  const { state } = await trainModel({
    model, train: flat, test: null,
    options: { epochs: config.epochs, batchSize: config.batchSize, lr: config.lr, lrSchedule: 'cosine', seed: config.seed, clipNorm: 0, dropLast: false },
  });
  const seconds = (performance.now() - started) / 1000;
  const x = new Tensor(centred, [data.count, d]);
  const pca = new PCA({ nComponents: k }).fit(x);
  const next = new PCA({ nComponents: Math.min(k + 1, d, data.count) }).fit(x).explainedVariance;
  const eigenGap = next.length > k ? next[k - 1]! / next[k]! : Infinity;
  const w = pca.components.data;
  const components = Array.from({ length: k }, (_, c) => w.subarray(c * d, (c + 1) * d));
  const columns = decoderColumns(model);
  const angles = principalAngles(columns, components).map((a) => (a * 180) / Math.PI);
  const unit = (v: ArrayLike<number>) => {
    const n = Math.sqrt(Array.from(v).reduce((s, t) => s + t * t, 0));
    return Array.from(v, (t) => t / n);
  };
  const columnComponentCosine = columns.map((c) => {
    const u = unit(c);
    return Math.max(...components.map((p) => Math.abs(unit(p).reduce((s, t, i) => s + t * u[i]!, 0))));
  });
  model.eval();
  const mse = { linearAe: mseOf(centred, model.reconstruct(x).data), pca: mseOf(centred, pca.inverseTransform(pca.transform(x)).data) };
  return {
    k, anglesDegrees: angles, largestAngleDegrees: Math.max(...angles), columnComponentCosine, eigenGap, mse, loss: state.history.map((m) => m.train['total']!), seconds,
    vectors: { decoderColumns: Float32Array.from(columns.flatMap((c) => Array.from(c))), pcaComponents: Float32Array.from(w) },
  };
}

export async function linearAeLab(data: Dataset, config: LinearAeConfig = LINEAR_AE_DEFAULTS): Promise<LinearAeRun[]> {
  const runs: LinearAeRun[] = [];
  for (const k of config.codeSizes) runs.push(await fitLinearAe(data, k, config));
  return runs;
}
