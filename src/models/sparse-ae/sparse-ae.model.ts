/** The sparse autoencoder: an AE whose loss adds β times a sparsity penalty on the code. */
import { add, mul, sub } from '../../ops/binary.js';
import { mean, sum } from '../../ops/reduce.js';
import { abs, clamp, log } from '../../ops/unary.js';
import type { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { AE } from '../ae/ae.model.js';
import type { Batch, LossResult } from '../autoencoder.js';
import { sumPerSample } from '../blocks/likelihood.js';
import type { SparseAeConfig } from './sparse-ae.config.js';

/** ρ̂ is kept inside [ε, 1 − ε] so the logs stay finite for dead or saturated units. */
const RATE_EPS = 1e-6;

/** Σ_j KL(Bernoulli(ρ) ‖ Bernoulli(ρ̂_j)) = Σ_j ρ log(ρ/ρ̂_j) + (1 − ρ) log((1 − ρ)/(1 − ρ̂_j)), ρ̂ = the batch mean of z. */
export function klSparsity(code: Tensor, rho: number): Tensor {
  const rate = clamp(mean(code, 0), RATE_EPS, 1 - RATE_EPS);
  const constant = rho * Math.log(rho) + (1 - rho) * Math.log(1 - rho);
  // Σ_j [const − ρ log ρ̂_j − (1 − ρ) log(1 − ρ̂_j)]
  const cross = add(mul(log(rate), rho), mul(log(sub(1, rate)), 1 - rho));
  return sum(sub(constant, cross));
}

/** The batch mean of Σ_j |z_j|. */
export function l1Sparsity(code: Tensor): Tensor {
  return mean(sumPerSample(abs(code)));
}

export class SparseAE extends AE<SparseAeConfig> {
  /** The sparsity penalty of a batch of codes (N × latentDim). */
  sparsityPenalty(code: Tensor): Tensor {
    return this.config.sparsity === 'kl' ? klSparsity(code, this.config.sparsityTarget) : l1Sparsity(code);
  }

  /** { reconstruction, sparsity } with total = reconstruction + β·sparsity. */
  override loss(batch: Batch, _gen: Generator): LossResult {
    const code = this.encode(batch.x);
    const reconstruction = this.likelihood.nll(this.decodeRaw(code), batch.x);
    const sparsity = this.sparsityPenalty(code);
    return { total: add(reconstruction, mul(sparsity, this.config.sparsityWeight)), parts: { reconstruction, sparsity } };
  }
}

