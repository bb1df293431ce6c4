/** Reductions over axes: sum, mean, max/min, arg-max/min, log-sum-exp, variance. */
import type { ReduceOp } from '../backend/backend.js';
import { backend } from '../backend/registry.js';
import { noGrad, record } from '../autograd/grad-mode.js';
import { normalizeAxes, normalizeAxis, reducedShape, sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { add, div, eq, mul, sub } from './binary.js';
import { broadcastTo, reshape } from './shape-ops.js';
import { exp, log, square } from './unary.js';
import { where } from './where.js';

export type Axes = number | readonly number[] | undefined;

function reduceForward(op: ReduceOp, x: Tensor, axes: number[], keepDims: boolean): Tensor {
  const out = Tensor.uninitialized(reducedShape(x.shape, axes, keepDims));
  backend().reduce(op, x.data, x.shape, axes, out.data);
  return out;
}

/** Broadcasts a reduced gradient back over the reduced axes. */
function expandBack(g: Tensor, x: Tensor, axes: number[]): Tensor {
  return broadcastTo(reshape(g, reducedShape(x.shape, axes, true)), x.shape);
}

/** Σ over `axes` (all when omitted); d = 1 broadcast back. */
export function sum(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  const ax = normalizeAxes(axes, x.rank, 'sum');
  const out = reduceForward('sum', x, ax, keepDims);
  return record(out, 'sum', [x], (g) => [expandBack(g, x, ax)]);
}

export function mean(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  const ax = normalizeAxes(axes, x.rank, 'mean');
  const count = ax.reduce((p, a) => p * x.shape[a]!, 1);
  return div(sum(x, ax, keepDims), count);
}

function extremum(op: 'max' | 'min', x: Tensor, axes: Axes, keepDims: boolean): Tensor {
  const ax = normalizeAxes(axes, x.rank, op);
  if (ax.some((a) => x.shape[a] === 0)) throw new RangeError(`${op}: cannot reduce over an empty axis of shape [${x.shape.join(', ')}]`);
  const out = reduceForward(op, x, ax, keepDims);
  return record(out, op, [x], (g) => {
    // The gradient goes to the arg-extremum; ties share it evenly.
    const hit = eq(x, reshape(out.detach(), reducedShape(x.shape, ax, true)));
    const share = div(hit, sum(hit, ax, true));
    return [mul(expandBack(g, x, ax), share)];
  });
}

export const max = (x: Tensor, axes?: Axes, keepDims = false): Tensor => extremum('max', x, axes, keepDims);
export const min = (x: Tensor, axes?: Axes, keepDims = false): Tensor => extremum('min', x, axes, keepDims);

function argExtremum(op: 'max' | 'min', x: Tensor, axis: number | undefined, keepDims: boolean): Tensor {
  if (axis === undefined) return argExtremum(op, reshape(x, [x.size]), 0, false);
  const a = normalizeAxis(axis, x.rank, `arg${op}`);
  const out = Tensor.empty(reducedShape(x.shape, [a], keepDims));
  backend().argReduce(op, x.data, x.shape, a, out.data);
  return out;
}

/** Index of the largest value along `axis` (over the flattened tensor when omitted), as float values. */
export const argmax = (x: Tensor, axis?: number, keepDims = false): Tensor => argExtremum('max', x, axis, keepDims);
export const argmin = (x: Tensor, axis?: number, keepDims = false): Tensor => argExtremum('min', x, axis, keepDims);

/** The max over `axes` (kept as 1s) as a constant, or 0 where it is not finite: a shift that keeps exp from overflowing. */
export function stableShift(x: Tensor, axes: number[]): Tensor {
  return noGrad(() => {
    const raw = reduceForward('max', x, axes, true);
    // NOTE: an all −∞ (or +∞) slice would give ∞ − ∞ = NaN; shift by 0 there instead.
    return where(eq(sub(raw, raw), 0), raw, 0);
  });
}

/**
 * log Σ exp(x) over `axes`, computed as m + log Σ exp(x − m) with m the (constant) max, so it never
 * overflows; its gradient is the softmax.
 */
export function logSumExp(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  const ax = normalizeAxes(axes, x.rank, 'logSumExp');
  const m = stableShift(x, ax);
  const lse = add(log(sum(exp(sub(x, m)), ax, true)), m);
  return keepDims ? lse : reshape(lse, reducedShape(x.shape, ax, false));
}

/** Variance over `axes` with `correction` (0: population, 1: Bessel's sample variance). */
export function variance(x: Tensor, axes?: Axes, keepDims = false, correction = 0): Tensor {
  const ax = normalizeAxes(axes, x.rank, 'variance');
  const count = ax.reduce((p, a) => p * x.shape[a]!, 1);
  const centered = sub(x, mean(x, ax, true));
  return div(sum(square(centered), ax, keepDims), Math.max(count - correction, 0));
}

/** Number of elements reduced by `axes`. */
export function reducedCount(x: Tensor, axes?: Axes): number {
  return sizeOf(normalizeAxes(axes, x.rank, 'count').map((a) => x.shape[a]!));
}
