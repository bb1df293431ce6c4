/**
 * The training loop: epochs × mini-batches, per-epoch evaluation on the test split, an atomic checkpoint at
 * every epoch end, exact resumption, and a clean stop on a non-finite loss.
 *
 * Randomness (all from `options.seed`, so a resumed run replays what an uninterrupted one would do):
 * a Generator seeded with `seed` yields, in order, (1) the base seed of the mini-batch order (MiniBatches:
 * epoch e's permutation comes from (base, e)), (2) the step key, (3) the evaluation key and (4) the key of
 * the model's initial weights (`initGenerator`).
 * Global step s (0-based) draws from `new Generator(stepKey + s·2³²)` — corruption, reparameterisation,
 * prior samples — and every evaluation replays `new Generator(evalKey)`, so test losses of different epochs
 * are comparable. Nothing depends on wall-clock time or on where a run was stopped.
 *
 * Files (with a run folder), at every epoch end, in this order: the model file, metrics.csv, metrics.json,
 * then the checkpoint — the commit point: a run killed anywhere before its rename resumes from the previous
 * epoch and redoes this one, writing the same bytes — then checkpoint.json, the readable copy. Each write is
 * atomic. Resuming first rewrites the model, metrics and checkpoint.json from the checkpoint, so whatever a
 * kill left unwritten is finished even when no epoch is left to train, and removes temporary files that
 * killed writers left behind.
 */
import { join } from 'node:path';
import { backward } from '../autograd/backward.js';
import { noGrad } from '../autograd/grad-mode.js';
import { removeStaleTempFiles, writeFileAtomic, type AsyncFileContents } from '../io/atomic-write.js';
import { encodeModelFile } from '../io/model-file.js';
import type { Autoencoder, Batch } from '../models/autoencoder.js';
import { configOf } from '../models/model-io.js';
import { lossNumbers } from '../models/blocks/autoencoder-base.js';
import { cosineAnnealing } from '../optim/schedules.js';
import { clipGradNorm } from '../optim/clip.js';
import type { Optimizer } from '../optim/optimizer.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { sampleSize, type Dataset } from '../data/dataset.js';
import { trainingDataFingerprint } from '../data/fingerprint.js';
import { MiniBatches, takeRows } from './mini-batches.js';
import {
  CHECKPOINT_FILE, CHECKPOINT_JSON, CheckpointStateError, encodeCheckpoint, validateTrainOptions, type Checkpoint, type TrainerState, type TrainOptions,
} from './checkpoint.js';
import { firstNonFinite, METRICS_CSV, METRICS_JSON, metricsCsv, metricsJson, RunningMeans, type EpochMetrics, type LossParts } from './metrics.js';
import { makeOptimizers } from './optimizers.js';
import { checkResume } from './resume.js';
import { silentProgress, type ProgressReporter } from './progress.js';

export const MODEL_FILE = 'model.safetensors';

/**
 * Training stopped because a loss (or, after an update, a parameter) stopped being a finite number.
 * `keptEpoch` is the epoch whose checkpoint is on disk, untouched (null: no checkpoint had been written).
 */
export class TrainingDivergedError extends Error {
  constructor(readonly epoch: number, readonly step: number, readonly part: string, detail: string, readonly keptEpoch: number | null, saving = true) {
    const kept = !saving ? 'nothing is saved without a run folder'
      : keptEpoch === null ? 'no checkpoint had been written yet, so there is nothing to resume from'
        : `the checkpoint of epoch ${keptEpoch} is kept`;
    super(`training diverged at epoch ${epoch}, step ${step}: ${detail}; stopped, ${kept}`);
    this.name = 'TrainingDivergedError';
  }
}

/** The writer of a run folder's files: atomic replacement (tests inject kills and full disks here). */
export type FileWriter = (path: string, contents: AsyncFileContents) => Promise<void>;

