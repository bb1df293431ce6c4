/**
 * The IWAE (Burda et al. 2016): a VAE whose loss is −L_K, the negative K-sample importance-weighted bound
 * −log (1/K) Σₖ wₖ with wₖ = p(x | zₖ) p(zₖ) / q(zₖ | x) and K reparameterised draws zₖ per input (their eq. 8;
 * autodiff of the log-sum-exp gives their eq. 14, the gradient averaged with normalised weights).
 * Loss parts: `reconstruction` (the mean over the K draws of −log p(x | zₖ)) and `kl` (analytic) add up to a
 * K-draw estimate of −ELBO; `tightening` = −L_K − (reconstruction + kl), ≤ 0 in expectation, is what the
 * K-sample bound gains on the ELBO.
 */
import { add, sub } from '../../ops/binary.js';
import { normal } from '../../ops/random.js';
import { logSumExp, mean } from '../../ops/reduce.js';
import { affine } from '../../ops/unary.js';
import type { Generator } from '../../tensor/random.js';
import type { Batch, LossResult } from '../autoencoder.js';
import { importanceWeights } from '../blocks/importance-weights.js';
import { VAE } from '../vae/vae.model.js';
import type { IwaeConfig } from './iwae.config.js';

export class IWAE extends VAE<IwaeConfig> {
  constructor(config: IwaeConfig, gen: Generator) {
    super(config, gen);
  }

  override loss(batch: Batch, gen: Generator): LossResult {
    const K = this.config.samples;
    const q = this.posterior(batch.x, batch.labels);
    const { logWeights, reconstructionNll } = importanceWeights(this, batch.x, batch.labels, q, normal(gen, [batch.x.shape[0]!, K, this.config.latentDim]));
    // −L_K = −mean over inputs of (log Σₖ wₖ − log K).
    const total = affine(mean(logSumExp(logWeights, 1)), -1, Math.log(K));
    const reconstruction = mean(reconstructionNll);
    const kl = mean(this.klPerSample(q));
    return { total, parts: { reconstruction, kl, tightening: sub(total, add(reconstruction, kl)) } };
  }
}
