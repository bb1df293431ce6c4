/** Inverted dropout (Srivastava et al. 2014): zero each value with probability p and scale the rest by 1/(1−p). */
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { mul } from './binary.js';

export function dropout(x: Tensor, p: number, gen: Generator, training = true): Tensor {
  if (!(p >= 0 && p < 1)) throw new RangeError(`dropout: p must be in [0, 1), got ${p}`);
  if (!training || p === 0) return x;
  const mask = Tensor.empty(x.shape);
  gen.fillBernoulli(mask.data, 1 - p);
  const scale = 1 / (1 - p);
  for (let i = 0; i < mask.size; i++) mask.data[i]! *= scale;
  // The mask is a constant, so the gradient is the same mask: ∂(x·m)/∂x = m.
  return mul(x, mask);
}
