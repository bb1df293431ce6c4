/**
 * Losses as negative log-likelihoods (the lecture's chapter 1): the network outputs the parameters of
 * p(y | f_θ(x)) and the loss is −log p(y). With i.i.d. samples it is a sum of per-element terms, which is
 * what backprop needs. The familiar losses are special cases:
 *
 * - Gaussian, σ = 1:  NLL = ½·Σ(x − y)² + (D/2)·log 2π  = ½·SSE + const  → `mseLoss` (PyTorch's, without the ½).
 * - Bernoulli:        NLL = −Σ[y·log p + (1 − y)·log(1 − p)] = BCE     → `binaryCrossEntropyWithLogits`.
 * - Categorical:      NLL = −log softmax(l)[y]                         → `crossEntropy`.
 * - Laplace, b = 1:   NLL = Σ|x − y| + D·log 2                         → `l1Loss` + const.
 *
 * `reduction` follows PyTorch: 'mean' (default) averages over every element, 'sum' adds them, 'none' keeps
 * the elementwise losses. Predictions and targets must have the same shape.
 */
import { add, mul, sub } from '../ops/binary.js';
import { mean, sum } from '../ops/reduce.js';
import { logSoftmax } from '../ops/softmax.js';
import { abs, clamp, log, log1p, neg, square } from '../ops/unary.js';
import { formatShape, ShapeError } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { Bernoulli } from './bernoulli.js';
import { Categorical } from './categorical.js';
import { broadcastWithBatch, requireSameShape, requireUnitInterval } from './distribution.js';
import { Normal } from './gaussian.js';
import { Laplace } from './laplace.js';

export type Reduction = 'mean' | 'sum' | 'none';

export interface LossOptions {
  reduction?: Reduction;
}

export interface GaussianNllOptions extends LossOptions {
  /** A fixed standard deviation (default 1). */
  sigma?: number;
  /** A learned log-variance that broadcasts to the prediction's shape (a heteroscedastic decoder). */
  logVar?: Tensor;
}

export interface LaplaceNllOptions extends LossOptions {
  /** The scale b > 0, fixed or per element (default 1). */
  scale?: number | Tensor;
}

export interface BinaryCrossEntropyOptions extends LossOptions {
  /** Probabilities are clamped to [eps, 1 − eps] (default 2⁻²³). */
  eps?: number;
}

/** Applies a PyTorch-style reduction to elementwise losses. */
export function reduceLoss(loss: Tensor, reduction: Reduction = 'mean', where = 'loss'): Tensor {
  switch (reduction) {
    case 'mean': return mean(loss);
    case 'sum': return sum(loss);
    case 'none': return loss;
    default: throw new TypeError(`${where}: reduction must be 'mean', 'sum' or 'none', got '${String(reduction)}'`);
  }
}

/**
 * −log N(target; pred, σ²) with σ fixed (`sigma`, default 1) or learned (`logVar`). With σ = 1 and
 * reduction 'sum' over D elements it equals ½·SSE + (D/2)·log 2π.
 */
export function gaussianNll(pred: Tensor, target: Tensor, options: GaussianNllOptions = {}): Tensor {
  requireSameShape('gaussianNll', pred.shape, target.shape);
  const { sigma, logVar } = options;
  if (sigma !== undefined && logVar !== undefined) throw new TypeError('gaussianNll: give sigma or logVar, not both');
  let dist: Normal;
  if (logVar !== undefined) {
    const shape = broadcastWithBatch('gaussianNll', logVar.shape, pred.shape);
    if (shape.length !== pred.rank || shape.some((d, i) => d !== pred.shape[i])) {
      throw new ShapeError(`gaussianNll: logVar of shape ${formatShape(logVar.shape)} does not broadcast to input shape ${formatShape(pred.shape)}`);
    }
    dist = Normal.fromLogVar(pred, logVar);
  } else {
    dist = new Normal(pred, sigma ?? 1);
  }
  return reduceLoss(neg(dist.logProb(target)), options.reduction, 'gaussianNll');
}

