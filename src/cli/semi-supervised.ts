/**
 * `aekit semi-supervised`: classification with a few labels (default 100, 10 per class) and every other
 * training image unlabelled — Kingma et al. 2014's M1, M2 and M1+M2 (see src/semi/semi-supervised.ts).
 * Writes semi-supervised.json and a figure into the results folder, the M1/M2 run folders inside it.
 */
import { join } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { writeFileAtomic } from '../io/atomic-write.js';
import { ACTIVATIONS } from '../models/blocks/config-fields.js';
import type { ActivationName } from '../nn/activations.js';
import {
  CODE_SAMPLINGS, M2_OBJECTIVES, SEMI_SUPERVISED_METHODS, semiSupervised, type CodeSampling, type M2Objective, type SemiSupervisedMethod, type SemiSupervisedResult,
} from '../semi/semi-supervised.js';
import { LR_SCHEDULES, type LrSchedule } from '../train/checkpoint.js';
import { defaultProgress } from '../train/progress.js';
import { defaultRunDir } from '../train/run-dir.js';
import { barPlotSvg } from '../viz/bar-plot.js';
import { linePlotSvg } from '../viz/line-plot.js';
import { note, parseNonNegativeInt, parseNonNegativeNumber, parsePositiveInt, parsePositiveNumber, printJson } from './options.js';

export const SEMI_SUPERVISED_DEFAULTS = {
  method: 'm1+m2', labels: 100, data: 'mnist', seed: 0,
  m1Epochs: 10, latent: 50, hidden: '600,600', activation: 'softplus', m1Batch: 100, m1Lr: 1e-3,
  epochs: 10, lrSchedule: 'constant', m2Latent: 50, m2Hidden: '500', classifierHidden: '500', batch: 200, lr: 1e-3, alpha: 0.1, labelledShare: 0.5, objective: 'balanced', codeSampling: 'mean-sigma', minCodeStd: 0, klWeight: 1, klWarmup: 0,
  spreadingK: 10, spreadingAlpha: 0.99,
} as const;

interface SemiCliOptions {
  method: SemiSupervisedMethod;
  labels: number;
  data: string;
  seed: number;
  trainSize?: number;
  testSize?: number;
  m1Epochs: number;
  latent: number;
  hidden: number[];
  activation: ActivationName;
  m1Batch: number;
  m1Lr: number;
  m1Run?: string;
  epochs: number;
  m2Latent: number;
  m2Hidden: number[];
  classifierHidden: number[];
  batch: number;
  lr: number;
  lrSchedule: LrSchedule;
  alpha: number;
  labelledShare: number;
  objective: M2Objective;
  codeSampling: CodeSampling;
  minCodeStd: number;
  klWeight: number;
  klWarmup: number;
  spreadingK: number;
  spreadingAlpha: number;
  out?: string;
  resume?: boolean;
  figures: boolean;
  json?: boolean;
}

