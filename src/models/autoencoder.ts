/**
 * What every model in the autoencoder family offers, so the trainer, the CLI and the model files treat them
 * alike. Each model is a typed config (`<name>.config.ts`: defaults and validation) plus a class
 * (`<name>.model.ts`) implementing `Autoencoder`.
 */
import type { Module } from '../nn/module.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * A mini-batch: clean inputs N × inputShape (e.g. N×784 or N×1×28×28) and labels as indices. Models that train on
 * corrupted inputs (the denoising AE) corrupt x themselves, with the step's generator, and score the clean x.
 */
export interface Batch {
  x: Tensor;
  /** Class labels (N, float-coded integers), or null for unlabelled data. */
  labels: Tensor | null;
}

/**
 * A loss and its parts, each a scalar averaged over the batch, in nats per sample:
 * `total` = reconstruction NLL + the regulariser(s), e.g. { reconstruction, kl } for a VAE (total = −ELBO).
 */
export interface LossResult {
  total: Tensor;
  parts: Record<string, Tensor>;
}

/** Everything a training step may need beyond the batch. */
export interface TrainContext {
  /** Randomness for this step (corruption, reparameterisation, prior samples). */
  gen: Generator;
  /** The optimizers `optimizerGroups` asked for, by group name. */
  optimizers: ReadonlyMap<string, Optimizer>;
  step: number;
  epoch: number;
}

/** The part of a config every model shares; each model adds its own fields. */
export interface ModelConfigBase {
  /** The registry name, e.g. 'vae'. Model files store it and loading rejects unknown ones. */
  model: string;
  /** Per-sample input shape, e.g. [784] or [1, 28, 28]. */
  inputShape: number[];
  latentDim: number;
}

export interface Autoencoder<C extends ModelConfigBase = ModelConfigBase> extends Module<[Tensor], Tensor> {
  readonly config: C;
  /** The code of x: the posterior mean for variational models. */
  encode(x: Tensor, labels?: Tensor | null): Tensor;
  /** The decoder's output for codes z, as data-space means (probabilities for Bernoulli decoders). */
  decode(z: Tensor, labels?: Tensor | null): Tensor;
  /** decode(encode(x)). */
  reconstruct(x: Tensor, labels?: Tensor | null): Tensor;
  /** The training objective and its parts on one batch. */
  loss(batch: Batch, gen: Generator): LossResult;
  /** Draws n samples from the model (generative models only). */
  sample?(n: number, gen: Generator, labels?: Tensor | null): Tensor;
  /**
   * Parameter groups that get an optimizer each (default: one group 'main' with every parameter).
   * Adversarial models use several (e.g. autoencoder, discriminator, generator).
   */
  optimizerGroups?(): Map<string, Tensor[]>;
  /**
   * A custom training step (adversarial phases, layer-wise pretraining); returns the loss parts as numbers.
   * Without it the trainer minimises `loss(batch).total` with the 'main' optimizer.
   */
  trainStep?(batch: Batch, ctx: TrainContext): Record<string, number>;
}
