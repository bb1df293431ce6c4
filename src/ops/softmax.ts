/** Softmax and log-softmax, written from log-sum-exp so they are stable and twice differentiable. */
import { Tensor } from '../tensor/tensor.js';
import { sub } from './binary.js';
import { logSumExp } from './reduce.js';
import { exp } from './unary.js';

/** log softmax(x) = x − logΣexp(x) along `axis`. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  return sub(x, logSumExp(x, axis, true));
}

/** exp(x − logΣexp(x)) along `axis`: never overflows, rows sum to 1. */
export function softmax(x: Tensor, axis = -1): Tensor {
  return exp(logSoftmax(x, axis));
}
