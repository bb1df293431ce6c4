/**
 * Supervised fine-tuning, the last step of the stacked-autoencoder recipe (Hinton & Salakhutdinov 2006;
 * Bengio et al. 2007; Vincent et al. 2010): a new output layer on top of a pretrained encoder, then the whole
 * encoder and that layer trained by backprop on labels (softmax cross-entropy). The baseline is the same
 * network — same architecture, same new layer, same batches — from a random initialisation, so the difference
 * in test error is what pretraining bought.
 */
import { enableGrad, noGrad } from '../autograd/grad-mode.js';
import { selectRows } from '../train/data-source.js';
import type { Dataset } from '../data/dataset.js';
import { Linear } from '../nn/linear.js';
import { contractivePenaltyAutodiff } from '../models/blocks/contractive.js';
import type { Autoencoder } from '../models/autoencoder.js';
import { buildModel } from '../models/registry.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { errorRate, predictClasses, trainClassifier } from './classifier.js';
import { chooseLabelled } from './labelled-subset.js';

export interface FineTuneSettings {
  epochs: number;
  batchSize: number;
  lr: number;
  weightDecay: number;
  /** Seeds the new layer, the batch order, the labelled subset and the random initialisation. */
  seed: number;
  /** Fine-tune on this many labelled training samples (the same number per class); null: all of them. */
  labels: number | null;
}

export interface FineTuneRun {
  init: 'pretrained' | 'random';
  /** After each epoch: mean training cross-entropy (nats) and test error (a fraction). */
  curve: { epoch: number; trainLoss: number; testError: number }[];
  testError: number;
  seconds: number;
}

export interface FineTuneResult {
  model: string;
  trainCount: number;
  testCount: number;
  pretrained: FineTuneRun;
  /** The same network from random weights; null when skipped (e.g. already run for another model of this architecture). */
  randomInit: FineTuneRun | null;
}

/** logits = W·encode(x) + b with a new layer W, b; the parameters are the model's (those encode uses get gradients) and the layer's. */
export function encoderClassifier(model: Autoencoder, numClasses: number, gen: Generator): { logits: (x: Tensor) => Tensor; params: Tensor[] } {
  if (model.capabilities.conditional) throw new Error(`${model.config.model}: a conditional model encodes with the label, so it cannot classify from its code`);
  const head = new Linear(model.config.latentDim, numClasses, { gen });
  return { logits: (x) => head.forward(model.encode(x)), params: [...model.parameters(), ...head.parameters()] };
}

function tensorOf(ds: Dataset, shape: readonly number[]): { x: Tensor; y: Tensor } {
  return { x: new Tensor(ds.images, [ds.count, ...shape]), y: new Tensor(Float32Array.from(ds.labels!), [ds.count]) };
}

/** Fine-tunes `model` (in place) with a new output layer; test error after every epoch. */
export function fineTune(model: Autoencoder, init: FineTuneRun['init'], train: Dataset, test: Dataset, s: FineTuneSettings,
  onEpoch?: (run: FineTuneRun['curve'][number]) => void): FineTuneRun {
  const started = performance.now();
  const { logits, params } = encoderClassifier(model, train.numClasses, new Generator(s.seed));
  const t = tensorOf(train, model.config.inputShape);
  const testX = new Tensor(test.images, [test.count, ...model.config.inputShape]);
  const curve: FineTuneRun['curve'] = [];
  model.train();
  trainClassifier(logits, params, t.x, t.y, { epochs: s.epochs, batchSize: s.batchSize, lr: s.lr, weightDecay: s.weightDecay, seed: s.seed }, ({ epoch, trainLoss }) => {
    model.eval();
    const testError = errorRate(predictClasses(logits, testX), test.labels!);
    model.train();
    curve.push({ epoch, trainLoss, testError });
    onEpoch?.(curve.at(-1)!);
  });
  model.eval();
  return { init, curve, testError: curve.at(-1)?.testError ?? NaN, seconds: (performance.now() - started) / 1000 };
}

/** The labelled training samples fine-tuning uses: all, or `labels` of them with the same number per class. */
export function fineTuneSet(train: Dataset, labels: number | null, seed: number): Dataset {
  if (labels === null || labels >= train.count) return train;
  const K = train.numClasses;
  if (labels % K !== 0) throw new RangeError(`--labels must be a multiple of the ${K} classes, got ${labels}`);
  return selectRows(train, chooseLabelled(train, labels / K, seed), `${train.name}-${labels}-labels`);
}

/**
 * Fine-tunes the pretrained `model`, then (with `baseline`) a randomly initialised copy of its architecture with the
 * same settings: the same new layer, the same batches.
 */
export function fineTuneAgainstRandomInit(model: Autoencoder, train: Dataset, test: Dataset, s: FineTuneSettings,
  onEpoch?: (init: FineTuneRun['init'], point: FineTuneRun['curve'][number]) => void, baseline = true): FineTuneResult {
  if (train.labels === null || test.labels === null || train.numClasses < 2) throw new RangeError('fine-tuning needs labelled data with at least 2 classes');
  const subset = fineTuneSet(train, s.labels, s.seed);
  const pretrained = fineTune(model, 'pretrained', subset, test, s, (p) => onEpoch?.('pretrained', p));
  const randomInit = baseline ? fineTune(buildModel(model.config, new Generator(s.seed)), 'random', subset, test, s, (p) => onEpoch?.('random', p)) : null;
  return { model: model.config.model, trainCount: subset.count, testCount: test.count, pretrained, randomInit };
}

/** The mean of ‖J_h(x)‖²_F (the encoder's Jacobian) over the first `count` samples of `ds`, by autodiff. */
export function meanEncoderJacobianNormSq(model: Autoencoder, ds: Dataset, count: number): number {
  const n = Math.min(count, ds.count);
  const d = ds.images.length / ds.count;
  const x = new Tensor(ds.images.slice(0, n * d), [n, ...model.config.inputShape]).requiresGrad_();
  const perSample = enableGrad(() => contractivePenaltyAutodiff(model.encode(x), x, false));
  return noGrad(() => perSample.data.reduce((a, v) => a + v, 0) / n);
}
