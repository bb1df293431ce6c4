/**
 * `fit`: the trainer with a Keras-style call — defaults for every setting, a checkpoint folder that a second
 * call resumes from exactly, and the history back. It is `trainModel` underneath (the CLI's loop: atomic
 * checkpoints, a clean stop on a NaN loss with `TrainingDivergedError`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../data/dataset.js';
import type { Autoencoder } from '../models/autoencoder.js';
import { validateModelConfig } from '../models/registry.js';
import type { Generator } from '../tensor/random.js';
import { CHECKPOINT_FILE, readCheckpoint, type TrainOptions } from './checkpoint.js';
import type { EpochMetrics } from './metrics.js';
import type { ProgressReporter } from './progress.js';
import { trainModel, type TrainResult } from './trainer.js';

/** The settings `fit` and `aekit train` use unless told otherwise. */
export const DEFAULT_TRAIN_OPTIONS: Readonly<TrainOptions> = Object.freeze({
  epochs: 10, batchSize: 128, lr: 1e-3, seed: 0, clipNorm: 0, dropLast: false, lrSchedule: 'constant',
});

export interface FitOptions extends Partial<TrainOptions> {
  /** Scored after every epoch (eval mode, no gradients), and the one whose total picks `best`. */
  test?: Dataset | null;
  /**
   * Where the checkpoint, the model file and the metrics go after every epoch. When it already holds a
   * checkpoint, training continues from it (same settings; `epochs` may grow) — unless `resume` is false.
   */
  checkpointDir?: string;
  /** Continue from the checkpoint in `checkpointDir` when there is one (default true). */
  resume?: boolean;
  /** Called after each epoch, once its checkpoint is on disk. */
  onEpochEnd?: (metrics: EpochMetrics) => void | Promise<void>;
  /** Progress output (default: none; `defaultProgress()` draws a bar on a terminal). */
  progress?: ProgressReporter;
  /** Applied to each training batch's inputs (e.g. dynamic binarisation). */
  transformBatch?: (x: Float32Array, gen: Generator) => Float32Array;
}

export interface FitResult extends TrainResult {
  /** One entry per epoch trained so far (including those of a run resumed). */
  history: EpochMetrics[];
}

/** Trains `model` on `train` and returns its history; see `FitOptions` for the settings and their defaults. */
export async function fit(model: Autoencoder, train: Dataset, options: FitOptions = {}): Promise<FitResult> {
  const { test = null, checkpointDir, resume = true, onEpochEnd, progress, transformBatch, ...given } = options;
  const settings: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS };
  for (const [key, value] of Object.entries(given)) if (value !== undefined) (settings as unknown as Record<string, unknown>)[key] = value;
  const checkpoint = checkpointDir !== undefined ? join(checkpointDir, CHECKPOINT_FILE) : null;
  const from = resume && checkpoint !== null && existsSync(checkpoint) ? readCheckpoint(checkpoint, validateModelConfig) : null;
  const result = await trainModel({
    model, train, test, options: settings, runDir: checkpointDir ?? null, resume: from,
    ...(progress !== undefined ? { progress } : {}),
    ...(onEpochEnd !== undefined ? { onEpochEnd } : {}),
    transformBatch,
  });
  return { ...result, history: result.state.history };
}
