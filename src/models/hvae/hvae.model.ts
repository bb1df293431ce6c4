/**
 * The two-stochastic-layer VAE and IWAE of Burda, Grosse & Salakhutdinov (2016, §5 and appendix C):
 *
 *   inference   q(z1 | x) q(z2 | z1):   x → hidden (tanh) → [μ1, log σ1²];  z1 → upperHidden (tanh) → [μ2, log σ2²]
 *   generation  p(z2) p(z1 | z2) p(x | z1):  z2 ~ N(0, I) → upperHidden reversed → [μ, log σ²] of z1;  z1 → hidden reversed → p(x | z1)
 *
 * One draw is ε = [ε1, ε2] (lowerLatentDim + latentDim standard normals): z1 = μ1(x) + σ1(x) ⊙ ε1,
 * z2 = μ2(z1) + σ2(z1) ⊙ ε2, and its log weight is
 *   log w = log p(x | z1) + log p(z1 | z2) + log p(z2) − log q(z1 | x) − log q(z2 | z1).
 * The loss is −log (1/K) Σₖ wₖ over K = `samples` draws: −ELBO for K = 1 (a VAE; its KL has no closed form across
 * the layers, so it is this one-draw estimate), the negative IWAE bound for K > 1 (their eq. 8).
 *
 * The code is z2 (latentDim): `encode(x)` is the mean path μ2(μ1(x)), the mean of q(z2 | z1) at z1's posterior
 * mean (not E_q[z2 | x], which has no closed form); `posterior` is that q(z2 | z1 = μ1(x)) and `klPerSample` its KL
 * to N(0, I). `decode(z2)` decodes along the mean path too, z1 = E[z1 | z2]; `sample` draws ancestrally, z2, then
 * z1 ~ p(z1 | z2), so its samples come from the model's own p(x).
 */
import { klStandardNormal, Normal } from '../../distributions/gaussian.js';
import { mlp } from '../../nn/mlp.js';
import type { Sequential } from '../../nn/sequential.js';
import { add, mul, sub } from '../../ops/binary.js';
import { normal } from '../../ops/random.js';
import { logSumExp, mean, sum } from '../../ops/reduce.js';
import { reparameterize } from '../../ops/reparameterize.js';
import { reshape, split } from '../../ops/shape-ops.js';
import { affine, exp, neg, square } from '../../ops/unary.js';
import type { Generator } from '../../tensor/random.js';
import { formatShape, ShapeError } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import type {
  Batch, GaussianPosterior, ImportanceSampler, LossResult, ModelCapabilities, VariationalAutoencoder,
} from '../autoencoder.js';
import { AutoencoderBase } from '../blocks/autoencoder-base.js';
import { Decoder, Encoder, type NetworkConfig } from '../blocks/networks.js';
import type { HvaeConfig } from './hvae.config.js';

const LOG_2PI = Math.log(2 * Math.PI);

/** log N(μ + σ ⊙ ε; μ, σ²) summed over the last axis, written with ε: −½Σε² − ½Σ log σ² − (L/2) log 2π. */
function logDensityOfDraw(eps: Tensor, sumLogVar: Tensor): Tensor {
  const L = eps.shape[eps.rank - 1]!;
  return sub(affine(sum(square(eps), eps.rank - 1), -0.5, -0.5 * L * LOG_2PI), affine(sumLogVar, 0.5, 0));
}

function gaussianOf(raw: Tensor): GaussianPosterior {
  const [mu, logVar] = split(raw, 2, 1) as [Tensor, Tensor];
  return { mu, logVar };
}

export class HierarchicalVAE extends AutoencoderBase<HvaeConfig> implements VariationalAutoencoder<HvaeConfig> {
  /** x → [μ1, log σ1²] of q(z1 | x). */
  readonly encoder: Encoder;
  /** z1 → [μ2, log σ2²] of q(z2 | z1). */
  readonly upperEncoder: Sequential;
  /** z2 → [μ, log σ²] of p(z1 | z2). */
  readonly upperDecoder: Sequential;
  /** z1 → the parameters of p(x | z1). */
  readonly decoder: Decoder;

  constructor(config: HvaeConfig, gen: Generator) {
    super(config);
    const { lowerLatentDim: L1, latentDim: L2, activation } = config;
    const network: NetworkConfig = { inputShape: config.inputShape, arch: 'mlp', hidden: config.hidden, activation, convChannels: [] };
    this.encoder = this.registerModule('encoder', new Encoder(network, { outDim: 2 * L1, gen }));
    this.upperEncoder = this.registerModule('upperEncoder', mlp([L1, ...config.upperHidden, 2 * L2], { gen, activation }));
    this.upperDecoder = this.registerModule('upperDecoder', mlp([L2, ...[...config.upperHidden].reverse(), 2 * L1], { gen, activation }));
    this.decoder = this.registerModule('decoder', new Decoder(network, { inDim: L1, paramsPerValue: this.likelihood.paramsPerValue, gen }));
  }

  override get capabilities(): ModelCapabilities {
    return { ...super.capabilities, variational: true, generative: true };
  }

  /** q(z1 | x), N × lowerLatentDim each. */
  lowerPosterior(x: Tensor): GaussianPosterior {
    return gaussianOf(this.encoder.forward(x));
  }

  /** q(z2 | z1), N × latentDim each. */
  upperPosterior(z1: Tensor): GaussianPosterior {
    return gaussianOf(this.upperEncoder.forward(z1));
  }

  /** p(z1 | z2), N × lowerLatentDim each. */
  lowerPrior(z2: Tensor): GaussianPosterior {
    return gaussianOf(this.upperDecoder.forward(z2));
  }

