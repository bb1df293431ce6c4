/**
 * The adversarial autoencoder (Makhzani et al. 2015). The discriminator D outputs the logit that a code came
 * from the prior; with `labelConditioned` it also sees the one-hot label, and prior samples are drawn from
 * that label's component. Losses are BCE-with-logits averaged over the batch, in nats.
 */
import { noGrad } from '../../autograd/grad-mode.js';
import { binaryCrossEntropyWithLogits } from '../../distributions/losses.js';
import { mlp } from '../../nn/mlp.js';
import type { Sequential } from '../../nn/sequential.js';
import { add, mul } from '../../ops/binary.js';
import { ones, zeros } from '../../ops/creation.js';
import { concat, reshape } from '../../ops/shape-ops.js';
import type { Generator } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import { AE } from '../ae/ae.model.js';
import type { Batch, GenerativeAutoencoder, LossResult, ModelCapabilities, TrainContext } from '../autoencoder.js';
import { cycledLabels, labelsOneHot, minimize } from '../blocks/autoencoder-base.js';
import { samplePrior } from '../blocks/priors.js';
import type { AaeConfig } from './aae.config.js';

export class AdversarialAE extends AE<AaeConfig> implements GenerativeAutoencoder<AaeConfig> {
  readonly discriminator: Sequential;

  constructor(config: AaeConfig, gen: Generator) {
    super(config, gen);
    const labelDim = config.labelConditioned ? config.numClasses : 0;
    this.discriminator = this.registerModule('discriminator', mlp([config.latentDim + labelDim, ...config.discriminatorHidden, 1], { gen, activation: 'relu' }));
  }

  override get capabilities(): ModelCapabilities {
    return { ...super.capabilities, generative: true, numClasses: this.config.labelConditioned ? this.config.numClasses : 0 };
  }

  private requireLabels(labels: Tensor | null | undefined): Tensor | null {
    if (!this.config.labelConditioned) return null;
    if (labels === null || labels === undefined) throw new Error('aae: a label-conditioned AAE needs labels (batch.labels)');
    return labels;
  }

  /** The logit (N) that each code z came from the prior rather than the encoder. */
  discriminate(z: Tensor, labels: Tensor | null = null): Tensor {
    const y = this.requireLabels(labels);
    const input = y === null ? z : concat([z, labelsOneHot(y, this.config.numClasses, z.shape[0]!, 'aae')], 1);
    return reshape(this.discriminator.forward(input), [z.shape[0]!]);
  }

  /** n samples of the prior; for a label-conditioned AAE, from each label's own component. */
  samplePrior(n: number, gen: Generator, labels: Tensor | null = null): Tensor {
    const y = this.requireLabels(labels);
    return samplePrior(this.config.prior, n, this.config.latentDim, gen, y === null ? null : y.data, this.config.numClasses);
  }

  /** The generator's loss −log D(z) on codes z: low when the discriminator takes them for prior samples. */
  adversarialLoss(code: Tensor, labels: Tensor | null = null): Tensor {
    const logits = this.discriminate(code, labels);
    return binaryCrossEntropyWithLogits(logits, ones(logits.shape));
  }

  /** The discriminator's loss: −log D(z_prior) − log(1 − D(E(x))), the codes held fixed. */
  discriminatorLoss(batch: Batch, gen: Generator): Tensor {
    const n = batch.x.shape[0]!;
    const real = this.discriminate(this.samplePrior(n, gen, batch.labels), batch.labels);
    const fake = this.discriminate(noGrad(() => this.encode(batch.x)), batch.labels);
    return add(binaryCrossEntropyWithLogits(real, ones([n])), binaryCrossEntropyWithLogits(fake, zeros([n])));
  }

  /** { reconstruction, adversarial } with total = reconstruction + adversarialWeight·adversarial (the encoder's side). */
  override loss(batch: Batch, _gen: Generator): LossResult {
    const code = this.encode(batch.x);
    const reconstruction = this.likelihood.nll(this.decodeRaw(code), batch.x);
    const adversarial = this.adversarialLoss(code, batch.labels);
    return { total: add(reconstruction, mul(adversarial, this.config.adversarialWeight)), parts: { reconstruction, adversarial } };
  }

  /** 'autoencoder' (encoder + decoder), 'discriminator', and 'generator' (the encoder again, as the generator). */
  optimizerGroups(): Map<string, Tensor[]> {
    return new Map<string, Tensor[]>([
      ['autoencoder', [...this.encoder.parameters(), ...this.decoder.parameters()]],
      ['discriminator', this.discriminator.parameters()],
      ['generator', this.encoder.parameters()],
    ]);
  }

  /** Phase 1: one update of the encoder and decoder on the reconstruction NLL; returns it. */
  reconstructionPhase(batch: Batch, ctx: TrainContext): number {
    const x = batch.x;
    return minimize(this, ctx, 'autoencoder', () => ({ total: this.likelihood.nll(this.decodeRaw(this.encode(x)), x), parts: {} }), this.config.model)['total']!;
  }

  /** Phase 2: one update of the discriminator on prior samples vs (fixed) codes; returns its loss. */
  discriminatorPhase(batch: Batch, ctx: TrainContext): number {
    return minimize(this, ctx, 'discriminator', () => ({ total: this.discriminatorLoss(batch, ctx.gen), parts: {} }), this.config.model)['total']!;
  }

  /** Phase 3: one update of the encoder, as a generator, to make D take its codes for prior samples; returns −log D(E(x)). */
  generatorPhase(batch: Batch, ctx: TrainContext): number {
    return minimize(this, ctx, 'generator', () => ({ total: this.adversarialLoss(this.encode(batch.x), batch.labels), parts: {} }), this.config.model)['total']!;
  }

  /**
   * The three phases of one batch, in the paper's order. Each phase clears every gradient first and steps only
   * its own optimizer, so it changes only its own group. Returns { total, reconstruction, discriminator, generator }
   * with total = reconstruction + adversarialWeight·generator, as in `loss`.
   */
  trainStep(batch: Batch, ctx: TrainContext): Record<string, number> {
    const reconstruction = this.reconstructionPhase(batch, ctx);
    const discriminator = this.discriminatorPhase(batch, ctx);
    const generator = this.generatorPhase(batch, ctx);
    return { total: reconstruction + this.config.adversarialWeight * generator, reconstruction, discriminator, generator };
  }

  /** Decoded prior samples; a label-conditioned AAE takes labels (default: the classes in turn). */
  sample(n: number, gen: Generator, labels: Tensor | null = null): Tensor {
    const y = this.config.labelConditioned && labels === null ? cycledLabels(n, this.config.numClasses) : labels;
    return this.decode(this.samplePrior(n, gen, y));
  }
}