export interface TrainRun {
  model: Autoencoder;
  train: Dataset;
  test: Dataset | null;
  options: TrainOptions;
  /** Where checkpoints, the model file and metrics go; nothing is written without it. */
  runDir?: string | null;
  /** Continue from this checkpoint (same options except `epochs`, which may grow). */
  resume?: Checkpoint | null;
  progress?: ProgressReporter;
  /** Writes every file of the run folder (default `writeFileAtomic`). */
  writeFile?: FileWriter;
  /**
   * Applied to each training batch's inputs (e.g. dynamic binarisation), with a generator split off the step's
   * and the batch's row indices into the training set (for per-sample parameters such as a posterior's σ(x)).
   */
  transformBatch?: ((x: Float32Array, gen: Generator, rows: Int32Array) => Float32Array) | undefined;
  /** `trainingDataFingerprint(train, test)`, when the caller has computed it already (it reads all the data). */
  dataFingerprint?: string;
  /** Called once the resume (if any) has been checked and loaded, before the first file is written. */
  beforeTraining?: () => void | Promise<void>;
  /** Called after each completed epoch, once its files are on disk (tests stop runs here). */
  onEpochEnd?: (metrics: EpochMetrics) => void | Promise<void>;
  /**
   * Asked after each epoch (after onEpochEnd) with the history so far: true ends training there (early stopping).
   * Also asked of a resumed checkpoint's history: true trains no further epoch.
   */
  stopAfter?: (history: readonly EpochMetrics[]) => boolean;
}

export interface TrainResult {
  state: TrainerState;
  optimizers: Map<string, Optimizer>;
}

/** The generators' seeds derived from the run seed (see the file comment). */
export function randomKeys(seed: number): { batchGen: Generator; stepKey: number; evalKey: number; initKey: number } {
  const batchGen = new Generator(seed);
  // MiniBatches draws its base seed from batchGen when constructed; the keys below come after it.
  const probe = new Generator(seed);
  probe.nextUint32();
  return { batchGen, stepKey: probe.nextUint32(), evalKey: probe.nextUint32(), initKey: probe.nextUint32() };
}

/** The generator a run's model is initialised from. */
export function initGenerator(seed: number): Generator {
  return new Generator(randomKeys(seed).initKey);
}

const STEP_LIMIT = 2 ** 21;

/** The generator of global step `step`. */
export function stepGenerator(stepKey: number, step: number): Generator {
  if (!Number.isInteger(step) || step < 0 || step >= STEP_LIMIT) throw new RangeError(`stepGenerator: step must be an integer in [0, 2^21), got ${step}`);
  // Exact below 2^53; the Generator folds the high word in with an odd multiplier, so every step differs.
  return new Generator(stepKey + step * 4294967296);
}

/** Data as a tensor N × inputShape, checked against the model's input size. */
function dataTensor(ds: Dataset, inputShape: readonly number[], split: string): Tensor {
  const want = sampleSize(inputShape);
  const have = sampleSize(ds.shape);
  if (want !== have) throw new RangeError(`the ${split} data has ${have} values per sample (shape [${ds.shape.join(', ')}]) but the model expects ${want} (input shape [${inputShape.join(', ')}])`);
  return new Tensor(ds.images, [ds.count, ...inputShape]);
}

function labelTensor(ds: Dataset): Tensor | null {
  return ds.labels === null ? null : new Tensor(Float32Array.from(ds.labels), [ds.count]);
}

function batchOf(x: Tensor, labels: Tensor | null, idx: Int32Array): Batch {
  return { x: takeRows(x, idx), labels: labels === null ? null : takeRows(labels, idx) };
}

/** Test-set loss parts: eval mode, no gradients, batches in order, one fixed generator. */
export function evaluate(model: Autoencoder, ds: Dataset, evalKey: number, batchSize = 500): LossParts {
  const x = dataTensor(ds, model.config.inputShape, 'test');
  const labels = labelTensor(ds);
  const gen = new Generator(evalKey);
  const means = new RunningMeans();
  const wasTraining = model.training;
  model.eval();
  try {
    noGrad(() => {
      for (const idx of new MiniBatches(ds.count, batchSize).batches(0)) {
        const { total, parts } = model.loss(batchOf(x, labels, idx), gen);
        means.add(lossNumbers({ total, parts }), idx.length);
      }
    });
  } finally {
    model.train(wasTraining);
  }
  return means.means();
}

/**
 * The learning rate of epoch `e` (0-based): a pure function of the epoch, so a resumed run sets the same rates.
 * Cosine annealing (Loshchilov & Hutter 2017, without restarts): lr·(1 + cos(π·e/E))/2.
 */
export function epochLearningRate(options: TrainOptions, e: number): number {
  if (options.lrSchedule === 'constant') return options.lr;
  return cosineAnnealing(options.lr, e, options.epochs);
}

