/** Elementwise selection: `where(cond, a, b)` takes a where cond ≠ 0 and b elsewhere; all three broadcast. */
import { backend } from '../backend/registry.js';
import { record } from '../autograd/grad-mode.js';
import { broadcastShapes, broadcastStrides } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { sumTo } from './binary.js';
import { asTensor } from './creation.js';

export function where(cond: Tensor, x: Tensor | number, y: Tensor | number): Tensor {
  const a = asTensor(x);
  const b = asTensor(y);
  const shape = broadcastShapes('where', cond.shape, a.shape, b.shape);
  const out = Tensor.empty(shape);
  backend().where(cond.data, broadcastStrides(cond.shape, shape), a.data, broadcastStrides(a.shape, shape),
    b.data, broadcastStrides(b.shape, shape), out.data, shape);
  // NOTE: the unselected branch gets an exact 0, never 0·∞ = NaN, which is why this is not c·a + (1−c)·b.
  return record(out, 'where', [a, b], (g) => [
    a.requiresGrad ? sumTo(where(cond, g, 0), a.shape) : null,
    b.requiresGrad ? sumTo(where(cond, 0, g), b.shape) : null,
  ]);
}
