/**
 * Bernoulli(p) with p = σ(logits): the decoder distribution behind binary cross-entropy. Parameterised by
 * logits so that log p and log(1 − p) are computed as logσ(l) and logσ(−l), never as the log of a rounded
 * probability. Values may be any x ∈ [0, 1] — the "continuous Bernoulli" likelihood the lecture's VAE uses on
 * MNIST intensities (unnormalised for fractional x, as in Kingma & Welling 2014).
 */
import { noGrad } from '../autograd/grad-mode.js';
import { add, mul, sub } from '../ops/binary.js';
import { bernoulli } from '../ops/random.js';
import { broadcastTo } from '../ops/shape-ops.js';
import { bceWithLogits } from '../ops/bce.js';
import { clamp, log, log1p, logSigmoid, neg, sigmoid, step } from '../ops/unary.js';
import type { Generator } from '../tensor/random.js';
import { broadcastShapes, type Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { broadcastWithBatch, Distribution, extendedShape, requireUnitInterval } from './distribution.js';

/** float32 machine epsilon: probabilities are clamped to [ε, 1 − ε] before they become logits (±15.9). */
const PROB_EPS = 2 ** -23;

export class Bernoulli extends Distribution {
  readonly logits: Tensor;
  readonly batchShape: readonly number[];

  constructor(logits: Tensor) {
    super();
    this.logits = logits;
    this.batchShape = logits.shape;
  }

  /**
   * From probabilities in [0, 1]. NOTE: p is clamped to [ε, 1 − ε] (ε = 2⁻²³) so that 0 and 1 give finite
   * logits; prefer the logits constructor wherever a network produces them.
   */
  static fromProbs(probs: Tensor): Bernoulli {
    requireUnitInterval('Bernoulli.fromProbs', 'probs', probs);
    const p = clamp(probs, PROB_EPS, 1 - PROB_EPS);
    return new Bernoulli(sub(log(p), log1p(neg(p))));
  }

  get probs(): Tensor {
    return sigmoid(this.logits);
  }

  get mean(): Tensor {
    return this.probs;
  }

  /** 1 where p > ½, else 0. */
  get mode(): Tensor {
    return step(this.logits);
  }

  /** p(1 − p) = σ(l)·σ(−l), accurate in both tails. */
  get variance(): Tensor {
    return mul(sigmoid(this.logits), sigmoid(neg(this.logits)));
  }

  /**
   * log p(x) = x·logσ(l) + (1 − x)·logσ(−l) = −BCEWithLogits(l, x), with BCE computed in one kernel as
   * max(l, 0) − l·x + log1p(e^(−|l|)) and its gradient written as σ(l) − x, so there is no kink at l = 0 and the
   * tiny loss e^(−|l|) of a confident correct prediction is kept rather than rounded to 0.
   */
  logProb(value: Tensor): Tensor {
    return neg(this.nll(value));
  }

  /** −log p(x) = BCEWithLogits(l, x), without the double negation that neg(logProb) would cost. */
  nll(value: Tensor): Tensor {
    broadcastWithBatch('Bernoulli.logProb', value.shape, this.batchShape);
    requireUnitInterval('Bernoulli.logProb', 'value', value);
    return bceWithLogits(this.logits, value);
  }

  /** 0/1 draws; Bernoulli has no reparameterised sampler. */
  override sample(gen: Generator, sampleShape: Shape = []): Tensor {
    return noGrad(() => bernoulli(gen, broadcastTo(this.probs, extendedShape('Bernoulli.sample', sampleShape, this.batchShape))));
  }

  /** H = −[p·log p + (1 − p)·log(1 − p)], with the logs taken as logσ(±l) so saturated logits give 0, not NaN. */
  entropy(): Tensor {
    const l = this.logits;
    return neg(add(mul(sigmoid(l), logSigmoid(l)), mul(sigmoid(neg(l)), logSigmoid(neg(l)))));
  }
}

/** KL(q ‖ p) = Σ over {0, 1} of q·(log q − log p), elementwise over the broadcast batch. */
export function klBernoulli(q: Bernoulli, p: Bernoulli): Tensor {
  const shape = broadcastShapes('klDivergence(Bernoulli, Bernoulli)', q.batchShape, p.batchShape);
  const a = q.logits;
  const b = p.logits;
  const one = mul(sigmoid(a), sub(logSigmoid(a), logSigmoid(b)));
  const zero = mul(sigmoid(neg(a)), sub(logSigmoid(neg(a)), logSigmoid(neg(b))));
  return broadcastTo(add(one, zero), shape);
}