function nonFiniteParameter(model: Autoencoder): string | null {
  for (const [name, p] of model.namedParameters()) {
    const d = p.data;
    for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i]!)) return name;
  }
  return null;
}

/** The model file's bytes: the config as JSON data (a copy, so nothing but data goes in) and the state dict. */
export function encodeModel(model: Autoencoder): Uint8Array[] {
  return encodeModelFile(configOf(model), model.stateDict());
}

/**
 * One optimisation step; returns the loss parts (with 'total'), before any update if one is non-finite.
 * `progress` is the fractional epoch the loss is told (LossContext): a function of the step, so a resume replays it.
 */
function trainStep(model: Autoencoder, batch: Batch, optimizers: Map<string, Optimizer>, gen: Generator, clipNorm: number, step: number, epoch: number,
  progress: number): LossParts {
  if (model.trainStep) {
    const parts = { ...model.trainStep(batch, { gen, optimizers, step, epoch, clipNorm }) };
    // NOTE: multi-phase models report their phases' losses; without a 'total' their sum stands in for it.
    if (parts['total'] === undefined) parts['total'] = Object.values(parts).reduce((a, b) => a + b, 0);
    return parts;
  }
  for (const o of optimizers.values()) o.zeroGrad();
  const { total, parts } = model.loss(batch, gen, { epoch: progress });
  const values = lossNumbers({ total, parts });
  if (firstNonFinite(values) !== null) return values;
  backward(total);
  if (clipNorm > 0) clipGradNorm(model.parameters(), clipNorm);
  for (const o of optimizers.values()) o.step();
  return values;
}

export async function trainModel(run: TrainRun): Promise<TrainResult> {
  const { model } = run;
  const options = checkedOptions(run.options);
  const progress = run.progress ?? silentProgress;
  const runDir = run.runDir ?? null;
  const writeFile = run.writeFile ?? writeFileAtomic;
  const x = dataTensor(run.train, model.config.inputShape, 'training');
  const labels = labelTensor(run.train);
  if (run.test) dataTensor(run.test, model.config.inputShape, 'test');
  const { batchGen, stepKey, evalKey } = randomKeys(options.seed);
  const batches = new MiniBatches(run.train.count, options.batchSize, { gen: batchGen, dropLast: options.dropLast });
  if (batches.stepsPerEpoch === 0) throw new RangeError(`no training steps: ${run.train.count} samples with batch size ${options.batchSize}${options.dropLast ? ' and the last short batch dropped' : ''}`);
  if (options.epochs * batches.stepsPerEpoch >= STEP_LIMIT) throw new RangeError(`${options.epochs} epochs × ${batches.stepsPerEpoch} steps is more than 2^21 steps`);
  const optimizers = makeOptimizers(model, options.lr);
  const dataFingerprint = run.dataFingerprint ?? trainingDataFingerprint(run.train, run.test);

  let state: TrainerState = { epoch: 0, step: 0, seconds: 0, options: { ...options }, history: [], best: null, dataFingerprint };
  if (run.resume) {
    const ck = run.resume;
    // The rate the trainer set for the checkpoint's last epoch, under the options it was written with.
    const lastLr = epochLearningRate(ck.state.options, Math.max(0, ck.state.epoch - 1));
    checkResume(ck, { model, optimizers, options, stepsPerEpoch: batches.stepsPerEpoch, dataFingerprint, lastLr });
    model.loadStateDict(ck.modelState);
    for (const [name, o] of optimizers) o.loadStateDict(ck.optimizers.get(name)!);
    state = { ...ck.state, options: { ...options }, history: [...ck.state.history] };
  }
  await run.beforeTraining?.();
  if (runDir !== null) {
    removeStaleTempFiles(runDir);
    // Finish what a kill may have left unwritten after the checkpoint's rename (all of it derived from the checkpoint).
    if (run.resume) await writeDerivedFiles(runDir, model, state, writeFile);
  }

  // A run resumed after `stopAfter` ended it stays stopped, so calling again on its folder trains nothing more.
  const stopped = run.resume != null && (run.stopAfter?.(state.history) ?? false);
  model.train();
  try {
    for (let e = state.epoch; !stopped && e < options.epochs; e++) {
      const epoch = e + 1;
      const lr = epochLearningRate(options, e);
      for (const o of optimizers.values()) for (const g of o.paramGroups) g.lr = lr;
      const order = batches.batches(e);
      const started = performance.now();
      const running = new RunningMeans();
      const kept = runDir !== null && state.epoch > 0 ? state.epoch : null;
      const diverged = (step: number, part: string, detail: string) => new TrainingDivergedError(epoch, step, part, detail, kept, runDir !== null);
      progress.startEpoch(epoch, options.epochs, order.length);
      for (let s = 0; s < order.length; s++) {
        const idx = order[s]!;
        const gen = stepGenerator(stepKey, state.step);
        const batch = batchOf(x, labels, idx);
        if (run.transformBatch) {
          const [dataGen] = gen.split(1) as [Generator];
          batch.x = new Tensor(run.transformBatch(batch.x.data, dataGen, idx), batch.x.shape);
        }
        const parts = trainStep(model, batch, optimizers, gen, options.clipNorm, state.step, e, e + s / order.length);
        const bad = firstNonFinite(parts);
        if (bad !== null) {
          throw diverged(state.step + 1, bad, `the ${bad === 'total' ? 'loss' : `loss part '${bad}'`} is ${parts[bad]} (step ${s + 1} of ${order.length} in the epoch)`);
        }
        running.add(parts, idx.length);
        state.step += 1;
        progress.step(s + 1, parts);
      }
      const badParam = nonFiniteParameter(model);
      if (badParam !== null) throw diverged(state.step, badParam, `parameter '${badParam}' is no longer finite after the update`);
      const test = run.test ? evaluate(model, run.test, evalKey) : null;
      const badTest = test ? firstNonFinite(test) : null;
      if (test && badTest !== null) throw diverged(state.step, badTest, `the test ${badTest === 'total' ? 'loss' : `loss part '${badTest}'`} is ${test[badTest]}`);
      state.seconds += (performance.now() - started) / 1000;
      const metrics: EpochMetrics = { epoch, step: state.step, seconds: state.seconds, train: running.means(), test };
      state.history.push(metrics);
      state.epoch = epoch;
      const score = (test ?? metrics.train)['total']!;
      if (state.best === null || score < state.best.total) state.best = { epoch, total: score };
      if (runDir !== null) await writeEpochFiles(runDir, model, optimizers, state, writeFile);
      progress.endEpoch(metrics);
      await run.onEpochEnd?.(metrics);
      if (run.stopAfter?.(state.history)) break;
    }
  } finally {
    progress.stop();
  }
  return { state, optimizers };
}

