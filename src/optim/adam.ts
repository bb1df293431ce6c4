/**
 * Adam (Kingma & Ba 2015) and AdamW (Loshchilov & Hutter 2019), both through the backend's fused
 * `adamUpdate` kernel: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − lr·m̂/(√v̂ + ε) with bias-corrected
 * m̂, v̂. Adam adds weight decay to the gradient (L2); AdamW decays the weights directly: θ ← θ(1 − lr·λ).
 */
import { backend } from '../backend/registry.js';
import { Tensor } from '../tensor/tensor.js';
import { Optimizer, type ParamGroup, type ParamState, type ParamsInput, type StateBufferSpec } from './optimizer.js';

export type AdamHyperParams = {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
};

const ADAM_BUFFERS: readonly StateBufferSpec[] = [{ name: 'expAvg' }, { name: 'expAvgSq', nonNegative: true }];

abstract class AdamBase extends Optimizer<AdamHyperParams> {
  protected abstract readonly decoupled: boolean;

  protected override validate(g: AdamHyperParams): void {
    super.validate(g);
    for (const [k, v] of [['beta1', g.beta1], ['beta2', g.beta2]] as const) {
      if (!(v >= 0 && v < 1)) throw new RangeError(`${this.constructor.name}: ${k} must be in [0, 1), got ${v}`);
    }
    if (!(g.eps >= 0)) throw new RangeError(`${this.constructor.name}: eps must be ≥ 0, got ${g.eps}`);
    if (!(g.weightDecay >= 0)) throw new RangeError(`${this.constructor.name}: weightDecay must be ≥ 0, got ${g.weightDecay}`);
  }

  protected stateBuffers(): readonly StateBufferSpec[] {
    return ADAM_BUFFERS;
  }

  protected update(param: Tensor, grad: Tensor, state: ParamState, h: ParamGroup<AdamHyperParams>): void {
    const m = this.buffer(state, 'expAvg', param.size);
    const v = this.buffer(state, 'expAvgSq', param.size);
    backend().adamUpdate(param.data, grad.data, m, v, {
      lr: h.lr, beta1: h.beta1, beta2: h.beta2, eps: h.eps, step: state.step, weightDecay: h.weightDecay, decoupled: this.decoupled,
    });
  }
}

/** Adam with PyTorch's defaults: lr 1e-3, β = (0.9, 0.999), ε = 1e-8, no weight decay. */
export class Adam extends AdamBase {
  protected readonly decoupled = false;

  constructor(params: ParamsInput<AdamHyperParams>, options: Partial<AdamHyperParams> = {}) {
    super(params, { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, ...options });
  }
}

/** AdamW with PyTorch's defaults: lr 1e-3, β = (0.9, 0.999), ε = 1e-8, decoupled weight decay 0.01. */
export class AdamW extends AdamBase {
  protected readonly decoupled = true;

  constructor(params: ParamsInput<AdamHyperParams>, options: Partial<AdamHyperParams> = {}) {
    super(params, { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, ...options });
  }
}
