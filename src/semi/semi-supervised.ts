/**
 * Semi-supervised classification with a few labels (Kingma, Rezende, Mohamed & Welling 2014):
 * - M1: a VAE trained on every training image (no labels), then a classifier on its codes (posterior means)
 *   using the few labels: label spreading over the codes of all training images (transductive, in the role
 *   the paper's TSVM plays), beside a 1-nearest-neighbour and a logistic-regression baseline on the labelled
 *   codes alone;
 * - M2: the model `m2` on the pixels, trained on the partly labelled set (UNLABELLED rows plus the labelled
 *   rows oversampled), classifying test images by argmax q(y | x);
 * - M1+M2: M2 trained on M1's codes, each training batch's code drawn afresh from q(z₁ | x) = N(μ(x), σ(x)²) as
 *   the paper does ('posterior'), or as μ(x) + σ̄ ⊙ ε with σ̄ the posterior's mean standard deviation per
 *   dimension ('mean-sigma'); test codes are the means μ(x).
 * Test errors are measured on the whole test split after the last epoch; nothing is tuned on it.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleSize, type Dataset } from '../data/dataset.js';
import { Linear } from '../nn/linear.js';
import type { ActivationName } from '../nn/activations.js';
import { isSemiSupervised, isVariational, type Autoencoder, type ModelConfigBase, type VariationalAutoencoder } from '../models/autoencoder.js';
import { KL_WARMUP_KEY } from '../models/blocks/kl-warmup.js';
import { loadModel } from '../models/model-io.node.js';
import { trainingDataFingerprint } from '../data/fingerprint.js';
import { buildModel, defaultConfig, validateModelConfig } from '../models/registry.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { CHECKPOINT_FILE, readCheckpoint, type Checkpoint, type LrSchedule, type TrainOptions } from '../train/checkpoint.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { parseJsonStrict } from '../io/strict-json.js';
import { dataSpecText, loadData, parseDataSpec, type DataSplits } from '../train/data-source.js';
import { encodeDataset, inference, rows, writeRunFigures } from '../train/figures.js';
import { silentProgress, type ProgressReporter } from '../train/progress.js';
import { readRunConfig, RUN_FORMAT, RunDirError, writeRunConfig } from '../train/run-dir.js';
import { initGenerator, MODEL_FILE, trainModel } from '../train/trainer.js';
import { errorRate, predictClasses, trainClassifier } from './classifier.js';
import { chooseLabelled, copiesForShare, partlyLabelled, partlyLabelledSources } from './labelled-subset.js';
import { labelSpreading } from './label-spreading.js';
import { activeDimensions, columnMeans, posteriorSample, takeColumns, type BatchTransform } from './m1-codes.js';
import { nearestNeighbours, type Points } from './nearest-neighbours.js';

export const SEMI_SUPERVISED_METHODS = ['m1', 'm2', 'm1+m2'] as const;
export type SemiSupervisedMethod = (typeof SEMI_SUPERVISED_METHODS)[number];

/** The VAE of M1 (the paper: 2 × 600 softplus units, 50-D codes). */
export interface VaeSettings {
  epochs: number;
  latent: number;
  hidden: number[];
  activation: ActivationName;
  batch: number;
  lr: number;
}

export interface M2Settings {
  epochs: number;
  latent: number;
  hidden: number[];
  classifierHidden: number[];
  activation: ActivationName;
  batch: number;
  lr: number;
  /** M2's learning rate per epoch: constant, or cosine annealing to 0 over the epochs. */
  lrSchedule: LrSchedule;
  /** The paper's α as a multiple of N: α = alpha·N, so β = alpha·N/N_labelled per labelled sample. */
  alpha: number;
  /** The labelled rows' share of the training rows after oversampling. */
  labelledShare: number;
  /**
   * 'paper': each oversampled labelled row weighs 1/copies, so the objective is the paper's
   * Σ_l L + Σ_u U + α·E_l[−log q]; 'balanced': every copy weighs as much as an unlabelled row.
   */
  objective: M2Objective;
  /** M1+M2: how each training batch draws its codes z₁ from M1's posterior (see CODE_SAMPLINGS). */
  codeSampling: CodeSampling;
  /** M1+M2: keep the code dimensions whose posterior mean has a standard deviation above this over the training set (0: all). */
  minCodeStd: number;
  /** β_KL, M2's weight of the KL term (the model's `beta`; 1: the bound). */
  klWeight: number;
  /** M2's KL warm-up in epochs (the model's `klWarmupEpochs`, blocks/kl-warmup.ts); 0: none. */
  klWarmupEpochs: number;
}

