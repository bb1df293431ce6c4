/**
 * Linear-probe accuracy of codes: multinomial logistic regression (softmax of W·z + b, cross-entropy loss)
 * trained on the training codes and scored on the test codes, the usual read-out of representation quality
 * (e.g. Alain & Bengio 2016). Codes are standardised with the training codes' mean and standard deviation;
 * training is mini-batch Adam with a small L2 penalty, all from aekit's own ops and optimizers, seeded.
 */
import { backward } from '../autograd/backward.js';
import { noGrad } from '../autograd/grad-mode.js';
import { crossEntropy } from '../distributions/losses.js';
import { argmax } from '../ops/reduce.js';
import { linear } from '../ops/linear.js';
import { zeros } from '../ops/creation.js';
import { Adam } from '../optim/adam.js';
import { MiniBatches, takeRows } from '../train/mini-batches.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { proportionWithStandardError, type MeanWithError } from './stats.js';

export interface LinearProbeOptions {
  epochs?: number;
  batchSize?: number;
  lr?: number;
  /** L2 penalty on W (Adam's coupled weight decay). */
  weightDecay?: number;
  seed?: number;
}

export interface LinearProbeResult {
  test: MeanWithError;
  train: MeanWithError;
  epochs: number;
}

function standardiser(codes: Tensor): { mean: Float32Array; scale: Float32Array } {
  const [n, d] = codes.shape as [number, number];
  const mean = new Float64Array(d);
  const sq = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += codes.data[i * d + j]! / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sq[j]! += (codes.data[i * d + j]! - mean[j]!) ** 2 / n;
  // NOTE: a dead code unit has zero spread; dividing by 1 keeps it at 0 instead of NaN.
  return { mean: Float32Array.from(mean), scale: Float32Array.from(sq, (v) => (v > 1e-12 ? 1 / Math.sqrt(v) : 1)) };
}

function standardise(codes: Tensor, s: { mean: Float32Array; scale: Float32Array }): Tensor {
  const d = s.mean.length;
  const out = new Float32Array(codes.size);
  for (let i = 0; i < out.length; i++) out[i] = (codes.data[i]! - s.mean[i % d]!) * s.scale[i % d]!;
  return new Tensor(out, codes.shape);
}

function accuracy(logits: Tensor, labels: ArrayLike<number>): MeanWithError {
  const predicted = argmax(logits, 1).data;
  return proportionWithStandardError(Array.from(predicted, (p, i) => p === labels[i]));
}

/** Trains the probe on (trainCodes, trainLabels) and reports its accuracy on both splits. */
export function linearProbeAccuracy(trainCodes: Tensor, trainLabels: ArrayLike<number>, testCodes: Tensor, testLabels: ArrayLike<number>, options: LinearProbeOptions = {}): LinearProbeResult {
  const [n, d] = trainCodes.shape as [number, number];
  if (trainLabels.length !== n || testLabels.length !== testCodes.shape[0]) throw new RangeError('linearProbeAccuracy: one label per code is needed');
  if (testCodes.shape[1] !== d) throw new RangeError(`linearProbeAccuracy: train codes have ${d} values, test codes ${testCodes.shape[1]}`);
  let classes = 0;
  for (let i = 0; i < n; i++) classes = Math.max(classes, trainLabels[i]! + 1);
  const epochs = options.epochs ?? 30;
  const s = standardiser(trainCodes);
  const x = standardise(trainCodes, s);
  const xTest = standardise(testCodes, s);
  const y = new Tensor(Float32Array.from(trainLabels), [n]);
  const weight = zeros([classes, d]);
  const bias = zeros([classes]);
  weight.requiresGrad = true;
  bias.requiresGrad = true;
  const opt = new Adam([{ params: [weight], weightDecay: options.weightDecay ?? 1e-4 }, { params: [bias] }], { lr: options.lr ?? 1e-2 });
  const batches = new MiniBatches(n, options.batchSize ?? 256, { gen: new Generator(options.seed ?? 0) });
  for (let e = 0; e < epochs; e++) {
    for (const idx of batches.batches(e)) {
      opt.zeroGrad();
      backward(crossEntropy(linear(takeRows(x, idx), weight, bias), takeRows(y, idx)));
      opt.step();
    }
  }
  return noGrad(() => ({
    train: accuracy(linear(x, weight, bias), trainLabels),
    test: accuracy(linear(xTest, weight, bias), testLabels),
    epochs,
  }));
}