  /** q(z2 | z1 = μ1(x)): the top layer's posterior along the mean path (see the file comment). */
  posterior(x: Tensor, _labels: Tensor | null = null): GaussianPosterior {
    return this.upperPosterior(this.lowerPosterior(x).mu);
  }

  /** μ2(μ1(x)), N × latentDim (see the file comment). */
  encode(x: Tensor, labels: Tensor | null = null): Tensor {
    return this.posterior(x, labels).mu;
  }

  /** μ1(x) and μ2(μ1(x)). */
  posteriorMeans(x: Tensor, _labels: Tensor | null = null): { name: string; mean: Tensor }[] {
    const mu1 = this.lowerPosterior(x).mu;
    return [{ name: 'z1', mean: mu1 }, { name: 'z2', mean: this.upperPosterior(mu1).mu }];
  }

  /** p(x | z1 = E[z1 | z2]): the decoder's raw output for top codes z2. */
  decodeRaw(z2: Tensor, _labels: Tensor | null = null): Tensor {
    return this.decoder.forward(this.lowerPrior(z2).mu);
  }

  /** log N(z2; 0, I) per code (N), in nats. */
  priorLogProb(z2: Tensor): Tensor {
    return affine(sum(square(z2), 1), -0.5, -0.5 * z2.shape[1]! * LOG_2PI);
  }

  /** KL(q(z2 | z1) ‖ N(0, I)) per sample (N) for a top-layer Gaussian such as `posterior(x)`. */
  klPerSample(posterior: GaussianPosterior): Tensor {
    return sum(klStandardNormal(posterior.mu, posterior.logVar), 1);
  }

  samplePrior(n: number, gen: Generator, _labels: Tensor | null = null): Tensor {
    return normal(gen, [n, this.config.latentDim]);
  }

  /** n ancestral samples: z2 ~ N(0, I), z1 ~ p(z1 | z2), then the mean of p(x | z1). */
  sample(n: number, gen: Generator, _labels: Tensor | null = null): Tensor {
    const p = this.lowerPrior(this.samplePrior(n, gen));
    const z1 = Normal.fromLogVar(p.mu, p.logVar).rsample(gen);
    return this.likelihood.mean(this.decoder.forward(z1));
  }

  importanceSampler(x: Tensor, _labels: Tensor | null = null): ImportanceSampler {
    const { lowerLatentDim: L1, latentDim: L2 } = this.config;
    const n = x.shape[0]!;
    const q1 = this.lowerPosterior(x);
    const mu1 = reshape(q1.mu, [n, 1, L1]);
    const sigma1 = exp(affine(reshape(q1.logVar, [n, 1, L1]), 0.5, 0));
    const sumLogVar1 = reshape(sum(q1.logVar, 1), [n, 1]);
    const weights = (eps: Tensor) => {
      if (eps.rank !== 3 || eps.shape[0] !== n || eps.shape[2] !== L1 + L2) {
        throw new ShapeError(`hvae: ε of shape ${formatShape(eps.shape)} should be ${n} × K × ${L1 + L2} (z1's ${L1} values, then z2's ${L2})`);
      }
      const k = eps.shape[1]!;
      const [eps1, eps2] = split(eps, [L1, L2], 2) as [Tensor, Tensor];
      const z1 = reshape(add(mu1, mul(sigma1, eps1)), [n * k, L1]);
      const q2 = this.upperPosterior(z1);
      const flatEps2 = reshape(eps2, [n * k, L2]);
      const z2 = reparameterize(q2.mu, q2.logVar, flatEps2);
      const p1 = this.lowerPrior(z2);
      const raw = this.decoder.forward(z1);
      const nll = k === 1 ? this.likelihood.nllPerSample(raw, x) : this.likelihood.nllPerSampleRepeated(raw, x, k);
      // log p(z2) + log p(z1 | z2) − log q(z2 | z1) − log p(x | z1), then − log q(z1 | x) on the N × K grid.
      const logP1 = sum(Normal.fromLogVar(p1.mu, p1.logVar).logProb(z1), 1);
      const perDraw = sub(add(this.priorLogProb(z2), logP1), add(logDensityOfDraw(flatEps2, sum(q2.logVar, 1)), nll));
      const logWeights = sub(reshape(perDraw, [n, k]), logDensityOfDraw(eps1, sumLogVar1));
      return { logWeights, reconstructionNll: reshape(nll, [n, k]) };
    };
    return { noiseSize: L1 + L2, weights };
  }

  /**
   * { reconstruction, kl } (+ `tightening` for K > 1), as the IWAE's: reconstruction is the mean over draws of
   * −log p(x | z1), kl the mean of log q(z1, z2 | x) − log p(z1, z2) (a Monte Carlo KL), their sum a K-draw −ELBO;
   * tightening = total − (reconstruction + kl) ≤ 0 is what the K-sample bound gains.
   */
  loss(batch: Batch, gen: Generator): LossResult {
    const K = this.config.samples;
    const n = batch.x.shape[0]!;
    const sampler = this.importanceSampler(batch.x);
    const { logWeights, reconstructionNll } = sampler.weights(normal(gen, [n, K, sampler.noiseSize]));
    const negativeElbo = neg(mean(logWeights));
    const reconstruction = mean(reconstructionNll);
    const kl = sub(negativeElbo, reconstruction);
    if (K === 1) return { total: negativeElbo, parts: { reconstruction, kl } };
    const total = affine(mean(logSumExp(logWeights, 1)), -1, Math.log(K));
    return { total, parts: { reconstruction, kl, tightening: sub(total, negativeElbo) } };
  }
}
