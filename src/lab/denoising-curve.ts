/**
 * The denoising autoencoder's masking rate (Vincent et al. 2008, 2010; the lecture's chapter 3): one DAE
 * (784 → 500 sigmoid units → 784, as in the paper) per rate of zero-masking noise, the same data, seed and
 * schedule. Reported per rate: the test reconstruction error of clean inputs (how well the representation still
 * codes the data — the criterion as a regulariser) and of inputs masked at the training rate (the denoising task),
 * the test error of a linear classifier on the codes (the paper's yardstick, where a moderate rate is best),
 * plus the first layer's filters, which turn from noise-like to stroke- and edge-like as the rate grows.
 */
import { sampleSize, type Dataset } from '../data/dataset.js';
import { maskingNoise } from '../data/corruption.js';
import { linearProbeAccuracy } from '../eval/linear-probe.js';
import { meanSquaredErrorPerImage } from '../eval/reconstruction-error.js';
import type { Autoencoder } from '../models/autoencoder.js';
import { buildModel, defaultConfig } from '../models/registry.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { encodeDataset, inference } from '../train/figures.js';
import { initGenerator, trainModel } from '../train/trainer.js';

export interface DenoisingCurveConfig {
  rates: number[];
  hiddenUnits: number;
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  /** Filters of the first layer kept per rate for the figure. */
  filters: number;
}

export const DENOISING_CURVE_DEFAULTS: DenoisingCurveConfig = { rates: [0, 0.1, 0.25, 0.4, 0.5, 0.75], hiddenUnits: 500, epochs: 5, batchSize: 64, lr: 1e-3, seed: 0, filters: 20 };

export interface DenoisingCurvePoint {
  rate: number;
  /** Mean squared error per pixel on the test set: clean inputs, and inputs masked at this rate. */
  cleanMse: number;
  maskedMse: number;
  /** The reconstruction NLL in nats per image on clean test inputs (the model's own loss). */
  cleanNll: number;
  /** Test error of a linear classifier on the codes (Vincent et al. judge the representation this way). */
  probeTestError: number;
  /** `filters` × D: the first layer's weights of as many hidden units. */
  filters: Float32Array;
  seconds: number;
}

function mse(target: Float32Array, out: Float32Array, d: number): number {
  const per = meanSquaredErrorPerImage(target, out, d);
  return per.reduce((a, b) => a + b, 0) / per.length;
}

/** The first layer's weight matrix rows (units × D) of a model whose encoder starts with one dense layer. */
export function firstLayerFilters(model: Autoencoder, count: number): Float32Array {
  const weight = [...model.namedParameters()].find(([name, p]) => name.startsWith('encoder') && name.endsWith('weight') && p.rank === 2)?.[1];
  if (weight === undefined) throw new Error(`${model.config.model}: no dense encoder weight found`);
  const [units, d] = weight.shape as [number, number];
  return weight.data.slice(0, Math.min(count, units) * d);
}

export async function denoisingCurveLab(train: Dataset, test: Dataset, config: DenoisingCurveConfig = DENOISING_CURVE_DEFAULTS): Promise<DenoisingCurvePoint[]> {
  const d = sampleSize(train.shape);
  const points: DenoisingCurvePoint[] = [];
  const x = new Tensor(test.images, [test.count, ...train.shape]);
  for (const rate of config.rates) {
    const overrides = { hidden: [], codeActivation: 'sigmoid' as const, corruption: 'masking' as const, corruptionAmount: rate };
    const model = buildModel(defaultConfig('dae', { inputShape: [...train.shape], latentDim: config.hiddenUnits, overrides }), initGenerator(config.seed));
    const started = performance.now();
    await trainModel({ model, train, test: null, options: { epochs: config.epochs, batchSize: config.batchSize, lr: config.lr, lrSchedule: 'constant', seed: config.seed, clipNorm: 0, dropLast: false } });
    const seconds = (performance.now() - started) / 1000;
    const masked = new Tensor(maskingNoise(test.images, rate, new Generator(config.seed + 7)), x.shape);
    const { clean, restored, nll } = inference(model, () => ({
      clean: model.reconstruct(x).data,
      restored: model.reconstruct(masked).data,
      nll: model.reconstructionNllPerSample(model.encode(x), x).data,
    }));
    const L = config.hiddenUnits;
    const probe = train.labels && test.labels
      ? linearProbeAccuracy(new Tensor(encodeDataset(model, train), [train.count, L]), train.labels, new Tensor(encodeDataset(model, test), [test.count, L]), test.labels, { seed: config.seed })
      : null;
    points.push({
      rate, probeTestError: probe === null ? NaN : 1 - probe.test.mean, cleanMse: mse(test.images, clean, d), maskedMse: mse(test.images, restored, d),
      cleanNll: nll.reduce((a, b) => a + b, 0) / nll.length, filters: firstLayerFilters(model, config.filters), seconds,
    });
  }
  return points;
}
