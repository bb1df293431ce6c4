/**
 * Training without files, one step at a time, for the explorer's train-here mode (a Worker in the page) and
 * for the benchmark that runs the same loop in Node: Adam per optimizer group, seeded shuffles and step
 * generators, the model's own `trainStep` where it has one (adversarial phases), and the test loss after
 * each epoch in eval mode. Platform-free. The CLI's trainer (src/train/trainer.ts) adds checkpoints, exact
 * resume and files around the same kind of step.
 */
import { backward } from '../autograd/backward.js';
import { noGrad } from '../autograd/grad-mode.js';
import { sampleSize, type Dataset } from '../data/dataset.js';
import type { Autoencoder, Batch } from '../models/autoencoder.js';
import { Adam } from '../optim/adam.js';
import type { Optimizer } from '../optim/optimizer.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { MiniBatches, takeRows } from '../train/mini-batches.js';

export interface TabTrainOptions {
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
}

export type LossValues = Record<string, number>;

export interface TabEpoch {
  epoch: number;
  steps: number;
  /** Seconds of this epoch's training steps (the test pass not included). */
  seconds: number;
  train: LossValues;
  test: LossValues | null;
}

function tensorOf(ds: Dataset, model: Autoencoder): { x: Tensor; labels: Tensor | null } {
  const want = sampleSize(model.config.inputShape);
  if (sampleSize(ds.shape) !== want) throw new RangeError(`${ds.name} has ${sampleSize(ds.shape)} values per sample; the model takes ${want}`);
  return {
    x: new Tensor(ds.images, [ds.count, ...model.config.inputShape]),
    labels: ds.labels === null ? null : new Tensor(Float32Array.from(ds.labels), [ds.count]),
  };
}

function numbers(parts: Record<string, Tensor>, total: Tensor): LossValues {
  const out: LossValues = { total: total.item() };
  for (const [k, v] of Object.entries(parts)) if (k !== 'total') out[k] = v.item();
  return out;
}

export class TabTrainer {
  readonly batches: MiniBatches;
  readonly optimizers = new Map<string, Optimizer>();
  epoch = 0;
  /** Steps done in all epochs. */
  step = 0;
  private readonly train: { x: Tensor; labels: Tensor | null };
  private readonly test: { x: Tensor; labels: Tensor | null } | null;
  private order: Int32Array[] = [];
  private inEpoch = 0;
  private sums = new Map<string, number>();
  private seen = 0;
  private seconds = 0;
  private readonly stepSeed: number;

  constructor(readonly model: Autoencoder, readonly trainData: Dataset, readonly testData: Dataset | null, readonly options: TabTrainOptions) {
    if (!Number.isInteger(options.epochs) || options.epochs < 1) throw new RangeError(`epochs must be a positive integer, got ${options.epochs}`);
    if (!(options.lr > 0) || !Number.isFinite(options.lr)) throw new RangeError(`lr must be a positive number, got ${options.lr}`);
    this.train = tensorOf(trainData, model);
    this.test = testData === null ? null : tensorOf(testData, model);
    const gen = new Generator(options.seed);
    this.batches = new MiniBatches(trainData.count, options.batchSize, { gen });
    this.stepSeed = gen.nextUint32();
    const groups = model.optimizerGroups?.() ?? new Map([['main', model.parameters()]]);
    for (const [name, params] of groups) this.optimizers.set(name, new Adam(params, { lr: options.lr }));
  }

  get stepsPerEpoch(): number {
    return this.batches.stepsPerEpoch;
  }

  get done(): boolean {
    return this.epoch >= this.options.epochs;
  }

  /**
   * One optimisation step; returns its loss parts, and, when the step ends an epoch, that epoch's record.
   * A non-finite loss throws before any update.
   */
  next(): { parts: LossValues; epoch: TabEpoch | null } {
    if (this.done) throw new Error('training is finished');
    if (this.inEpoch === 0) {
      this.order = this.batches.batches(this.epoch);
      this.model.train();
    }
    const started = performance.now();
    const idx = this.order[this.inEpoch]!;
    const batch: Batch = { x: takeRows(this.train.x, idx), labels: this.train.labels === null ? null : takeRows(this.train.labels, idx) };
    const gen = new Generator(this.stepSeed + this.step * 4294967296);
    const parts = this.update(batch, gen);
    this.seconds += (performance.now() - started) / 1000;
    for (const [k, v] of Object.entries(parts)) this.sums.set(k, (this.sums.get(k) ?? 0) + v * idx.length);
    this.seen += idx.length;
    this.step += 1;
    this.inEpoch += 1;
    if (this.inEpoch < this.order.length) return { parts, epoch: null };
    const train: LossValues = {};
    for (const [k, s] of this.sums) train[k] = s / this.seen;
    const record: TabEpoch = { epoch: this.epoch + 1, steps: this.inEpoch, seconds: this.seconds, train, test: this.evaluate() };
    this.epoch += 1;
    this.inEpoch = 0;
    this.sums = new Map();
    this.seen = 0;
    this.seconds = 0;
    return { parts, epoch: record };
  }

  private update(batch: Batch, gen: Generator): LossValues {
    if (this.model.trainStep) {
      const parts = { ...this.model.trainStep(batch, { gen, optimizers: this.optimizers, step: this.step, epoch: this.epoch }) };
      if (parts['total'] === undefined) parts['total'] = Object.values(parts).reduce((a, b) => a + b, 0);
      if (!Number.isFinite(parts['total'])) throw new Error(`the loss is ${parts['total']} at step ${this.step + 1}`);
      return parts;
    }
    for (const o of this.optimizers.values()) o.zeroGrad();
    // The fractional epoch, as the trainer tells it (a KL warm-up reads it).
    const { total, parts } = this.model.loss(batch, gen, { epoch: this.epoch + this.inEpoch / this.order.length });
    const values = numbers(parts, total);
    for (const [k, v] of Object.entries(values)) if (!Number.isFinite(v)) throw new Error(`the loss part '${k}' is ${v} at step ${this.step + 1}; stopped before updating`);
    backward(total);
    for (const o of this.optimizers.values()) o.step();
    return values;
  }

  /** Test loss parts in eval mode, batches of 500 in order, one fixed generator. */
  evaluate(): LossValues | null {
    if (this.test === null || this.testData === null) return null;
    const { x, labels } = this.test;
    const gen = new Generator(this.options.seed ^ 0x7e57);
    const sums = new Map<string, number>();
    this.model.eval();
    try {
      noGrad(() => {
        for (const idx of new MiniBatches(this.testData!.count, 500).batches(0)) {
          const { total, parts } = this.model.loss({ x: takeRows(x, idx), labels: labels === null ? null : takeRows(labels, idx) }, gen);
          for (const [k, v] of Object.entries(numbers(parts, total))) sums.set(k, (sums.get(k) ?? 0) + v * idx.length);
        }
      });
    } finally {
      this.model.train();
    }
    const out: LossValues = {};
    for (const [k, s] of sums) out[k] = s / this.testData.count;
    return out;
  }
}