function checkedOptions(options: TrainOptions): TrainOptions {
  try {
    return validateTrainOptions({ ...options });
  } catch (err) {
    if (err instanceof CheckpointStateError) throw new RangeError(`trainModel: ${err.message}`);
    throw err;
  }
}

/** The files that follow from the trainer state alone: the model file, the metrics, the readable checkpoint copy. */
async function writeDerivedFiles(runDir: string, model: Autoencoder, state: TrainerState, writeFile: FileWriter): Promise<void> {
  await writeModelAndMetrics(runDir, model, state, writeFile);
  await writeFile(join(runDir, CHECKPOINT_JSON), checkpointSummary(state));
}

async function writeModelAndMetrics(runDir: string, model: Autoencoder, state: TrainerState, writeFile: FileWriter): Promise<void> {
  await writeFile(join(runDir, MODEL_FILE), encodeModel(model));
  await writeFile(join(runDir, METRICS_CSV), metricsCsv(state.history));
  await writeFile(join(runDir, METRICS_JSON), metricsJson(state.history));
}

function checkpointSummary(state: TrainerState): string {
  return `${JSON.stringify({ checkpoint: CHECKPOINT_FILE, epoch: state.epoch, step: state.step, seconds: state.seconds, options: state.options, best: state.best }, null, 2)}\n`;
}

/** The model file and the metrics first, then the checkpoint (the commit point), then its readable copy (see the file comment). */
async function writeEpochFiles(runDir: string, model: Autoencoder, optimizers: Map<string, Optimizer>, state: TrainerState, writeFile: FileWriter): Promise<void> {
  await writeModelAndMetrics(runDir, model, state, writeFile);
  const ck: Checkpoint = {
    modelConfig: model.config,
    modelState: model.stateDict(),
    optimizers: new Map([...optimizers].map(([k, o]) => [k, o.stateDict()])),
    state,
  };
  await writeFile(join(runDir, CHECKPOINT_FILE), encodeCheckpoint(ck));
  await writeFile(join(runDir, CHECKPOINT_JSON), checkpointSummary(state));
}
