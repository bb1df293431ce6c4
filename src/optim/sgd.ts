/** Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay (PyTorch's rules). */
import { Tensor } from '../tensor/tensor.js';
import { Optimizer, type ParamGroup, type ParamState, type ParamsInput, type StateBufferSpec } from './optimizer.js';

export type SGDHyperParams = {
  lr: number;
  /** μ: v ← μ·v + (1 − dampening)·g (default 0: plain SGD). */
  momentum: number;
  dampening: number;
  /** L2 penalty added to the gradient: g ← g + λ·θ. */
  weightDecay: number;
  /** Step along g + μ·v instead of v (Sutskever et al. 2013, PyTorch's form). */
  nesterov: boolean;
  /** Ascend instead of descend. */
  maximize: boolean;
};

export class SGD extends Optimizer<SGDHyperParams> {
  constructor(params: ParamsInput<SGDHyperParams>, options: Partial<SGDHyperParams> & { lr: number }) {
    super(params, { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, ...options });
  }

  protected override validate(g: SGDHyperParams): void {
    super.validate(g);
    if (!(g.momentum >= 0)) throw new RangeError(`SGD: momentum must be ≥ 0, got ${g.momentum}`);
    if (!(g.weightDecay >= 0)) throw new RangeError(`SGD: weightDecay must be ≥ 0, got ${g.weightDecay}`);
    if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0)) throw new RangeError('SGD: Nesterov momentum needs momentum > 0 and dampening 0');
  }

  // The momentum buffer is made by the first update with momentum ≠ 0, starting as that gradient.
  protected stateBuffers(g: SGDHyperParams): readonly StateBufferSpec[] {
    return g.momentum !== 0 ? [{ name: 'momentumBuffer', optional: true }] : [];
  }

  protected update(param: Tensor, grad: Tensor, state: ParamState, h: ParamGroup<SGDHyperParams>): void {
    const p = param.data;
    const g = grad.data;
    const { lr, momentum, dampening, weightDecay, nesterov } = h;
    const sign = h.maximize ? -1 : 1;
    const first = !state.buffers.has('momentumBuffer');
    const buf = momentum !== 0 ? this.buffer(state, 'momentumBuffer', p.length) : null;
    for (let i = 0; i < p.length; i++) {
      let d = sign * g[i]! + weightDecay * p[i]!;
      if (buf !== null) {
        // The buffer starts as the first gradient, undamped, as in PyTorch.
        const v = first ? d : momentum * buf[i]! + (1 - dampening) * d;
        buf[i] = v;
        d = nesterov ? d + momentum * v : v;
      }
      p[i] = p[i]! - lr * d;
    }
  }
}
