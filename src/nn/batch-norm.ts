/**
 * Batch normalisation (Ioffe & Szegedy 2015): y = (x − μ)/√(σ² + ε)·γ + β per channel (axis 1).
 * Training uses the batch's mean and biased variance and updates running estimates with
 * r ← (1 − momentum)·r + momentum·batch, where the running variance takes the unbiased batch variance
 * (n/(n−1)), as PyTorch does; evaluation uses the running estimates.
 */
import { noGrad } from '../autograd/grad-mode.js';
import { add, mul, sub } from '../ops/binary.js';
import { full, zeros } from '../ops/creation.js';
import { mean, variance } from '../ops/reduce.js';
import { reshape } from '../ops/shape-ops.js';
import { rsqrt } from '../ops/unary.js';
import { formatShape, ShapeError } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { Module, Parameter } from './module.js';

export interface BatchNormOptions {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Weight of the new batch in the running statistics (default 0.1); null for a cumulative average. */
  momentum?: number | null;
  /** Learn a per-channel scale γ and shift β (default true). */
  affine?: boolean;
  /** Keep running statistics for eval mode (default true); without them batch statistics are always used. */
  trackRunningStats?: boolean;
}

abstract class BatchNorm extends Module {
  readonly eps: number;
  readonly momentum: number | null;
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;
  readonly runningMean: Tensor | null;
  readonly runningVar: Tensor | null;
  readonly numBatchesTracked: Tensor | null;

  constructor(readonly numFeatures: number, options: BatchNormOptions = {}) {
    super();
    if (!Number.isInteger(numFeatures) || numFeatures <= 0) throw new RangeError(`${new.target.name}: numFeatures must be a positive integer, got ${numFeatures}`);
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    const affine = options.affine ?? true;
    this.weight = affine ? this.registerParameter('weight', full([numFeatures], 1)) : null;
    this.bias = affine ? this.registerParameter('bias', zeros([numFeatures])) : null;
    const track = options.trackRunningStats ?? true;
    this.runningMean = track ? this.registerBuffer('runningMean', zeros([numFeatures])) : null;
    this.runningVar = track ? this.registerBuffer('runningVar', full([numFeatures], 1)) : null;
    this.numBatchesTracked = track ? this.registerBuffer('numBatchesTracked', zeros([])) : null;
  }

  /** Throws unless `x` has a rank this layer accepts. */
  protected abstract checkRank(x: Tensor): void;

  forward(x: Tensor): Tensor {
    this.checkRank(x);
    if (x.shape[1] !== this.numFeatures) {
      throw new ShapeError(`${this.constructor.name}(${this.numFeatures}): input of shape ${formatShape(x.shape)} has ${x.shape[1]} channels on axis 1`);
    }
    const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
    const channelShape = x.shape.map((d, i) => (i === 1 ? d : 1));
    let centered: Tensor;
    let invStd: Tensor;
    if (this.training || this.runningMean === null) {
      const count = axes.reduce((p, a) => p * x.shape[a]!, 1);
      if (count < 2) throw new ShapeError(`${this.constructor.name}: need more than 1 value per channel in training, got input ${formatShape(x.shape)}`);
      const mu = mean(x, axes, true);
      const v = variance(x, axes, true, 0);
      if (this.training) this.#updateRunningStats(mu, v, count);
      centered = sub(x, mu);
      invStd = rsqrt(add(v, this.eps));
    } else {
      centered = sub(x, reshape(this.runningMean, channelShape));
      invStd = noGrad(() => rsqrt(add(reshape(this.runningVar!, channelShape), this.eps)));
    }
    let y = mul(centered, invStd);
    if (this.weight !== null && this.bias !== null) y = add(mul(y, reshape(this.weight, channelShape)), reshape(this.bias, channelShape));
    return y;
  }

  #updateRunningStats(batchMean: Tensor, batchVar: Tensor, count: number): void {
    if (this.runningMean === null || this.runningVar === null || this.numBatchesTracked === null) return;
    this.numBatchesTracked.data[0]! += 1;
    const m = this.momentum ?? 1 / this.numBatchesTracked.data[0]!;
    const unbias = count / (count - 1);
    const rm = this.runningMean.data;
    const rv = this.runningVar.data;
    for (let c = 0; c < this.numFeatures; c++) {
      rm[c] = (1 - m) * rm[c]! + m * batchMean.data[c]!;
      rv[c] = (1 - m) * rv[c]! + m * batchVar.data[c]! * unbias;
    }
  }

  protected override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}`;
  }
}

/** Over N×C (features) or N×C×L (sequences) inputs, statistics per channel C. */
export class BatchNorm1d extends BatchNorm {
  protected checkRank(x: Tensor): void {
    if (x.rank !== 2 && x.rank !== 3) throw new ShapeError(`BatchNorm1d: expected an N×C or N×C×L input, got ${formatShape(x.shape)}`);
  }
}

/** Over N×C×H×W images, statistics per channel C. */
export class BatchNorm2d extends BatchNorm {
  protected checkRank(x: Tensor): void {
    if (x.rank !== 4) throw new ShapeError(`BatchNorm2d: expected an N×C×H×W input, got ${formatShape(x.shape)}`);
  }
}
