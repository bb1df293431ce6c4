/**
 * The contractive penalty ‖J_h(x)‖²_F = Σ_j Σ_i (∂h_j/∂x_i)² of an encoder h (Rifai et al. 2011), per sample.
 * Two ways to compute it, which the tests check against each other:
 * - closed form for one layer h = act(Wx + b): J = diag(act′(a)) W, so ‖J‖²_F = Σ_j act′(a_j)² Σ_i W_ji²;
 * - autodiff for any encoder: row j of J for every sample at once is ∂(Σ_n h_nj)/∂x (samples are
 *   independent), one backward pass per code unit, recorded (createGraph) so the penalty itself trains.
 */
import { gradients } from '../../autograd/backward.js';
import type { ActivationName } from '../../nn/activations.js';
import type { Linear } from '../../nn/linear.js';
import { add, gt, mul } from '../../ops/binary.js';
import { ones, zeros } from '../../ops/creation.js';
import { matmul } from '../../ops/matmul.js';
import { sum } from '../../ops/reduce.js';
import { reshape } from '../../ops/shape-ops.js';
import { affine, exp, sigmoid, square, step, tanh } from '../../ops/unary.js';
import { where } from '../../ops/where.js';
import { Tensor } from '../../tensor/tensor.js';
import { sumPerSample } from './likelihood.js';

/** act′(a) for the pre-activation a. */
export function activationDerivative(name: ActivationName, a: Tensor): Tensor {
  switch (name) {
    case 'sigmoid': {
      const h = sigmoid(a);
      return mul(h, affine(h, -1, 1));
    }
    case 'tanh': return affine(square(tanh(a)), -1, 1);
    case 'relu': return step(a);
    case 'leakyRelu': return where(gt(a, 0), 1, 0.01);
    case 'elu': return where(gt(a, 0), 1, exp(a));
    case 'softplus': return sigmoid(a);
    case 'identity': return ones(a.shape);
    default: throw new RangeError(`activationDerivative: unknown activation '${String(name)}'`);
  }
}

/** ‖J‖²_F per sample (N) for h = act(x·Wᵀ + b), x flattened to N × D. */
export function contractivePenaltyClosedForm(layer: Linear, act: ActivationName, x: Tensor): Tensor {
  const a = layer.forward(reshape(x, [x.shape[0]!, -1]));
  const rowNormsSq = sum(square(layer.weight), 1);
  return matmul(square(activationDerivative(act, a)), rowNormsSq);
}

/**
 * ‖∂h/∂x‖²_F per sample (N) by autodiff; `h` (N × L) must have been computed from `x`, which requires a gradient.
 * `createGraph` records the backward passes so the result can be differentiated (for training).
 */
export function contractivePenaltyAutodiff(h: Tensor, x: Tensor, createGraph: boolean): Tensor {
  const [n, units] = h.shape as [number, number];
  let total: Tensor | null = null;
  for (let j = 0; j < units; j++) {
    const select = zeros([n, units]);
    for (let i = 0; i < n; i++) select.data[i * units + j] = 1;
    const [row] = gradients(h, [x], { gradOutput: select, createGraph, retainGraph: true }) as [Tensor];
    const norm = sumPerSample(square(row));
    total = total === null ? norm : add(total, norm);
  }
  return total!;
}
