/**
 * Binary cross-entropy from logits in one kernel: bce(a, b) = max(a, 0) − a·b + log1p(e^(−|a|))
 * = −[b·logσ(a) + (1 − b)·logσ(−a)], the negative log-likelihood of a target b ∈ [0, 1] under a Bernoulli with
 * logit a (the VAE decoder's reconstruction term, Kingma & Welling 2014). One pass instead of the five or so
 * kernels (and temporaries) of the logσ form; never exponentiates a positive number, so any logit is safe.
 */
import { backend } from '../backend/registry.js';
import { record } from '../autograd/grad-mode.js';
import { broadcastShapes, broadcastStrides } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { asTensor } from './creation.js';
import { mul, sub, sumTo } from './binary.js';
import { neg, sigmoid } from './unary.js';

/**
 * Elementwise BCE of `logits` against `target` (broadcast together), not reduced.
 * ∂/∂a = σ(a) − b and ∂/∂b = −a, written with differentiable ops so second derivatives work.
 */
export function bceWithLogits(logits: Tensor | number, target: Tensor | number): Tensor {
  const a = asTensor(logits);
  const b = asTensor(target);
  const shape = broadcastShapes('bceWithLogits', a.shape, b.shape);
  const out = Tensor.empty(shape);
  backend().binary('bceWithLogits', a.data, broadcastStrides(a.shape, shape), b.data, broadcastStrides(b.shape, shape),
    out.data, shape);
  return record(out, 'bceWithLogits', [a, b], (g) => [
    a.requiresGrad ? sumTo(mul(g, sub(sigmoid(a), b)), a.shape) : null,
    b.requiresGrad ? sumTo(neg(mul(g, a)), b.shape) : null,
  ]);
}
