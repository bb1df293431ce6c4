/**
 * The decoder's output distribution p(x | z) (the lecture's chapter 1: a network outputs the parameters of a
 * distribution, and the loss is its negative log-likelihood). Losses are in nats per sample: summed over
 * every value of a sample, averaged over the batch.
 *
 * - bernoulli: the decoder outputs logits; −log p = BCE-with-logits, valid for any x ∈ [0, 1].
 * - gaussian:  the decoder outputs means (and log-variances when learned); −log p = ½Σ[(x−μ)²/σ² + log σ² + log 2π].
 */
import { Normal } from '../../distributions/gaussian.js';
import { requireUnitInterval } from '../../distributions/distribution.js';
import { gaussianNll } from '../../distributions/losses.js';
import { bceWithLogitsPerSample } from '../../ops/bce.js';
import { mean, sum } from '../../ops/reduce.js';
import { reshape, split } from '../../ops/shape-ops.js';
import { neg, sigmoid } from '../../ops/unary.js';
import { formatShape, ShapeError } from '../../tensor/shape.js';
import { Tensor } from '../../tensor/tensor.js';
import { inputSize } from './networks.js';

export interface LikelihoodConfig {
  inputShape: number[];
  decoder: 'bernoulli' | 'gaussian';
  decoderVariance: 'fixed' | 'learned';
  decoderSigma: number;
}

/** A Bernoulli likelihood's targets must be probabilities (the BCE kernel counts those that are not). */
const requireBernoulliTargets = (t: Tensor): void => requireUnitInterval('Bernoulli.logProb', 'value', t);

/** Σ over every axis but the first: a per-sample total (N). */
export function sumPerSample(t: Tensor): Tensor {
  return sum(reshape(t, [t.shape[0]!, -1]), 1);
}

export class DecoderLikelihood {
  /** Decoder outputs per data value: 2 for a Gaussian with learned variance, else 1. */
  readonly paramsPerValue: 1 | 2;

  constructor(readonly config: LikelihoodConfig) {
    this.paramsPerValue = config.decoder === 'gaussian' && config.decoderVariance === 'learned' ? 2 : 1;
  }

  /** The decoder's flat output (N × k·D) as k tensors of the data's shape. */
  private params(raw: Tensor): Tensor[] {
    const d = inputSize(this.config.inputShape);
    if (raw.rank !== 2 || raw.shape[1] !== this.paramsPerValue * d) {
      throw new ShapeError(`DecoderLikelihood: decoder output of shape ${formatShape(raw.shape)} should be N×${this.paramsPerValue * d}`);
    }
    const shape = [raw.shape[0]!, ...this.config.inputShape];
    const parts = this.paramsPerValue === 1 ? [raw] : split(raw, 2, 1);
    return parts.map((p) => reshape(p, shape));
  }

  /** −log p(x | decoder output) for each sample (N), in nats. */
  nllPerSample(raw: Tensor, target: Tensor): Tensor {
    const [loc, logVar] = this.params(raw) as [Tensor, Tensor | undefined];
    if (this.config.decoder === 'bernoulli') {
      // bernoulliNll summed per sample, in one kernel (src/ops/bce.ts), which also counts targets outside [0, 1].
      return bceWithLogitsPerSample(loc, target, requireBernoulliTargets);
    }
    // NOTE: a learned log-variance is unbounded below; on values that never vary (MNIST's border pixels) it can
    // drift towards −∞ and the NLL with it. A fixed σ has no such trap.
    const options = logVar === undefined ? { sigma: this.config.decoderSigma } : { logVar };
    return sumPerSample(gaussianNll(loc, target, { ...options, reduction: 'none' }));
  }

  /**
   * −log p(x | decoder output) of each of `repeats` consecutive output rows per target row (raw: rows·repeats × k·D,
   * target: rows × shape), broadcasting the target instead of copying it; returns rows·repeats values.
   */
  nllPerSampleRepeated(raw: Tensor, target: Tensor, repeats: number): Tensor {
    const rows = target.shape[0]!;
    if (!Number.isInteger(repeats) || repeats < 1 || raw.shape[0] !== rows * repeats) {
      throw new ShapeError(`DecoderLikelihood: ${raw.shape[0]} decoder rows are not ${rows} targets × ${repeats} repeats`);
    }
    if (this.config.decoder === 'bernoulli') {
      // One kernel that reads each target row in place for its `repeats` rows of logits (src/ops/bce.ts).
      const logits = this.params(raw)[0]!;
      return bceWithLogitsPerSample(logits, target, requireBernoulliTargets, repeats);
    }
    const shape = this.config.inputShape;
    const grid = (t: Tensor) => reshape(t, [rows, repeats, ...shape]);
    const [loc, logVar] = this.params(raw).map(grid) as [Tensor, Tensor | undefined];
    const x = reshape(target, [rows, 1, ...shape]);
    const nll = neg((logVar === undefined ? new Normal(loc, this.config.decoderSigma) : Normal.fromLogVar(loc, logVar)).logProb(x));
    return sum(reshape(nll, [rows * repeats, -1]), 1);
  }

  /** The batch mean of `nllPerSample`: the reconstruction loss. */
  nll(raw: Tensor, target: Tensor): Tensor {
    return mean(this.nllPerSample(raw, target));
  }

  /** The mean of p(x | z) in the data's shape: probabilities σ(logits) or the Gaussian means. */
  mean(raw: Tensor): Tensor {
    const loc = this.params(raw)[0]!;
    return this.config.decoder === 'bernoulli' ? sigmoid(loc) : loc;
  }
}
