/**
 * The manifold hypothesis and the curse of dimensionality (the lecture's chapter 2).
 *
 * - Curse of dimensionality: n samples cover at most min(n, b)/b of b bins (8 samples: 80 % of 10 bins in 1-D,
 *   8 % of 100 bins in 2-D), and uniform samples are expected to cover 1 − (1 − 1/b)ⁿ of them (57 % and 7.7 %).
 *   With 10 bins per axis, b = 10^d.
 * - Distances concentrate: for uniform points in [0, 1]^d the ratio of the largest to the smallest pairwise
 *   distance falls towards 1 as d grows (Beyer et al. 1999), so "nearest" loses its meaning.
 * - The manifold hypothesis: uniformly random images look nothing like digits — they lie far from every training
 *   image, and a VAE trained on digits gives them a likelihood many orders of magnitude below a digit's.
 */
import { sampleSize, type Dataset } from '../data/dataset.js';
import { anomalyScores } from '../eval/anomaly-score.js';
import { kNearestNeighbors } from '../eval/neighbors.js';
import { buildModel, defaultConfig } from '../models/registry.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { initGenerator, trainModel } from '../train/trainer.js';

/** Expected fraction of b bins that n independent uniform samples occupy: 1 − (1 − 1/b)ⁿ. */
export function expectedOccupancy(samples: number, bins: number): number {
  return 1 - (1 - 1 / bins) ** samples;
}

/** The most n samples can occupy: min(n, b) / b. */
export function maxOccupancy(samples: number, bins: number): number {
  return Math.min(samples, bins) / bins;
}

/** Mean fraction of the binsPerAxis^dims bins that `samples` uniform points of [0, 1)^dims occupy, over `trials`. */
export function measuredOccupancy(samples: number, binsPerAxis: number, dims: number, trials: number, gen: Generator): number {
  let total = 0;
  const occupied = new Set<number>();
  for (let t = 0; t < trials; t++) {
    occupied.clear();
    for (let s = 0; s < samples; s++) {
      let bin = 0;
      for (let j = 0; j < dims; j++) bin = bin * binsPerAxis + Math.floor(gen.nextDouble() * binsPerAxis);
      occupied.add(bin);
    }
    total += occupied.size;
  }
  return total / trials / binsPerAxis ** dims;
}

/** max / min pairwise Euclidean distance among `points` uniform points of [0, 1]^dims. */
export function distanceRatio(points: number, dims: number, gen: Generator): number {
  // NOTE: float64 differences, not the GEMM form ‖a‖² + ‖b‖² − 2a·b: in 1-D the closest pair is ~1e-4 apart and the GEMM form rounds it to 0.
  const x = Float64Array.from({ length: points * dims }, () => gen.nextDouble());
  let lo = Infinity;
  let hi = 0;
  for (let i = 0; i < points; i++) {
    for (let j = i + 1; j < points; j++) {
      let v = 0;
      for (let k = 0; k < dims; k++) v += (x[i * dims + k]! - x[j * dims + k]!) ** 2;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return Math.sqrt(hi / lo);
}

export interface ManifoldLabConfig {
  samples: number;
  binsPerAxis: number;
  maxBinDims: number;
  trials: number;
  distancePoints: number;
  distanceDims: number[];
  /** Random images and test digits compared. */
  images: number;
  trainSize: number;
  epochs: number;
  latentDim: number;
  iwSamples: number;
  seed: number;
}

export const MANIFOLD_DEFAULTS: ManifoldLabConfig = {
  samples: 8, binsPerAxis: 10, maxBinDims: 5, trials: 20000, distancePoints: 100, distanceDims: [1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000],
  images: 500, trainSize: 10000, epochs: 5, latentDim: 10, iwSamples: 20, seed: 0,
};

export interface BinOccupancy {
  dims: number;
  bins: number;
  measured: number;
  expected: number;
  max: number;
}

export interface ManifoldLabResult {
  binOccupancy: BinOccupancy[];
  distanceRatio: { dims: number; ratio: number }[];
  /** Per image: Euclidean distance to the nearest training digit, and the VAE's IW NLL (nats). */
  randomImages: { nearestDistance: number[]; nll: number[] };
  digits: { nearestDistance: number[]; nll: number[] };
  /** The random images and the digits (images × D each), for the figure. */
  pictures: { random: Float32Array; digits: Float32Array };
  vaeSeconds: number;
}

export function curseOfDimensionality(config: ManifoldLabConfig): { binOccupancy: BinOccupancy[]; distanceRatio: { dims: number; ratio: number }[] } {
  const gen = new Generator(config.seed);
  const binOccupancy = Array.from({ length: config.maxBinDims }, (_, i) => {
    const dims = i + 1;
    const bins = config.binsPerAxis ** dims;
    return { dims, bins, measured: measuredOccupancy(config.samples, config.binsPerAxis, dims, config.trials, gen), expected: expectedOccupancy(config.samples, bins), max: maxOccupancy(config.samples, bins) };
  });
  const distance = config.distanceDims.map((dims) => ({ dims, ratio: distanceRatio(config.distancePoints, dims, gen) }));
  return { binOccupancy, distanceRatio: distance };
}

/** The whole lab on MNIST-like data: `train` to learn from, `test` digits to compare with uniform noise. */
export async function manifoldLab(train: Dataset, test: Dataset, config: ManifoldLabConfig = MANIFOLD_DEFAULTS): Promise<ManifoldLabResult> {
  const curse = curseOfDimensionality(config);
  const d = sampleSize(train.shape);
  const n = Math.min(config.images, test.count);
  const gen = new Generator(config.seed + 1);
  const random = Float32Array.from({ length: n * d }, () => gen.nextDouble());
  const digits = test.images.slice(0, n * d);
  const reference = new Tensor(train.images, [train.count, d]);
  const nearest = (x: Float32Array) => Array.from(kNearestNeighbors(new Tensor(x, [n, d]), reference, 1).distances, Math.sqrt);
  const vae = buildModel(defaultConfig('vae', { inputShape: [...train.shape], latentDim: config.latentDim, overrides: { hidden: [256] } }), initGenerator(config.seed));
  const started = performance.now();
  await trainModel({ model: vae, train, test: null, options: { epochs: config.epochs, batchSize: 128, lr: 1e-3, lrSchedule: 'constant', seed: config.seed, clipNorm: 0, dropLast: false } });
  const vaeSeconds = (performance.now() - started) / 1000;
  const nll = (x: Float32Array) => Array.from(anomalyScores(vae, x, n, null, 'iw-nll', { samples: config.iwSamples, seed: config.seed }));
  return {
    ...curse,
    randomImages: { nearestDistance: nearest(random), nll: nll(random) },
    digits: { nearestDistance: nearest(digits), nll: nll(digits) },
    pictures: { random, digits },
    vaeSeconds,
  };
}
