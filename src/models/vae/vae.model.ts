/**
 * The VAE (Kingma & Welling 2014), also the β-VAE (Higgins et al. 2017, `beta` ≠ 1) and, with a condition,
 * the base of the conditional VAE. The encoder outputs [μ, log σ²]; z = μ + σ ⊙ ε with ε from the step's
 * generator; the KL to N(0, I) is analytic: ½Σ(μ² + σ² − log σ² − 1) (appendix B of the paper).
 */
import { Normal, klStandardNormal } from '../../distributions/gaussian.js';
import { add, mul } from '../../ops/binary.js';
import { normal } from '../../ops/random.js';
import { mean, sum } from '../../ops/reduce.js';
import { split } from '../../ops/shape-ops.js';
import { affine, square } from '../../ops/unary.js';
import type { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Batch, GaussianPosterior, LossContext, LossResult, ModelCapabilities, ModelStructure, VariationalAutoencoder } from '../autoencoder.js';
import { AutoencoderBase } from '../blocks/autoencoder-base.js';
import { klWeight } from '../blocks/kl-warmup.js';
import { Decoder, Encoder } from '../blocks/networks.js';
import type { VaeBaseConfig, VaeConfig } from './vae.config.js';

/** q(z | x) of a VAE. */
export type Posterior = GaussianPosterior;

export class VAE<C extends VaeBaseConfig = VaeConfig> extends AutoencoderBase<C> implements VariationalAutoencoder<C> {
  readonly encoder: Encoder;
  readonly decoder: Decoder;

  /** `conditionDim` > 0 makes it conditional: the one-hot label enters the encoder and the decoder. */
  constructor(config: C, gen: Generator, conditionDim = 0) {
    super(config, conditionDim);
    const L = config.latentDim;
    this.encoder = this.registerModule('encoder', new Encoder(config, { outDim: 2 * L, gen, conditionDim }));
    this.decoder = this.registerModule('decoder', new Decoder(config, { inDim: L, paramsPerValue: this.likelihood.paramsPerValue, gen, conditionDim }));
  }

  override get capabilities(): ModelCapabilities {
    return { ...super.capabilities, variational: true, generative: true };
  }

  get structure(): ModelStructure {
    return this.networkStructure(this.encoder, this.decoder, 'gaussian');
  }

  /** q(z | x): its mean and log-variance, each N × latentDim. */
  posterior(x: Tensor, labels: Tensor | null = null): Posterior {
    const [mu, logVar] = split(this.encoder.forward(x, this.condition(labels, x.shape[0]!)), 2, 1) as [Tensor, Tensor];
    return { mu, logVar };
  }

  /** The posterior mean μ(x). */
  encode(x: Tensor, labels: Tensor | null = null): Tensor {
    return this.posterior(x, labels).mu;
  }

  decodeRaw(z: Tensor, labels: Tensor | null = null): Tensor {
    return this.decoder.forward(z, this.condition(labels, z.shape[0]!));
  }

  /** KL(q(z | x) ‖ N(0, I)) per sample (N), in nats. */
  klPerSample(posterior: Posterior): Tensor {
    return sum(klStandardNormal(posterior.mu, posterior.logVar), 1);
  }

  /**
   * { reconstruction, kl } with total = reconstruction + β·kl; for β = 1 the total is −ELBO in nats per sample,
   * the reconstruction term estimated with one reparameterised sample z = μ + σ ⊙ ε. During a KL warm-up
   * (`klWarmupEpochs`) the trainer's `ctx` scales β (blocks/kl-warmup.ts); `kl` stays unweighted.
   */
  loss(batch: Batch, gen: Generator, ctx?: LossContext): LossResult {
    const q = this.posterior(batch.x, batch.labels);
    const z = Normal.fromLogVar(q.mu, q.logVar).rsample(gen);
    const reconstruction = mean(this.reconstructionNllPerSample(z, batch.x, batch.labels));
    const kl = mean(this.klPerSample(q));
    const beta = klWeight(this.config.beta ?? 1, this.config.klWarmupEpochs ?? 0, ctx);
    const total = beta === 1 ? add(reconstruction, kl) : add(reconstruction, mul(kl, beta));
    return { total, parts: { reconstruction, kl } };
  }

  /** log N(z; 0, I) per code (N), in nats. */
  priorLogProb(z: Tensor): Tensor {
    // log N(z; 0, 1) = −½z² − ½log 2π per dimension.
    return affine(sum(square(z), 1), -0.5, -0.5 * z.shape[1]! * Math.log(2 * Math.PI));
  }

  /** n codes z ~ N(0, I). */
  samplePrior(n: number, gen: Generator, _labels: Tensor | null = null): Tensor {
    return normal(gen, [n, this.config.latentDim]);
  }

  /** Decoded prior samples z ~ N(0, I): the decoder's means (probabilities for a Bernoulli decoder). */
  sample(n: number, gen: Generator, labels: Tensor | null = null): Tensor {
    return this.decode(this.samplePrior(n, gen, labels), labels);
  }
}
