/**
 * The importance sampler of any variational model: its own (`importanceSampler`, models with several stochastic
 * layers) or the one-Gaussian-layer default, q(z | x) = `posterior(x)` computed once and the weights of
 * importance-weights.ts, with q itself exposed for its closed-form KL. The ELBO and IW-NLL evaluations go through
 * it, so they need not know how many layers a model has.
 */
import type { ImportanceSampler, VariationalAutoencoder } from '../autoencoder.js';
import type { Tensor } from '../../tensor/tensor.js';
import { importanceWeights } from './importance-weights.js';

export function importanceSampler(model: VariationalAutoencoder, x: Tensor, labels: Tensor | null): ImportanceSampler {
  if (model.importanceSampler !== undefined) return model.importanceSampler(x, labels);
  const q = model.posterior(x, labels);
  return { noiseSize: model.config.latentDim, weights: (eps) => importanceWeights(model, x, labels, q, eps), posterior: q };
}
