/** Random tensors. Each takes an explicit `Generator`; there is no global random state. */
import { Generator } from '../tensor/random.js';
import type { Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** Uniform values in [low, high). */
export function uniform(gen: Generator, shape: Shape, low = 0, high = 1): Tensor {
  const t = Tensor.empty(shape);
  gen.fillUniform(t.data, low, high);
  return t;
}

/** Normal values with the given mean and standard deviation. */
export function normal(gen: Generator, shape: Shape, mean = 0, std = 1): Tensor {
  const t = Tensor.empty(shape);
  gen.fillNormal(t.data, mean, std);
  return t;
}

/** 0/1 draws: probability `p` (a number with a shape, or a tensor of probabilities). */
export function bernoulli(gen: Generator, p: number | Tensor, shape?: Shape): Tensor {
  if (p instanceof Tensor) {
    const t = Tensor.empty(p.shape);
    gen.fillBernoulli(t.data, p.data);
    return t;
  }
  if (shape === undefined) throw new TypeError('bernoulli: a shape is needed when p is a number');
  const t = Tensor.empty(shape);
  gen.fillBernoulli(t.data, p);
  return t;
}

/** Uniform integers in [low, high) as float values. */
export function randint(gen: Generator, shape: Shape, low: number, high: number): Tensor {
  const t = Tensor.empty(shape);
  for (let i = 0; i < t.size; i++) t.data[i] = low + gen.nextInt(high - low);
  return t;
}
