/**
 * RMSProp (Hinton's lecture 6e; PyTorch's form): s ← αs + (1−α)g², θ ← θ − lr·g/(√s + ε); the centred
 * variant divides by the estimated standard deviation √(s − ḡ²) instead, and momentum accumulates g/(√s + ε).
 */
import { Tensor } from '../tensor/tensor.js';
import { Optimizer, type ParamGroup, type ParamState, type ParamsInput, type StateBufferSpec } from './optimizer.js';

export type RMSpropHyperParams = {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
};

/** Defaults as PyTorch: lr 0.01, α 0.99, ε 1e-8. */
export class RMSprop extends Optimizer<RMSpropHyperParams> {
  constructor(params: ParamsInput<RMSpropHyperParams>, options: Partial<RMSpropHyperParams> = {}) {
    super(params, { lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, ...options });
  }

  protected override validate(g: RMSpropHyperParams): void {
    super.validate(g);
    if (!(g.alpha >= 0 && g.alpha <= 1)) throw new RangeError(`RMSprop: alpha must be in [0, 1], got ${g.alpha}`);
    if (!(g.momentum >= 0)) throw new RangeError(`RMSprop: momentum must be ≥ 0, got ${g.momentum}`);
    if (!(g.eps >= 0)) throw new RangeError(`RMSprop: eps must be ≥ 0, got ${g.eps}`);
    if (!(g.weightDecay >= 0)) throw new RangeError(`RMSprop: weightDecay must be ≥ 0, got ${g.weightDecay}`);
  }

  protected stateBuffers(g: RMSpropHyperParams): readonly StateBufferSpec[] {
    const out: StateBufferSpec[] = [{ name: 'squareAvg', nonNegative: true }];
    if (g.centered) out.push({ name: 'gradAvg' });
    if (g.momentum > 0) out.push({ name: 'momentumBuffer' });
    return out;
  }

  protected update(param: Tensor, grad: Tensor, state: ParamState, h: ParamGroup<RMSpropHyperParams>): void {
    const p = param.data;
    const g = grad.data;
    const { lr, alpha, eps, weightDecay, momentum, centered } = h;
    const sq = this.buffer(state, 'squareAvg', p.length);
    const avgG = centered ? this.buffer(state, 'gradAvg', p.length) : null;
    const buf = momentum > 0 ? this.buffer(state, 'momentumBuffer', p.length) : null;
    for (let i = 0; i < p.length; i++) {
      const d = g[i]! + weightDecay * p[i]!;
      const s = alpha * sq[i]! + (1 - alpha) * d * d;
      sq[i] = s;
      let variance = s;
      if (avgG !== null) {
        const a = alpha * avgG[i]! + (1 - alpha) * d;
        avgG[i] = a;
        variance = s - a * a;
      }
      const step = d / (Math.sqrt(variance) + eps);
      if (buf !== null) {
        const v = momentum * buf[i]! + step;
        buf[i] = v;
        p[i] = p[i]! - lr * v;
      } else p[i] = p[i]! - lr * step;
    }
  }
}
