/**
 * What every model in the autoencoder family offers, so the trainer, the CLI and the model files treat them
 * alike. Each model is a typed config (`<name>.config.ts`: defaults and validation) plus a class
 * (`<name>.model.ts`) implementing `Autoencoder`.
 */
import type { AnyModule, Module } from '../nn/module.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import type { ImportanceWeights } from './blocks/importance-weights.js';

/**
 * The label of a sample without one in a partly labelled batch. Semi-supervised models (capability
 * `semiSupervised`) train on such batches — a data set whose labels are UNLABELLED except for a few; every
 * other model needs a real label wherever it uses labels, and refuses this one.
 */
export const UNLABELLED = -1;

/**
 * A mini-batch: clean inputs N × inputShape (e.g. N×784 or N×1×28×28) and labels as indices. Models that train on
 * corrupted inputs (the denoising AE) corrupt x themselves, with the step's generator, and score the clean x.
 */
export interface Batch {
  x: Tensor;
  /**
   * Class labels (N, float-coded integers), or null for unlabelled data. In a partly labelled batch (semi-
   * supervised training) UNLABELLED (−1) marks the samples without a label.
   */
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

/**
 * Where training stands when the trainer asks for a loss, for objectives that change as training goes (a KL
 * warm-up). Absent outside training (evaluation, the explorer's test loss): the model scores its full objective.
 */
export interface LossContext {
  /** Epochs completed before this step, fractional: step s (0-based) of epoch e (0-based) is e + s / stepsPerEpoch. */
  epoch: number;
}

/** Everything a training step may need beyond the batch. */
export interface TrainContext {
  /** Randomness for this step (corruption, reparameterisation, prior samples). */
  gen: Generator;
  /** The optimizers `optimizerGroups` asked for, by group name. */
  optimizers: ReadonlyMap<string, Optimizer>;
  step: number;
  epoch: number;
  /**
   * Rescale each update's gradients to this joint L2 norm first (0 or absent: no clipping). A custom
   * `trainStep` honours it by stepping through `minimize()` (blocks/autoencoder-base.ts), which clips the
   * parameters of the group it updates.
   */
  clipNorm?: number;
}

/** The part of a config every model shares; each model adds its own fields. */
export interface ModelConfigBase {
  /** The registry name, e.g. 'vae'. Model files store it and loading rejects unknown ones. */
  model: string;
  /** Per-sample input shape, e.g. [784] or [1, 28, 28]. */
  inputShape: number[];
  latentDim: number;
}

/**
 * What a model can do, declared by its class. Code that treats models differently (evaluation metrics, figures,
 * the CLI, exports) asks these, never a list of model names, so a new model only has to declare itself.
 */
export interface ModelCapabilities {
  /**
   * q(z | x) is a diagonal Gaussian (`posterior`), the prior p(z) has a density (`priorLogProb`) and the loss is a
   * (β-weighted) −ELBO with parts { reconstruction, kl }: the ELBO and the importance-weighted NLL apply.
   */
  readonly variational: boolean;
  /** There is a prior over codes to sample (`samplePrior`, `sample`): samples, Parzen estimates, manifold grids. */
  readonly generative: boolean;
  /** The encoder and the decoder take the label: `encode`, `decode` and `reconstruct` need labels. */
  readonly conditional: boolean;
  /** Classes the model's labels range over, where it uses labels (a condition or a per-class prior); else 0. */
  readonly numClasses: number;
  /** The model trains on corrupted inputs (`corrupt`): the denoising AE. */
  readonly corruptsInput: boolean;
  /**
   * The model has a classifier q(y | x) (`classLogits`) and trains on partly labelled batches, where labels of
   * UNLABELLED mark the samples without one (Kingma et al. 2014's M2).
   */
  readonly semiSupervised: boolean;
}

/**
 * How `encode` and `decode` are made of the model's modules, declared for code that rebuilds the networks
 * elsewhere (the ONNX and PyTorch exports): encode(x) = encoder(x′) read as `encoderOutput`, where x′ is x, or x
 * flattened to N × D with `flattenInput`; decode(z) = the mean of the `likelihood` whose parameters are decoder(z).
 * In a conditional model (`capabilities.conditional`) both networks also take the one-hot label.
 */
export interface ModelStructure {
  readonly encoder: AnyModule;
  readonly decoder: AnyModule;
  /** The encoder's first layer is dense and takes x flattened to N × D. */
  readonly flattenInput: boolean;
  /** 'code': the encoder outputs z; 'gaussian': it outputs [μ, log σ²] of q(z | x), μ first, each latentDim wide. */
  readonly encoderOutput: 'code' | 'gaussian';
  /** The decoder outputs Bernoulli logits, or Gaussian means (then log-variances when `paramsPerValue` is 2). */
  readonly likelihood: 'bernoulli' | 'gaussian';
  /** Decoder outputs per data value, each parameter a block of D values in the input's layout. */
  readonly paramsPerValue: 1 | 2;
}

export interface Autoencoder<C extends ModelConfigBase = ModelConfigBase> extends Module<[Tensor], Tensor> {
  readonly config: C;
  /** What this model can do (see `isVariational`, `isGenerative`, `isCorrupting`). */
  readonly capabilities: ModelCapabilities;
  /** Its networks as modules (see `ModelStructure`); models that cannot be described that way leave it out. */
  readonly structure?: ModelStructure;
  /** The code of x: the posterior mean for variational models. */
  encode(x: Tensor, labels?: Tensor | null): Tensor;
  /** The decoder's output for codes z, as data-space means (probabilities for Bernoulli decoders). */
  decode(z: Tensor, labels?: Tensor | null): Tensor;
  /** decode(encode(x)). */
  reconstruct(x: Tensor, labels?: Tensor | null): Tensor;
  /**
   * −log p(target | z) per code (N), in nats: the decoder's likelihood of `target` given codes z. With `repeats`
   * r > 1, z holds r consecutive codes per target row (N = rows × r; labels per code) and each target row is scored
   * against its r decodings by broadcasting, without copying it r times (importance sampling).
   */
  reconstructionNllPerSample(z: Tensor, target: Tensor, labels?: Tensor | null, repeats?: number): Tensor;
  /** The training objective and its parts on one batch; `ctx` (from the trainer) says where training stands. */
  loss(batch: Batch, gen: Generator, ctx?: LossContext): LossResult;
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

/** A diagonal Gaussian q(z | x): its mean and log-variance, each N × latentDim. */
export interface GaussianPosterior {
  mu: Tensor;
  logVar: Tensor;
}

/** A model with a prior over codes to draw from. */
export interface GenerativeAutoencoder<C extends ModelConfigBase = ModelConfigBase> extends Autoencoder<C> {
  /** n codes z ~ p(z) (n × latentDim); a model with a per-class prior draws each from its label's part. */
  samplePrior(n: number, gen: Generator, labels?: Tensor | null): Tensor;
  /** n decoded prior samples: the decoder's means (probabilities for a Bernoulli decoder). */
  sample(n: number, gen: Generator, labels?: Tensor | null): Tensor;
}

/**
 * The log importance weights of a fixed set of inputs as a function of the noise: what depends on the inputs
 * alone (the first encoder pass) is computed once, each call scores one chunk of draws.
 */
export interface ImportanceSampler {
  /** Standard-normal values one draw consumes: latentDim for one Gaussian layer, the sum of the layers' sizes for a hierarchy. */
  readonly noiseSize: number;
  /** log wₖ = log p(x, zₖ) − log q(zₖ | x) and −log p(x | zₖ) for noise ε of N × K × noiseSize (N the sampler's inputs). */
  weights(eps: Tensor): ImportanceWeights;
  /** q(z | x) itself where it is one Gaussian layer (its KL has a closed form); absent for a hierarchy. */
  readonly posterior?: GaussianPosterior;
}

/**
 * A variational model: a Gaussian posterior, a prior with a density, and an ELBO. A model with several stochastic
 * layers also implements `importanceSampler` and `posteriorMeans`; its `posterior` and `klPerSample` then describe
 * the top layer along the mean path (see the model), and the ELBO's KL has no closed form.
 */
export interface VariationalAutoencoder<C extends ModelConfigBase = ModelConfigBase> extends GenerativeAutoencoder<C> {
  posterior(x: Tensor, labels?: Tensor | null): GaussianPosterior;
  /** log p(z) per code (N), in nats. */
  priorLogProb(z: Tensor): Tensor;
  /** KL(q(z | x) ‖ p(z)) per sample (N), in nats, in closed form. */
  klPerSample(posterior: GaussianPosterior): Tensor;
  /**
   * The importance weights of inputs x over every stochastic layer (default, when absent: one Gaussian layer,
   * `posterior` + `priorLogProb` + the decoder, src/models/blocks/importance-sampler.ts).
   */
  importanceSampler?(x: Tensor, labels?: Tensor | null): ImportanceSampler;
  /** Each stochastic layer's posterior mean, bottom layer first, the top one `encode(x)` (default: [encode(x)]). */
  posteriorMeans?(x: Tensor, labels?: Tensor | null): { name: string; mean: Tensor }[];
}

/** A model that trains on corrupted copies x̃ ~ q(x̃ | x) of its inputs. */
export interface CorruptingAutoencoder<C extends ModelConfigBase = ModelConfigBase> extends Autoencoder<C> {
  /** x̃ drawn with `gen` (same generator state, same corruption). */
  corrupt(x: Tensor, gen: Generator): Tensor;
}

/** A model with a classifier q(y | x) that learns from labelled and unlabelled samples together. */
export interface SemiSupervisedAutoencoder<C extends ModelConfigBase = ModelConfigBase> extends Autoencoder<C> {
  /** The logits of q(y | x), N × numClasses. */
  classLogits(x: Tensor): Tensor;
}

export function isVariational<C extends ModelConfigBase>(model: Autoencoder<C>): model is VariationalAutoencoder<C> {
  return model.capabilities.variational;
}

export function isGenerative<C extends ModelConfigBase>(model: Autoencoder<C>): model is GenerativeAutoencoder<C> {
  return model.capabilities.generative;
}

export function isCorrupting<C extends ModelConfigBase>(model: Autoencoder<C>): model is CorruptingAutoencoder<C> {
  return model.capabilities.corruptsInput;
}

export function isSemiSupervised<C extends ModelConfigBase>(model: Autoencoder<C>): model is SemiSupervisedAutoencoder<C> {
  return model.capabilities.semiSupervised;
}
