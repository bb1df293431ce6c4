/**
 * Training and scoring a classifier that outputs logits: softmax cross-entropy, Adam, seeded mini-batches.
 * Used for classifier heads on learned codes and for supervised fine-tuning of a pretrained encoder.
 */
import { backward } from '../autograd/backward.js';
import { noGrad } from '../autograd/grad-mode.js';
import { crossEntropy } from '../distributions/losses.js';
import { argmax } from '../ops/reduce.js';
import { Adam } from '../optim/adam.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { MiniBatches, takeRows } from '../train/mini-batches.js';

export interface ClassifierTraining {
  epochs: number;
  batchSize: number;
  lr: number;
  /** Adam's L2 weight decay (default 0). */
  weightDecay?: number;
  /** Seeds the batch order. */
  seed: number;
}

export interface EpochReport {
  epoch: number;
  /** Mean cross-entropy over the epoch's batches, nats per sample. */
  trainLoss: number;
}

/** Minimises the mean cross-entropy of `logits(x)` against `labels` (N, float-coded classes) over `params`. */
export function trainClassifier(logits: (x: Tensor) => Tensor, params: Tensor[], x: Tensor, labels: Tensor, t: ClassifierTraining,
  onEpochEnd?: (report: EpochReport) => void): EpochReport[] {
  const n = x.shape[0]!;
  if (labels.size !== n) throw new RangeError(`trainClassifier: ${labels.size} labels for ${n} samples`);
  const optimizer = new Adam(params, { lr: t.lr, weightDecay: t.weightDecay ?? 0 });
  const batches = new MiniBatches(n, t.batchSize, { gen: new Generator(t.seed) });
  const reports: EpochReport[] = [];
  for (let e = 0; e < t.epochs; e++) {
    let sum = 0;
    for (const idx of batches.batches(e)) {
      optimizer.zeroGrad();
      const loss = crossEntropy(logits(takeRows(x, idx)), takeRows(labels, idx));
      backward(loss);
      optimizer.step();
      sum += loss.item() * idx.length;
    }
    const report = { epoch: e + 1, trainLoss: sum / n };
    reports.push(report);
    onEpochEnd?.(report);
  }
  return reports;
}

/** argmax of `logits(x)` per row, in batches, without gradients. */
export function predictClasses(logits: (x: Tensor) => Tensor, x: Tensor, batchSize = 500): Int32Array {
  const n = x.shape[0]!;
  const out = new Int32Array(n);
  noGrad(() => {
    for (let s = 0; s < n; s += batchSize) {
      const idx = Int32Array.from({ length: Math.min(batchSize, n - s) }, (_, i) => s + i);
      out.set(Int32Array.from(argmax(logits(takeRows(x, idx)), 1).data), s);
    }
  });
  return out;
}

/** The fraction of `predicted` that differ from `labels`. */
export function errorRate(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (predicted.length !== labels.length) throw new RangeError(`errorRate: ${predicted.length} predictions for ${labels.length} labels`);
  if (labels.length === 0) throw new RangeError('errorRate: no samples');
  let wrong = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] !== labels[i]) wrong++;
  return wrong / labels.length;
}
