/**
 * klDivergence(q, p): the analytic KL(q ‖ p) for a pair of the same family, elementwise over the broadcast
 * batch (sum over event axes yourself, e.g. the latent axis of a VAE). Each formula lives with its family.
 */
import type { Tensor } from '../tensor/tensor.js';
import { Bernoulli, klBernoulli } from './bernoulli.js';
import { Categorical, klCategorical } from './categorical.js';
import type { Distribution } from './distribution.js';
import { klNormal, Normal } from './gaussian.js';
import { klLaplace, Laplace } from './laplace.js';

export function klDivergence(q: Distribution, p: Distribution): Tensor {
  if (q instanceof Normal && p instanceof Normal) return klNormal(q, p);
  if (q instanceof Bernoulli && p instanceof Bernoulli) return klBernoulli(q, p);
  if (q instanceof Categorical && p instanceof Categorical) return klCategorical(q, p);
  if (q instanceof Laplace && p instanceof Laplace) return klLaplace(q, p);
  throw new TypeError(`klDivergence: no analytic KL from ${q.constructor.name} to ${p.constructor.name}; estimate it by Monte Carlo from logProb`);
}
