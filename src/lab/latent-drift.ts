/**
 * How 2-D codes move during training (the lecture's chapter 4 figure): an AE's codes spread and drift wherever the
 * decoder can use them, while a VAE's stay near N(0, I) because the KL term pulls q(z | x) towards the prior.
 * Both models get the same data, architecture, seed and schedule; the test codes are taken after every epoch.
 */
import type { Dataset } from '../data/dataset.js';
import { buildModel, defaultConfig } from '../models/registry.js';
import { encodeDataset } from '../train/figures.js';
import { initGenerator, trainModel } from '../train/trainer.js';

export interface LatentDriftConfig {
  epochs: number;
  hidden: number[];
  batchSize: number;
  lr: number;
  seed: number;
  models: readonly string[];
}

export const LATENT_DRIFT_DEFAULTS: LatentDriftConfig = { epochs: 6, hidden: [256], batchSize: 128, lr: 1e-3, seed: 0, models: ['ae', 'vae'] };

export interface CodeSummary {
  epoch: number;
  /** Mean of each axis and its standard deviation over the test codes. */
  mean: [number, number];
  std: [number, number];
  /** Mean squared norm E‖z‖² (2 under N(0, I)). */
  meanSquaredNorm: number;
}

export interface LatentDriftRun {
  model: string;
  /** Test codes after each epoch (count × 2 each). */
  codes: Float32Array[];
  summaries: CodeSummary[];
  seconds: number;
}

export function summarizeCodes(codes: Float32Array, epoch: number): CodeSummary {
  const n = codes.length / 2;
  const mean: [number, number] = [0, 0];
  const sq: [number, number] = [0, 0];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 2; j++) {
      mean[j] += codes[2 * i + j]! / n;
      sq[j] += codes[2 * i + j]! ** 2 / n;
    }
  }
  const std: [number, number] = [Math.sqrt(Math.max(0, sq[0] - mean[0] ** 2)), Math.sqrt(Math.max(0, sq[1] - mean[1] ** 2))];
  return { epoch, mean, std, meanSquaredNorm: sq[0] + sq[1] };
}

export async function latentDriftLab(train: Dataset, test: Dataset, config: LatentDriftConfig = LATENT_DRIFT_DEFAULTS): Promise<LatentDriftRun[]> {
  const runs: LatentDriftRun[] = [];
  for (const name of config.models) {
    const model = buildModel(defaultConfig(name, { inputShape: [...train.shape], latentDim: 2, numClasses: train.numClasses, overrides: { hidden: config.hidden } }), initGenerator(config.seed));
    if (model.capabilities.conditional) throw new RangeError(`lab latent-drift: model '${name}' is conditional; its codes leave the label out`);
    const codes: Float32Array[] = [];
    const summaries: CodeSummary[] = [];
    const started = performance.now();
    await trainModel({
      model, train, test: null,
      options: { epochs: config.epochs, batchSize: config.batchSize, lr: config.lr, lrSchedule: 'constant', seed: config.seed, clipNorm: 0, dropLast: false },
      onEpochEnd: (m) => {
        const z = encodeDataset(model, test);
        codes.push(z);
        summaries.push(summarizeCodes(z, m.epoch));
      },
    });
    runs.push({ model: name, codes, summaries, seconds: (performance.now() - started) / 1000 });
  }
  return runs;
}
