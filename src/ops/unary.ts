/**
 * Elementwise functions of one tensor. Each op computes its forward with one backend kernel and states its
 * vector–Jacobian product beside it, written with differentiable ops so second derivatives work too.
 */
import type { UnaryOp } from '../backend/backend.js';
import { backend } from '../backend/registry.js';
import { record } from '../autograd/grad-mode.js';
import { Tensor } from '../tensor/tensor.js';
import { add, div, eq, ge, le, mul, sub } from './binary.js';

/** Runs a unary kernel and records `backward(g, x, y)` as the rule for ∂L/∂x. */
function unary(op: UnaryOp, x: Tensor, backward: ((g: Tensor, x: Tensor, y: Tensor) => Tensor) | null, p0 = 0, p1 = 0): Tensor {
  const y = Tensor.uninitialized(x.shape);
  backend().unary(op, x.data, y.data, p0, p1);
  if (backward === null) return y;
  return record(y, op, [x], (g) => [backward(g, x, y)]);
}

export const neg = (x: Tensor): Tensor => unary('neg', x, (g) => neg(g));
/** d exp(x) = exp(x) */
export const exp = (x: Tensor): Tensor => unary('exp', x, (g, _x, y) => mul(g, y));
/** d log(x) = 1/x */
export const log = (x: Tensor): Tensor => unary('log', x, (g, x) => div(g, x));
/** d log(1+x) = 1/(1+x) */
export const log1p = (x: Tensor): Tensor => unary('log1p', x, (g, x) => div(g, affine(x, 1, 1)));
/** d (exp(x)−1) = exp(x) = y + 1 */
export const expm1 = (x: Tensor): Tensor => unary('expm1', x, (g, _x, y) => mul(g, affine(y, 1, 1)));
/** d √x = 1/(2√x) */
export const sqrt = (x: Tensor): Tensor => unary('sqrt', x, (g, _x, y) => div(g, affine(y, 2, 0)));
/** d x^(−½) = −½ · y³ */
export const rsqrt = (x: Tensor): Tensor => unary('rsqrt', x, (g, _x, y) => mul(g, affine(powScalar(y, 3), -0.5, 0)));
/** d |x| = sign(x) (0 at 0, as PyTorch) */
export const abs = (x: Tensor): Tensor => unary('abs', x, (g, x) => mul(g, sign(x)));
export const sign = (x: Tensor): Tensor => unary('sign', x, null);
/** 1 where x > 0, else 0 (Heaviside); it has no gradient. */
export const step = (x: Tensor): Tensor => unary('step', x, null);
/** d x² = 2x */
export const square = (x: Tensor): Tensor => unary('square', x, (g, x) => mul(g, affine(x, 2, 0)));
/** d (1/x) = −y² */
export const reciprocal = (x: Tensor): Tensor => unary('reciprocal', x, (g, _x, y) => neg(mul(g, square(y))));
/** d σ(x) = σ(x)(1 − σ(x)) */
export const sigmoid = (x: Tensor): Tensor => unary('sigmoid', x, (g, _x, y) => mul(g, mul(y, affine(y, -1, 1))));
/** d tanh(x) = 1 − tanh²(x) */
export const tanh = (x: Tensor): Tensor => unary('tanh', x, (g, _x, y) => mul(g, affine(square(y), -1, 1)));
/** d relu(x) = 1 for x > 0, else 0 */
export const relu = (x: Tensor): Tensor => unary('relu', x, (g, x) => mul(g, step(x)));
/** softplus(x) = log(1 + eˣ), with a linear tail for large x; d softplus = σ(x) */
export const softplus = (x: Tensor): Tensor => unary('softplus', x, (g, x) => mul(g, sigmoid(x)));
/** log σ(x) = −softplus(−x); d log σ(x) = σ(−x) */
export const logSigmoid = (x: Tensor): Tensor => unary('logSigmoid', x, (g, x) => mul(g, sigmoid(neg(x))));
/** max(x, 0) + α·min(x, 0); d = 1 or α */
export const leakyRelu = (x: Tensor, alpha = 0.01): Tensor =>
  unary('leakyRelu', x, (g, x) => mul(g, affine(step(x), 1 - alpha, alpha)), alpha);
/** x for x > 0, α(eˣ − 1) otherwise (Clevert et al. 2016); d = 1 or y + α */
export const elu = (x: Tensor, alpha = 1): Tensor =>
  unary('elu', x, (g, x, y) => {
    const positive = step(x);
    return mul(g, add(positive, mul(affine(positive, -1, 1), affine(y, 1, alpha))));
  }, alpha);
/** min(max(x, low), high); gradient 1 inside [low, high], 0 outside */
export const clamp = (x: Tensor, low = -Infinity, high = Infinity): Tensor =>
  unary('clamp', x, (g, x) => mul(g, mul(ge(x, low), le(x, high))), low, high);
/** a·x + b in one kernel; d = a */
export function affine(x: Tensor, a: number, b: number): Tensor {
  return unary('affine', x, (g) => affine(g, a, 0), a, b);
}
/** xᵖ for a constant p; d = p·x^(p−1) */
export function powScalar(x: Tensor, p: number): Tensor {
  if (p === 1) return unary('affine', x, (g) => g, 1, 0);
  return unary('powScalar', x, (g, x) => mul(g, affine(powScalar(x, p - 1), p, 0)), p);
}

/** 1 where x is NaN, else 0. */
export function isNan(x: Tensor): Tensor {
  return sub(1, eq(x, x));
}