export const M2_OBJECTIVES = ['paper', 'balanced'] as const;
export type M2Objective = (typeof M2_OBJECTIVES)[number];

/** 'posterior': z₁ ~ N(μ(x), σ(x)²), each sample its own σ(x); 'mean-sigma': z₁ = μ(x) + σ̄ ⊙ ε, σ̄ averaged over the training set. */
export const CODE_SAMPLINGS = ['posterior', 'mean-sigma'] as const;
export type CodeSampling = (typeof CODE_SAMPLINGS)[number];


export interface SemiSupervisedOptions {
  method: SemiSupervisedMethod;
  /** Labelled training samples in all: the same number from every class. */
  labels: number;
  data: string;
  /** Picks the labelled samples and seeds both trainings. */
  seed: number;
  trainSize?: number;
  testSize?: number;
  m1: VaeSettings;
  m2: M2Settings;
  /** Take M1 from this run folder (a variational model trained on the same data) instead of training one. */
  m1Run?: string;
  spreading: { k: number; alpha: number };
  /** Results folder: run folders m1/ and m2/ go inside it. */
  out: string;
  /**
   * Continue the M2 run in out/m2 from its last checkpoint (the same options; `m2.epochs` may grow). M1 comes
   * from `m1Run` or the finished out/m1.
   */
  resume?: boolean;
  progress?: ProgressReporter;
  note?: (message: string) => void;
}

export interface CurvePoint {
  epoch: number;
  testError: number;
  /**
   * The error of q(y | x) on the first UNLABELLED_CHECK unlabelled training samples, against the labels that
   * training never sees: a criterion for choosing settings without the test set (absent in older runs).
   */
  unlabelledError?: number;
}

/** Unlabelled training samples whose hidden labels score each epoch's `unlabelledError`. */
export const UNLABELLED_CHECK = 10_000;

export interface SemiSupervisedResult {
  method: SemiSupervisedMethod;
  data: string;
  labels: number;
  perClass: number;
  seed: number;
  labelledIndices: number[];
  trainCount: number;
  testCount: number;
  /** The method's test error (a fraction): M1 with label spreading, or argmax q(y | x) of M2. */
  testError: number;
  /** M1's classifiers on the codes (M1 only). */
  classifiers: { labelSpreading: number; nearestNeighbour: number; logisticRegression: number; spreadingTrainError: number } | null;
  /** M2's test error after each epoch (M2 and M1+M2). */
  curve: CurvePoint[];
  m1Run: string | null;
  /** M1+M2: the M1 code dimensions M2 models (see minCodeStd). */
  m1Dimensions: number[] | null;
  m2Run: string | null;
  /** Wall-clock seconds of this command's parts; m2Training sums M2's training over every resumed session. */
  seconds: { m1: number; m2: number; classifiers: number; m2Training: number };
}

/** M2's test error per epoch, beside its checkpoint, so that a resumed run keeps the whole curve. */
export const CURVE_FILE = 'test-error.json';

function dataset(codes: Float32Array, count: number, dim: number, like: Dataset, name: string): Dataset {
  return { name, images: codes, shape: [dim], count, labels: like.labels, numClasses: like.numClasses };
}

function asTensor(ds: Dataset, shape: readonly number[]): Tensor {
  return new Tensor(ds.images, [ds.count, ...shape]);
}

function trainOptions(s: { epochs: number; batch: number; lr: number; lrSchedule?: LrSchedule }, seed: number): TrainOptions {
  return { epochs: s.epochs, batchSize: s.batch, lr: s.lr, lrSchedule: s.lrSchedule ?? 'constant', seed, clipNorm: 0, dropLast: false };
}