/** (pred − target)², reduced (PyTorch's, no ½): elementwise it is 2·gaussianNll(σ = 1) − log 2π. */
export function mseLoss(pred: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  requireSameShape('mseLoss', pred.shape, target.shape);
  return reduceLoss(square(sub(pred, target)), options.reduction, 'mseLoss');
}

/**
 * −log Bernoulli(target; σ(logits)) = max(l, 0) − l·y + log1p(e^(−|l|)): binary cross-entropy from logits,
 * finite with a finite gradient σ(l) − y for any finite logit. Targets may be any y ∈ [0, 1].
 */
export function bernoulliNll(logits: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  requireSameShape('bernoulliNll', logits.shape, target.shape, 'logits', 'target');
  return reduceLoss(new Bernoulli(logits).nll(target), options.reduction, 'bernoulliNll');
}

/** PyTorch's name for `bernoulliNll`. */
export const binaryCrossEntropyWithLogits = bernoulliNll;

/**
 * −[y·log p + (1 − y)·log(1 − p)] from probabilities. NOTE: p is clamped to [eps, 1 − eps], so the loss
 * saturates at −log eps ≈ 15.9 and a saturated p gets no gradient; a sigmoid output rounded to 1 in float32
 * (logit ≳ 17) loses its loss this way — use `binaryCrossEntropyWithLogits` on the logits instead.
 */
export function binaryCrossEntropy(probs: Tensor, target: Tensor, options: BinaryCrossEntropyOptions = {}): Tensor {
  requireSameShape('binaryCrossEntropy', probs.shape, target.shape, 'probs', 'target');
  requireUnitInterval('binaryCrossEntropy', 'probs', probs);
  requireUnitInterval('binaryCrossEntropy', 'target', target);
  const eps = options.eps ?? 2 ** -23;
  const p = clamp(probs, eps, 1 - eps);
  const ll = add(mul(target, log(p)), mul(sub(1, target), log1p(neg(p))));
  return reduceLoss(neg(ll), options.reduction, 'binaryCrossEntropy');
}

/**
 * Softmax cross-entropy: −log softmax(logits)[label] over the last axis. `labels` are class indices of shape
 * `logits.shape[:-1]`, or class probabilities of the logits' shape (soft targets: −Σ t·log softmax(l)).
 * 'mean' averages over the batch elements.
 */
export function crossEntropy(logits: Tensor, labels: Tensor, options: LossOptions = {}): Tensor {
  if (logits.rank === labels.rank) {
    requireSameShape('crossEntropy', logits.shape, labels.shape, 'logits', 'soft targets');
    return reduceLoss(neg(sum(mul(labels, logSoftmax(logits, -1)), -1)), options.reduction, 'crossEntropy');
  }
  const batch = logits.shape.slice(0, -1);
  if (logits.rank === 0 || labels.rank !== batch.length || labels.shape.some((d, i) => d !== batch[i])) {
    throw new ShapeError(`crossEntropy: labels of shape ${formatShape(labels.shape)} do not match logits of shape ${formatShape(logits.shape)} (labels need the logits' shape without the last axis)`);
  }
  return reduceLoss(neg(new Categorical(logits).logProb(labels)), options.reduction, 'crossEntropy');
}

/** −log Laplace(target; pred, b) = |pred − target|/b + log 2b: the L1 loss plus a constant for fixed b. */
export function laplaceNll(pred: Tensor, target: Tensor, options: LaplaceNllOptions = {}): Tensor {
  requireSameShape('laplaceNll', pred.shape, target.shape);
  const scale = options.scale ?? 1;
  if (scale instanceof Tensor) {
    const shape = broadcastWithBatch('laplaceNll', scale.shape, pred.shape);
    if (shape.length !== pred.rank || shape.some((d, i) => d !== pred.shape[i])) {
      throw new ShapeError(`laplaceNll: scale of shape ${formatShape(scale.shape)} does not broadcast to input shape ${formatShape(pred.shape)}`);
    }
  }
  return reduceLoss(neg(new Laplace(pred, scale).logProb(target)), options.reduction, 'laplaceNll');
}

/** |pred − target|, reduced. */
export function l1Loss(pred: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  requireSameShape('l1Loss', pred.shape, target.shape);
  return reduceLoss(abs(sub(pred, target)), options.reduction, 'l1Loss');
}
