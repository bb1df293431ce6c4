/**
 * A bias and an activation in one op, y = act(x + b), with b broadcast along one axis of x (the last for a
 * dense layer, the channel axis of an N×C×H×W convolution output). Forward is one kernel; backward is one
 * kernel too, dx = g·act'(x) written in terms of y and db = Σ dx, where the composed add-then-activation takes
 * four or five kernels and as many temporaries.
 *
 * Under `createGraph` (a backward that is itself differentiated) the backward is composed from differentiable
 * ops instead, so second derivatives stay exact.
 */
import type { Activation } from '../backend/op-table.js';
import { ACTIVATIONS } from '../backend/op-table.js';
import { backend } from '../backend/registry.js';
import { isGradEnabled, record } from '../autograd/grad-mode.js';
import { formatShape, normalizeAxis, ShapeError, sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { add, mul } from './binary.js';
import { sum } from './reduce.js';
import { affine, expm1, neg, square, step } from './unary.js';

export interface BiasActOptions {
  /** The axis of x the bias runs along (default: the last). */
  axis?: number;
  /** leakyRelu's negative slope (default 0.01) or elu's α (default 1); unused by the others. */
  param?: number;
}

/** The parameter an activation uses when none is given (as PyTorch's defaults). */
export function defaultActivationParam(activation: Activation): number {
  return activation === 'leakyRelu' ? 0.01 : activation === 'elu' ? 1 : 0;
}

/** act'(x) in terms of y = act(x), from differentiable ops (for a recorded backward). */
function derivativeFromOutput(activation: Activation, y: Tensor, p: number): Tensor | null {
  switch (activation) {
    case 'identity': return null;
    case 'relu': return step(y);
    case 'sigmoid': return mul(y, affine(y, -1, 1));
    case 'tanh': return affine(square(y), -1, 1);
    case 'leakyRelu': return affine(step(y), 1 - p, p);
    // α·eˣ = y + α below 0
    case 'elu': { const positive = step(y); return add(positive, mul(affine(positive, -1, 1), affine(y, 1, p))); }
    // σ(x) = 1 − e^(−softplus(x))
    case 'softplus': return neg(expm1(neg(y)));
  }
}

/** Splits x's shape around `axis` into (outer, channels, inner). */
function layout(x: Tensor, axis: number): [number, number, number] {
  return [sizeOf(x.shape.slice(0, axis)), x.shape[axis]!, sizeOf(x.shape.slice(axis + 1))];
}

function forward(x: Tensor, bias: Tensor | null, activation: Activation, options: BiasActOptions, out: Tensor): Tensor {
  if (!ACTIVATIONS.includes(activation)) throw new RangeError(`biasAct: unknown activation '${String(activation)}' (known: ${ACTIVATIONS.join(', ')})`);
  if (x.rank === 0) throw new ShapeError('biasAct: x must have at least one axis');
  const axis = normalizeAxis(options.axis ?? -1, x.rank, 'biasAct');
  const [outer, channels, inner] = layout(x, axis);
  if (bias !== null && (bias.rank !== 1 || bias.shape[0] !== channels)) {
    throw new ShapeError(`biasAct: bias of shape ${formatShape(bias.shape)} does not match axis ${axis} of ${formatShape(x.shape)} (${channels})`);
  }
  const p = options.param ?? defaultActivationParam(activation);
  const be = backend();
  const b = bias === null ? be.alloc(channels) : bias.data;
  be.biasAct(x.data, b, out.data, outer, channels, inner, activation, p);
  const inputs = bias === null ? [x] : [x, bias];
  return record(out, activation === 'identity' ? 'addBias' : `bias+${activation}`, inputs, (g) => {
    const wantBias = bias !== null && bias.requiresGrad;
    let dx: Tensor;
    let db: Tensor | null = null;
    if (isGradEnabled()) {
      const d = derivativeFromOutput(activation, out, p);
      dx = d === null ? g : mul(g, d);
      if (wantBias) db = sum(dx, [...Array(x.rank).keys()].filter((a) => a !== axis));
    } else if (activation === 'identity') {
      dx = g;
      if (wantBias) {
        db = Tensor.uninitialized([channels]);
        be.reduce('sum', g.data, [outer, channels, inner], [0, 2], db.data);
      }
    } else {
      dx = Tensor.uninitialized(x.shape);
      db = wantBias ? Tensor.uninitialized([channels]) : null;
      be.biasActBackward(out.data, g.data, dx.data, db === null ? null : db.data, outer, channels, inner, activation, p);
    }
    return bias === null ? [dx] : [dx, db];
  });
}

/** act(x + bias), the bias broadcast along `options.axis` (the last by default); `bias` may be null. */
export function biasAct(x: Tensor, bias: Tensor | null, activation: Activation = 'identity', options: BiasActOptions = {}): Tensor {
  return forward(x, bias, activation, options, Tensor.uninitialized(x.shape));
}

/**
 * `biasAct` writing its result over x's storage: for an op's own fresh output that nothing else reads (a
 * matmul's result whose backward needs only its inputs). The returned tensor shares x's memory.
 */
export function biasActOver(x: Tensor, bias: Tensor | null, activation: Activation, options: BiasActOptions = {}): Tensor {
  return forward(x, bias, activation, options, new Tensor(x.data, x.shape, x.base));
}