function freshRunDir(dir: string): string {
  if (existsSync(join(dir, CHECKPOINT_FILE))) throw new RunDirError(dir, 'already holds a run; choose another --out');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** M1 from a run folder: a variational model for data of this shape. */
function openM1(dir: string, data: DataSplits): VariationalAutoencoder {
  readRunConfig(dir);
  const path = join(dir, MODEL_FILE);
  if (!existsSync(path)) throw new RunDirError(dir, `has no ${MODEL_FILE}`);
  const model = loadModel(path);
  if (!isVariational(model)) throw new RunDirError(dir, `M1 must be a variational model (its codes are posterior means); '${model.config.model}' is not`);
  if (model.capabilities.conditional) throw new RunDirError(dir, `M1 must encode without labels; '${model.config.model}' is conditional`);
  if (sampleSize(model.config.inputShape) !== sampleSize(data.train.shape)) {
    throw new RunDirError(dir, `its model takes inputs of shape [${model.config.inputShape.join(', ')}], the data has [${data.train.shape.join(', ')}]`);
  }
  return model;
}

async function trainM1(o: SemiSupervisedOptions, data: DataSplits): Promise<{ model: VariationalAutoencoder; dir: string }> {
  const dir = freshRunDir(join(o.out, 'm1'));
  const config = defaultConfig('vae', {
    inputShape: [...data.train.shape], latentDim: o.m1.latent, overrides: { hidden: o.m1.hidden, activation: o.m1.activation },
  });
  const training = trainOptions(o.m1, o.seed);
  const spec = parseDataSpec(o.data);
  const fingerprint = trainingDataFingerprint(data.train, data.test);
  await writeRunConfig(dir, {
    format: RUN_FORMAT, model: config, training, created: new Date().toISOString(),
    data: { spec: dataSpecText(spec), trainSize: o.trainSize ?? null, testSize: o.testSize ?? null, labelColumn: null, header: null, fingerprint },
  });
  const model = buildModel(config, initGenerator(o.seed));
  o.note?.(`M1: a VAE (${config.latentDim}-D codes, hidden ${o.m1.hidden.join('-')}) on ${data.train.count} unlabelled training images, ${o.m1.epochs} epochs → ${dir}`);
  const { state } = await trainModel({ model, train: data.train, test: data.test, options: training, runDir: dir, progress: o.progress ?? silentProgress, transformBatch: data.transformBatch, dataFingerprint: fingerprint });
  await writeRunFigures(dir, model, data.test, state.history, o.seed);
  if (!isVariational(model)) throw new Error('M1: the VAE lost its variational capability');
  return { model, dir };
}

/** Posterior means and standard deviations of a data set (count × L each). */
function posteriorCodes(model: VariationalAutoencoder, ds: Dataset, batchSize = 500): { mu: Float32Array; sigma: Float32Array } {
  const L = model.config.latentDim;
  const mu = new Float32Array(ds.count * L);
  const sigma = new Float32Array(ds.count * L);
  inference(model, () => {
    for (let s = 0; s < ds.count; s += batchSize) {
      const q = model.posterior(rows(ds, s, Math.min(batchSize, ds.count - s), model.config.inputShape).x);
      mu.set(q.mu.data, s * L);
      q.logVar.data.forEach((v, i) => { sigma[s * L + i] = Math.exp(0.5 * v); });
    }
  });
  return { mu, sigma };
}

function rowsOf(p: Points, indices: Int32Array): Points {
  const data = new Float32Array(indices.length * p.dim);
  indices.forEach((i, r) => data.set(p.data.subarray(i * p.dim, (i + 1) * p.dim), r * p.dim));
  return { data, count: indices.length, dim: p.dim };
}

/** M1's classifiers on codes: label spreading, 1-NN and logistic regression on the labelled codes. */
function classifyCodes(train: Points, test: Points, trainSet: Dataset, testSet: Dataset, labelled: Int32Array, o: SemiSupervisedOptions): NonNullable<SemiSupervisedResult['classifiers']> {
  const K = trainSet.numClasses;
  const trainLabels = trainSet.labels!;
  const testLabels = testSet.labels!;
  const given = new Int32Array(train.count).fill(-1);
  for (const i of labelled) given[i] = trainLabels[i]!;
  const spread = labelSpreading(train, given, K, { k: o.spreading.k, alpha: o.spreading.alpha });
  const spreadingTrainError = errorRate(spread.transduction, trainLabels);
  const labelSpreadingError = errorRate(spread.predict(test), testLabels);
  const labelledCodes = rowsOf(train, labelled);
  const nn = nearestNeighbours(test, labelledCodes, 1);
  const nearestNeighbour = errorRate(Array.from(nn.indices, (j) => trainLabels[labelled[j]!]!), testLabels);
  const head = new Linear(train.dim, K, { gen: new Generator(o.seed) });
  const x = new Tensor(labelledCodes.data, [labelled.length, train.dim]);
  const y = new Tensor(Float32Array.from(labelled, (i) => trainLabels[i]!), [labelled.length]);
  trainClassifier((v) => head.forward(v), head.parameters(), x, y, { epochs: 300, batchSize: labelled.length, lr: 1e-2, weightDecay: 1e-3, seed: o.seed });
  const logisticRegression = errorRate(predictClasses((v) => head.forward(v), new Tensor(test.data, [test.count, test.dim])), testLabels);
  return { labelSpreading: labelSpreadingError, nearestNeighbour, logisticRegression, spreadingTrainError };
}

/**
 * Trains M2 on `train` (fully labelled; all but `labelled` become UNLABELLED) and tracks its test error per epoch;
 * `transformFor` gets the source sample of each training row and returns the batches' transform.
 */
async function trainM2(o: SemiSupervisedOptions, train: Dataset, test: Dataset, labelled: Int32Array, dir: string,
  runData: { spec: string } | null, transformFor: (sources: Int32Array) => BatchTransform | undefined): Promise<{ model: Autoencoder; curve: CurvePoint[]; trainingSeconds: number }> {
  const unlabelledCount = train.count - labelled.length;
  const copies = copiesForShare(labelled.length, unlabelledCount, o.m2.labelledShare);
  const mixed = partlyLabelled(train, labelled, copies);
  const sources = partlyLabelledSources(train.count, labelled, copies);
  const transformBatch = transformFor(sources);
  const beta = (o.m2.alpha * train.count) / labelled.length;
  const codes = runData === null;
  const config = defaultConfig('m2', {
    inputShape: [...train.shape], latentDim: o.m2.latent, numClasses: train.numClasses,
    overrides: {
      hidden: o.m2.hidden, classifierHidden: o.m2.classifierHidden, activation: o.m2.activation, classificationWeight: beta,
      labelledWeight: o.m2.objective === 'paper' ? 1 / copies : 1,
      beta: o.m2.klWeight, [KL_WARMUP_KEY]: o.m2.klWarmupEpochs,
      // Codes are real-valued: a Gaussian p(z₁ | y, z₂) with a learned variance per value.
      ...(codes ? { decoder: 'gaussian', decoderVariance: 'learned' } : {}),
    },
  });
  const training = trainOptions(o.m2, o.seed);
  const resume = o.resume === true ? resumeM2(dir, config) : null;
  if (runData !== null) {
    await writeRunConfig(dir, {
      format: RUN_FORMAT, model: config, training, created: new Date().toISOString(),
      // The training set is built here (labelled rows oversampled among the unlabelled), so no fingerprint of a file.
      data: { spec: runData.spec, trainSize: o.trainSize ?? null, testSize: o.testSize ?? null, labelColumn: null, header: null, fingerprint: null },
    });
  }
  const model = buildModel(config, initGenerator(o.seed));
  if (!isSemiSupervised(model)) throw new Error('m2: the model does not declare itself semi-supervised');
  o.note?.(`M2 on ${codes ? `${train.shape[0]}-D M1 codes` : 'pixels'}: ${labelled.length} labelled samples ×${copies} copies + ${unlabelledCount} unlabelled, β = ${beta.toFixed(1)}, ${o.m2.objective} objective, ${o.m2.klWeight !== 1 ? `β_KL = ${o.m2.klWeight}, ` : ''}${o.m2.klWarmupEpochs > 0 ? `KL warm-up over ${o.m2.klWarmupEpochs} epochs, ` : ''}${codes ? `codes drawn by '${o.m2.codeSampling}', ` : ''}${o.m2.epochs} epochs → ${dir}`);
  const testX = asTensor(test, config.inputShape);
  // The unlabelled rows come first in `mixed`, in the order of `sources`.
  const checkCount = Math.min(UNLABELLED_CHECK, unlabelledCount);
  const checkX = new Tensor(mixed.images.subarray(0, checkCount * sampleSize(train.shape)), [checkCount, ...config.inputShape]);
  const checkLabels = Int32Array.from(sources.subarray(0, checkCount), (i) => train.labels![i]!);
  const curve: CurvePoint[] = resume?.curve ?? [];
  const errorOn = (x: Tensor, labels: ArrayLike<number>) => {
    model.eval();
    try {
      return errorRate(predictClasses((v) => model.classLogits(v), x), labels);
    } finally {
      model.train();
    }
  };
  const { state } = await trainModel({
    model, train: mixed, test, options: training, runDir: dir, progress: o.progress ?? silentProgress, transformBatch,
    resume: resume?.checkpoint ?? null,
    onEpochEnd: async (m) => {
      const point = { epoch: m.epoch, testError: errorOn(testX, test.labels!), unlabelledError: errorOn(checkX, checkLabels) };
      curve.push(point);
      await writeFileAtomic(join(dir, CURVE_FILE), `${JSON.stringify(curve)}\n`);
      o.note?.(`M2 epoch ${m.epoch}: test error ${(100 * point.testError).toFixed(2)} %, error on ${checkCount} unlabelled training samples ${(100 * point.unlabelledError).toFixed(2)} %`);
    },
  });
  if (!codes) await writeRunFigures(dir, model, test, state.history, o.seed);
  return { model, curve, trainingSeconds: state.seconds };
}

/** The checkpoint and test-error curve of the M2 run in `dir`, or a refusal naming what does not match. */
function resumeM2(dir: string, config: ModelConfigBase): { checkpoint: Checkpoint; curve: CurvePoint[] } {
  const path = join(dir, CHECKPOINT_FILE);
  if (!existsSync(path)) throw new RunDirError(dir, `has no ${CHECKPOINT_FILE} to resume; start without --resume`);
  const checkpoint = readCheckpoint(path, validateModelConfig);
  if (JSON.stringify(checkpoint.modelConfig) !== JSON.stringify(config)) {
    throw new RunDirError(dir, 'its M2 was built with other options (model, data, labels or seed); resume with the options it was started with');
  }
  const curvePath = join(dir, CURVE_FILE);
  const curve = existsSync(curvePath) ? (parseJsonStrict(readFileSync(curvePath, 'utf8')) as CurvePoint[]) : [];
  if (!Array.isArray(curve) || curve.length !== checkpoint.state.epoch || curve.some((p, i) => p?.epoch !== i + 1 || typeof p.testError !== 'number')) {
    throw new RunDirError(dir, `${CURVE_FILE} does not hold one test error per checkpointed epoch (${checkpoint.state.epoch})`);
  }
  return { checkpoint, curve };
}

/** How M1+M2 drew its training codes, beside M2's checkpoint, so that a resume continues with the same draws. */
export const CODE_SETTINGS_FILE = 'm1-codes.json';

interface CodeSettings {
  codeSampling: CodeSampling;
  minCodeStd: number;
  m1Dimensions: number[];
}

async function checkOrWriteCodeSettings(dir: string, settings: CodeSettings, resume: boolean): Promise<void> {
  const path = join(dir, CODE_SETTINGS_FILE);
  const text = JSON.stringify(settings);
  if (resume) {
    // A run from before this file existed drew its codes as 'mean-sigma' from every dimension.
    const recorded = existsSync(path) ? readFileSync(path, 'utf8').trim()
      : JSON.stringify({ codeSampling: 'mean-sigma', minCodeStd: 0, m1Dimensions: settings.m1Dimensions });
    const was = parseJsonStrict(recorded) as Partial<CodeSettings>;
    if (JSON.stringify({ codeSampling: was.codeSampling, minCodeStd: was.minCodeStd, m1Dimensions: was.m1Dimensions }) !== text) {
      throw new RunDirError(dir, `its M2 drew codes with ${recorded}; resume with the same --code-sampling and --min-code-std`);
    }
    return;
  }
  await writeFileAtomic(path, `${text}\n`);
}

export async function semiSupervised(o: SemiSupervisedOptions): Promise<SemiSupervisedResult> {
  const spec = parseDataSpec(o.data);
  const data = loadData(spec, { trainSize: o.trainSize, testSize: o.testSize });
  const K = data.train.numClasses;
  if (data.train.labels === null || data.test.labels === null || K < 2) throw new RangeError(`${o.data}: semi-supervised classification needs labelled data with at least 2 classes`);
  if (!Number.isInteger(o.labels) || o.labels < K || o.labels % K !== 0) throw new RangeError(`--labels must be a multiple of the ${K} classes (the same number from each), got ${o.labels}`);
  if (o.labels >= data.train.count) throw new RangeError(`--labels ${o.labels} leaves no unlabelled training sample (${data.train.count} in all)`);
  const perClass = o.labels / K;
  const labelled = chooseLabelled(data.train, perClass, o.seed);
  mkdirSync(o.out, { recursive: true });
  const seconds = { m1: 0, m2: 0, classifiers: 0, m2Training: 0 };
  const result: SemiSupervisedResult = {
    method: o.method, data: dataSpecText(spec), labels: o.labels, perClass, seed: o.seed, labelledIndices: Array.from(labelled),
    trainCount: data.train.count, testCount: data.test.count, testError: NaN, classifiers: null, curve: [], m1Run: null, m1Dimensions: null, m2Run: null, seconds,
  };
  let m1: VariationalAutoencoder | null = null;
  if (o.method !== 'm2') {
    const started = performance.now();
    const m1Run = o.m1Run ?? (o.resume === true ? join(o.out, 'm1') : undefined);
    if (m1Run !== undefined) {
      m1 = openM1(m1Run, data);
      result.m1Run = m1Run;
      o.note?.(`M1: ${m1.config.model} from ${m1Run}`);
    } else {
      const trained = await trainM1(o, data);
      m1 = trained.model;
      result.m1Run = trained.dir;
    }
    seconds.m1 = (performance.now() - started) / 1000;
  }
  if (o.method === 'm1') {
    if (o.resume === true) throw new RangeError('--resume continues an M2 run; M1 has none (give --m1-run to reuse a VAE)');
    const started = performance.now();
    const L = m1!.config.latentDim;
    const train = { data: encodeDataset(m1!, data.train), count: data.train.count, dim: L };
    const test = { data: encodeDataset(m1!, data.test), count: data.test.count, dim: L };
    result.classifiers = classifyCodes(train, test, data.train, data.test, labelled, o);
    result.testError = result.classifiers.labelSpreading;
    seconds.classifiers = (performance.now() - started) / 1000;
    return result;
  }
  const started = performance.now();
  const dir = o.resume === true ? join(o.out, 'm2') : freshRunDir(join(o.out, 'm2'));
  result.m2Run = dir;
  let m2: { curve: CurvePoint[]; trainingSeconds: number };
  if (o.method === 'm2') {
    m2 = await trainM2(o, data.train, data.test, labelled, dir, { spec: dataSpecText(spec) }, () => data.transformBatch);
  } else {
    const codes = posteriorCodes(m1!, data.train);
    const kept = activeDimensions(codes.mu, m1!.config.latentDim, o.m2.minCodeStd);
    if (kept.length === 0) throw new RangeError(`--min-code-std ${o.m2.minCodeStd}: no dimension of M1's codes varies that much over the training set`);
    result.m1Dimensions = Array.from(kept);
    o.note?.(`M1+M2: ${kept.length} of M1's ${m1!.config.latentDim} code dimensions have std(μ) > ${o.m2.minCodeStd} over the training set`);
    await checkOrWriteCodeSettings(dir, { codeSampling: o.m2.codeSampling, minCodeStd: o.m2.minCodeStd, m1Dimensions: result.m1Dimensions }, o.resume === true);
    const L = kept.length;
    const take = (v: Float32Array) => takeColumns(v, m1!.config.latentDim, kept);
    const [trainMu, trainSigma, testMu] = [take(codes.mu), take(codes.sigma), take(encodeDataset(m1!, data.test))];
    const sampling = (sources: Int32Array) => (o.m2.codeSampling === 'posterior' ? posteriorSample(trainSigma, L, sources)
      : posteriorSample(columnMeans(trainSigma, L), L, null));
    m2 = await trainM2(o, dataset(trainMu, data.train.count, L, data.train, 'm1-codes-train'), dataset(testMu, data.test.count, L, data.test, 'm1-codes-test'),
      labelled, dir, null, sampling);
  }
  seconds.m2 = (performance.now() - started) / 1000;
  seconds.m2Training = m2.trainingSeconds;
  result.curve = m2.curve;
  result.testError = m2.curve.at(-1)?.testError ?? NaN;
  return result;
}
