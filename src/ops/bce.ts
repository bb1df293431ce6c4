/**
 * Binary cross-entropy from logits in one kernel: bce(a, b) = max(a, 0) − a·b + log1p(e^(−|a|))
 * = −[b·logσ(a) + (1 − b)·logσ(−a)], the negative log-likelihood of a target b ∈ [0, 1] under a Bernoulli with
 * logit a (the VAE decoder's reconstruction term, Kingma & Welling 2014). One pass instead of the five or so
 * kernels (and temporaries) of the logσ form; never exponentiates a positive number, so any logit is safe.
 */
import { backend } from '../backend/registry.js';
import { isGradEnabled, record } from '../autograd/grad-mode.js';
import { broadcastShapes, broadcastStrides, formatShape, shapesEqual, ShapeError } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { asTensor } from './creation.js';
import { mul, sub, sumTo } from './binary.js';
import { sum } from './reduce.js';
import { reshape } from './shape-ops.js';
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

/**
 * Σ over every axis but the first of bceWithLogits(logits, target): the per-sample BCE of a batch (N), in one
 * kernel that also writes ∂/∂logits = σ(a) − b for the backward when a gradient will be needed, so the backward
 * is one multiply by the incoming per-sample gradient. With `requireProbabilities`, targets outside [0, 1] are a
 * RangeError (the kernel counts them as it goes; the message names the first).
 *
 * With `repeats` = K > 1, logits hold K consecutive rows per target row (N·K × …, target N × …): each is scored
 * against its target row, which is read in place rather than copied K times (the importance-weighted bound's
 * K samples of one input); the result has N·K values.
 */
export function bceWithLogitsPerSample(logits: Tensor, target: Tensor, requireProbabilities?: (target: Tensor) => void, repeats = 1): Tensor {
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError(`bceWithLogitsPerSample: repeats must be a positive integer, got ${repeats}`);
  if (logits.rank < 1 || logits.rank !== target.rank || logits.shape[0] !== target.shape[0]! * repeats ||
    !shapesEqual(logits.shape.slice(1), target.shape.slice(1))) {
    const want = repeats === 1 ? 'must have one shape of rank ≥ 1' : `must be N·${repeats} × … and N × … of one row shape`;
    throw new ShapeError(`bceWithLogitsPerSample: logits ${formatShape(logits.shape)} and target ${formatShape(target.shape)} ${want}`);
  }
  const rows = logits.shape[0]!;
  const cols = rows === 0 ? 0 : logits.size / rows;
  const out = Tensor.uninitialized([rows]);
  const keepGrad = logits.requiresGrad && isGradEnabled();
  const grad = keepGrad ? Tensor.uninitialized(logits.shape) : null;
  const outside = backend().bceWithLogitsRows(logits.data, target.data, rows, cols, out.data, grad === null ? null : grad.data, repeats);
  if (outside > 0 && requireProbabilities !== undefined) requireProbabilities(target);
  const column = [rows, ...logits.shape.slice(1).map(() => 1)];
  // Logits-shaped tensors as an N × K × … grid, against which the target broadcasts as N × 1 × ….
  const rowShape = target.shape.slice(1);
  const grid = (t: Tensor): Tensor => repeats === 1 ? t : reshape(t, [target.shape[0]!, repeats, ...rowShape]);
  const targetInGrid = repeats === 1 ? target : reshape(target, [target.shape[0]!, 1, ...rowShape]);
  return record(out, 'bceWithLogitsPerSample', [logits, target], (g) => {
    const gc = reshape(g, column);
    const gcInGrid = repeats === 1 ? gc : reshape(g, [target.shape[0]!, repeats, ...rowShape.map(() => 1)]);
    let ga: Tensor | null = null;
    if (logits.requiresGrad) {
      // The saved σ(a) − b is a constant: under createGraph use the differentiable form instead.
      ga = grad !== null && !isGradEnabled() ? mul(grad, gc) : reshape(mul(gcInGrid, sub(grid(sigmoid(logits)), targetInGrid)), logits.shape);
    }
    // ∂/∂b = −a, summed over the K rows that read each target row.
    const gb = !target.requiresGrad ? null : repeats === 1 ? neg(mul(gc, logits)) : neg(sum(mul(gcInGrid, grid(logits)), 1));
    return [ga, gb];
  });
}
