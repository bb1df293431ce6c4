/** Softmax and log-softmax, written from log-sum-exp so they are stable and twice differentiable. */
import { normalizeAxis } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { sub } from './binary.js';
import { logSumExp, stableShift } from './reduce.js';
import { exp } from './unary.js';

/** log softmax(x) = x − logΣexp(x) along `axis`. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  // NOTE: shift by the (constant) max first. x − m is exact, while x − logΣexp(x) would round logΣexp(x) at the
  // scale of |x|: logits near 1000 would lose 1e-5 relative accuracy in the probabilities.
  const shifted = sub(x, stableShift(x, [normalizeAxis(axis, x.rank, 'logSoftmax')]));
  return sub(shifted, logSumExp(shifted, axis, true));
}

/** exp(x − logΣexp(x)) along `axis`: never overflows, rows sum to 1. */
export function softmax(x: Tensor, axis = -1): Tensor {
  return exp(logSoftmax(x, axis));
}
