/**
 * Anomaly detection with the leave-one-class-out protocol (as in An & Cho 2015; Zong et al. 2018): a model is
 * trained on every class but one, then scores the whole test set; the held-out class is the anomaly. A score that
 * rises off the training manifold ranks the held-out images first: ROC AUC 1 is perfect, ½ is chance.
 */
import { sampleSize, type Dataset } from '../data/dataset.js';
import { anomalyScores, unsupportedScore, ANOMALY_SCORES, type AnomalyScoreName } from '../eval/anomaly-score.js';
import { rocAuc, rocCurve, type RocCurve } from '../eval/roc.js';
import type { Autoencoder } from '../models/autoencoder.js';
import { buildModelWithinBudget } from '../models/model-budget.js';
import { defaultConfig } from '../models/registry.js';
import type { TrainOptions } from '../train/checkpoint.js';
import { selectRows } from '../train/data-source.js';
import { initGenerator, trainModel } from '../train/trainer.js';
import { className } from './class-names.js';

export interface LeaveOneClassOutOptions {
  model: string;
  latentDim?: number;
  overrides?: Record<string, unknown>;
  training: TrainOptions;
  /** The classes to hold out in turn (default: every class). */
  classes?: number[];
  /** Importance samples K of the IW NLL. */
  iwSamples: number;
  /** Called after each held-out class. */
  onClass?: (result: HeldOutClassResult) => void;
}

export interface HeldOutClassResult {
  heldOut: number;
  className: string;
  trainSamples: number;
  testSamples: number;
  anomalies: number;
  /** ROC AUC of each score the model has. */
  auc: Partial<Record<AnomalyScoreName, number>>;
  roc: Partial<Record<AnomalyScoreName, RocCurve>>;
  /** Mean score of normal and anomalous test images. */
  meanScore: Partial<Record<AnomalyScoreName, { normal: number; anomaly: number }>>;
  trainSeconds: number;
  scoreSeconds: number;
}

/** The scores a model can give (reconstruction for all; −ELBO and IW NLL for variational ones). */
export function scoresFor(model: Autoencoder): AnomalyScoreName[] {
  return ANOMALY_SCORES.filter((s) => unsupportedScore(model, s) === null);
}

function checkClasses(train: Dataset, test: Dataset, classes: number[]): void {
  if (train.labels === null || test.labels === null) throw new RangeError(`leave-one-class-out needs labelled data; ${train.labels === null ? train.name : test.name} has no labels`);
  const k = train.numClasses;
  if (k < 2) throw new RangeError(`leave-one-class-out needs at least 2 classes; ${train.name} has ${k}`);
  for (const c of classes) if (!Number.isInteger(c) || c < 0 || c >= k) throw new RangeError(`--classes: class ${c} is out of range (the data has classes 0 … ${k - 1})`);
}

function meanOf(scores: Float64Array, positive: boolean[], want: boolean): number {
  let s = 0;
  let n = 0;
  scores.forEach((v, i) => {
    if (positive[i] === want) {
      s += v;
      n++;
    }
  });
  return s / n;
}

/** Trains one model per held-out class and reports the ROC of every score it has on the full test set. */
export async function leaveOneClassOut(train: Dataset, test: Dataset, options: LeaveOneClassOutOptions): Promise<HeldOutClassResult[]> {
  const classes = options.classes ?? Array.from({ length: train.numClasses }, (_, k) => k);
  checkClasses(train, test, classes);
  // Sizes come from the command line: built under the memory budget, as `aekit train` builds.
  const build = (): Autoencoder => buildModelWithinBudget(defaultConfig(options.model, {
    inputShape: [...train.shape], latentDim: options.latentDim, numClasses: train.numClasses, overrides: options.overrides ?? {},
  }), initGenerator(options.training.seed));
  const probe = build();
  if (probe.capabilities.conditional) {
    throw new RangeError(`anomaly: model '${options.model}' is conditional, and the held-out class is a label it never saw; choose an unconditional model`);
  }
  if (sampleSize(test.shape) !== sampleSize(train.shape)) throw new RangeError('anomaly: the train and test splits differ in shape');
  const results: HeldOutClassResult[] = [];
  for (const c of classes) {
    const keep = Int32Array.from({ length: train.count }, (_, i) => i).filter((i) => train.labels![i] !== c);
    const normal = selectRows(train, keep, `${train.name}-without-${c}`);
    const model = build();
    let started = performance.now();
    await trainModel({ model, train: normal, test: null, options: options.training });
    const trainSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const positive = Array.from(test.labels!, (y) => y === c);
    const result: HeldOutClassResult = {
      heldOut: c, className: className(test, c), trainSamples: normal.count, testSamples: test.count, anomalies: positive.filter(Boolean).length,
      auc: {}, roc: {}, meanScore: {}, trainSeconds, scoreSeconds: 0,
    };
    for (const score of scoresFor(model)) {
      const s = anomalyScores(model, test.images, test.count, null, score, { samples: score === 'iw-nll' ? options.iwSamples : 1, seed: options.training.seed });
      result.auc[score] = rocAuc(s, positive);
      result.roc[score] = rocCurve(s, positive);
      result.meanScore[score] = { normal: meanOf(s, positive, false), anomaly: meanOf(s, positive, true) };
    }
    result.scoreSeconds = (performance.now() - started) / 1000;
    results.push(result);
    options.onClass?.(result);
  }
  return results;
}

/** At most `points` points of a curve, evenly by index, the ends kept (for figures of large test sets). */
export function thinCurve(curve: RocCurve, points = 200): { fpr: number[]; tpr: number[] } {
  const n = curve.fpr.length;
  if (n <= points) return { fpr: curve.fpr, tpr: curve.tpr };
  const idx = Array.from({ length: points }, (_, i) => Math.round((i * (n - 1)) / (points - 1)));
  return { fpr: idx.map((i) => curve.fpr[i]!), tpr: idx.map((i) => curve.tpr[i]!) };
}