function parseSizes(value: string): number[] {
  const sizes = value.split(',').map((s) => Number(s.trim()));
  if (value.trim() === '' || sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new InvalidArgumentError(`'${value}' is not a list of layer sizes like 600,600.`);
  return sizes;
}

function parseOpenUnit(value: string): number {
  const n = parsePositiveNumber(value);
  if (n >= 1) throw new InvalidArgumentError(`'${value}' must lie in (0, 1).`);
  return n;
}

const percent = (e: number) => `${(100 * e).toFixed(2)} %`;

async function writeFigures(r: SemiSupervisedResult, out: string): Promise<string[]> {
  if (r.classifiers !== null) {
    const c = r.classifiers;
    const file = join(out, 'classifiers.svg');
    await writeFileAtomic(file, await barPlotSvg({
      title: `M1: test error with ${r.labels} labels, classifiers on VAE codes`,
      xLabel: 'classifier on the codes', yLabel: 'test error (%)',
      categories: ['label spreading (all codes)', 'logistic regression (labelled codes)', '1-NN (labelled codes)'],
      series: [{ name: 'M1', values: [100 * c.labelSpreading, 100 * c.logisticRegression, 100 * c.nearestNeighbour] }],
    }));
    return [file];
  }
  const file = join(out, 'test-error.svg');
  await writeFileAtomic(file, await linePlotSvg({
    title: `${r.method.toUpperCase()}: test error of q(y | x) with ${r.labels} labels`,
    xLabel: 'epoch', yLabel: 'test error (%)',
    series: [{ name: r.method, x: r.curve.map((p) => p.epoch), y: r.curve.map((p) => 100 * p.testError) }],
  }));
  return [file];
}

export function registerSemiSupervised(program: Command): void {
  const d = SEMI_SUPERVISED_DEFAULTS;
  program.command('semi-supervised')
    .description('classification with a few labels and the rest unlabelled: M1, M2 or M1+M2 (Kingma et al. 2014)')
    .addOption(new Option('--method <name>', 'M1 (classifier on VAE codes), M2, or M2 on M1\'s codes').choices(SEMI_SUPERVISED_METHODS).default(d.method))
    .option('--labels <n>', 'labelled training samples in all, the same number per class', parsePositiveInt, d.labels)
    .option('--data <spec>', 'labelled data: mnist, fashion, dynamic-binarized-mnist, csv:PATH, png:DIR', d.data)
    .option('--seed <n>', 'picks the labelled samples and seeds the trainings', parseNonNegativeInt, d.seed)
    .option('--train-size <n>', 'use the first n training samples', parsePositiveInt)
    .option('--test-size <n>', 'use the first n test samples', parsePositiveInt)
    .option('--m1-epochs <n>', 'M1: VAE training epochs', parsePositiveInt, d.m1Epochs)
    .option('--latent <n>', 'M1: size of the VAE code', parsePositiveInt, d.latent)
    .option('--hidden <sizes>', 'M1: hidden layer sizes of the VAE', parseSizes, parseSizes(d.hidden))
    .addOption(new Option('--activation <name>', 'hidden activation of M1 and M2').choices(ACTIVATIONS).default(d.activation))
    .option('--m1-batch <n>', 'M1: mini-batch size', parsePositiveInt, d.m1Batch)
    .option('--m1-lr <x>', 'M1: Adam learning rate', parsePositiveNumber, d.m1Lr)
    .option('--m1-run <dir>', 'M1: take the VAE of this run folder instead of training one')
    .option('--epochs <n>', 'M2: training epochs (an epoch passes once over the unlabelled and the oversampled labelled rows)', parsePositiveInt, d.epochs)
    .option('--m2-latent <n>', 'M2: size of z', parsePositiveInt, d.m2Latent)
    .option('--m2-hidden <sizes>', 'M2: hidden layer sizes of q(z | x, y) and p(x | y, z)', parseSizes, parseSizes(d.m2Hidden))
    .option('--classifier-hidden <sizes>', 'M2: hidden layer sizes of q(y | x)', parseSizes, parseSizes(d.classifierHidden))
    .option('--batch <n>', 'M2: mini-batch size', parsePositiveInt, d.batch)
    .option('--lr <x>', 'M2: Adam learning rate', parsePositiveNumber, d.lr)
    .addOption(new Option('--lr-schedule <name>', 'M2: learning rate per epoch: constant, or cosine annealing to 0').choices(LR_SCHEDULES).default(d.lrSchedule))
    .option('--alpha <x>', 'M2: α/N, the classification weight (β = alpha·N/N_labelled per labelled sample)', parsePositiveNumber, d.alpha)
    .option('--labelled-share <x>', 'M2: share of training rows that are (oversampled) labelled samples', parseOpenUnit, d.labelledShare)
    .addOption(new Option('--objective <name>', "M2: 'paper' weighs each oversampled labelled copy 1/copies (Kingma et al.'s J^α), 'balanced' counts every copy as a sample")
      .choices(M2_OBJECTIVES).default(d.objective))
    .addOption(new Option('--code-sampling <name>', "M1+M2: training codes z₁ drawn as μ(x) + σ(x) ⊙ ε ('posterior', the paper's z₁ ~ q(z₁ | x)) or μ(x) + σ̄ ⊙ ε with σ̄ each dimension's mean σ ('mean-sigma')")
      .choices(CODE_SAMPLINGS).default(d.codeSampling))
    .option('--min-code-std <x>', "M1+M2: model only M1's code dimensions whose posterior mean varies with std above x over the training set (Kingma et al.'s code: 0.1; 0 keeps all)", parseNonNegativeNumber, d.minCodeStd)
    .option('--kl-weight <x>', "M2: β_KL, the weight of KL(q(z | ·) ‖ p(z)) in the bound (the model's beta; 1: the bound itself)", parseNonNegativeNumber, d.klWeight)
    .option('--kl-warmup <epochs>', "M2: KL warm-up, the weight of KL(q(z | ·) ‖ p(z)) rising linearly from 0 to β_KL (--kl-weight) over this many epochs, per step (Sønderby et al. 2016; the model's klWarmupEpochs); 0: none", parseNonNegativeNumber, d.klWarmup)
    .option('--spreading-k <n>', 'M1: neighbours per point of the label-spreading graph', parsePositiveInt, d.spreadingK)
    .option('--spreading-alpha <x>', 'M1: label spreading α in (0, 1)', parseOpenUnit, d.spreadingAlpha)
    .option('--out <dir>', 'results folder (default runs/semi-<method>-<data>-<time>)')
    .option('--resume', 'continue the M2 run in --out from its last checkpoint (the same options; --epochs may grow)')
    .option('--no-figures', 'skip the figure')
    .option('--json', 'print the result as one JSON object')
    .action(async (opts: SemiCliOptions) => {
      if (opts.resume && opts.out === undefined) throw new Error('--resume needs --out, the results folder of the run to continue');
      const out = opts.out ?? defaultRunDir(`semi-${opts.method.replace('+', '')}`, opts.data.replace(/[^A-Za-z0-9_-]+/g, '_'));
      const started = performance.now();
      const result = await semiSupervised({
        method: opts.method, labels: opts.labels, data: opts.data, seed: opts.seed, trainSize: opts.trainSize, testSize: opts.testSize,
        m1: { epochs: opts.m1Epochs, latent: opts.latent, hidden: opts.hidden, activation: opts.activation, batch: opts.m1Batch, lr: opts.m1Lr },
        m2: {
          epochs: opts.epochs, latent: opts.m2Latent, hidden: opts.m2Hidden, classifierHidden: opts.classifierHidden, activation: opts.activation,
          batch: opts.batch, lr: opts.lr, lrSchedule: opts.lrSchedule, alpha: opts.alpha, labelledShare: opts.labelledShare, objective: opts.objective,
          codeSampling: opts.codeSampling, minCodeStd: opts.minCodeStd, klWeight: opts.klWeight, klWarmupEpochs: opts.klWarmup,
        },
        ...(opts.m1Run === undefined ? {} : { m1Run: opts.m1Run }),
        spreading: { k: opts.spreadingK, alpha: opts.spreadingAlpha },
        out, resume: opts.resume ?? false, progress: defaultProgress(), note,
      });
      const figures = opts.figures ? await writeFigures(result, out) : [];
      const summary = { ...result, wallSeconds: (performance.now() - started) / 1000, out, figures };
      await writeFileAtomic(join(out, 'semi-supervised.json'), `${JSON.stringify(summary, null, 2)}\n`);
      if (opts.json) {
        printJson(summary);
        return;
      }
      console.log(`${result.method} on ${result.data} with ${result.labels} labels (${result.perClass} per class, seed ${result.seed}): test error ${percent(result.testError)}`);
      if (result.classifiers !== null) {
        const c = result.classifiers;
        console.log(`  classifiers on the M1 codes: label spreading ${percent(c.labelSpreading)} (train transduction ${percent(c.spreadingTrainError)}), ` +
          `logistic regression ${percent(c.logisticRegression)}, 1-NN ${percent(c.nearestNeighbour)}`);
      }
      console.log(`  wall time ${summary.wallSeconds.toFixed(0)} s (M1 ${result.seconds.m1.toFixed(0)} s, M2 ${result.seconds.m2.toFixed(0)} s — its training ${result.seconds.m2Training.toFixed(0)} s over all sessions, classifiers ${result.seconds.classifiers.toFixed(0)} s); results: ${join(out, 'semi-supervised.json')}`);
      if (figures.length > 0) console.log(`  figures: ${figures.join(', ')}`);
    });
}
