/**
 * The metric groups of the evaluation report: what each needs of the subject, and how it is computed. Each
 * group pushes its values (with standard errors and the subset used) and, where one helps, a figure.
 */
import { noGrad } from '../autograd/grad-mode.js';
import { sampleSize } from '../data/dataset.js';
import { isCorrupting, isGenerative, isVariational, type Autoencoder } from '../models/autoencoder.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { barPlotSvg } from '../viz/bar-plot.js';
import { histogramSvg, type HistogramOptions } from '../viz/histogram.js';
import { linePlotSvg } from '../viz/line-plot.js';
import { activeUnits } from './active-units.js';
import { negativeElbo } from './elbo.js';
import { importanceWeightedNll } from './importance-weighted.js';
import { knnAccuracy } from './knn.js';
import { linearProbeAccuracy } from './linear-probe.js';
import { chooseParzenSigma, parzenScore } from './parzen.js';
import { psnrPerImage, sumSquaredErrorPerImage } from './reconstruction-error.js';
import type { EvalOptions, MetricValue, ReportFigure } from './report.js';
import { meanWithStandardError, type MeanWithError } from './stats.js';
import { datasetRows, datasetSlice, labelSlice, type EvalData, type EvalSubject } from './subject.js';
import { neighbourhoodPreservation } from './trustworthiness.js';

export interface MetricContext {
  subject: EvalSubject;
  data: EvalData;
  options: EvalOptions;
  /** Test rows in use (the first testRows). */
  testRows: number;
  /** A generator for the k-th random use (seeded from options.seed). */
  gen: (k: number) => Generator;
  values: MetricValue[];
  details: Record<string, unknown>;
  figures: ReportFigure[];
  note: (m: string) => void;
}

export interface MetricSpec {
  name: string;
  summary: string;
  /** What the subject must offer (see report.ts `notApplicable`). */
  needs: 'model' | 'variational' | 'generative' | 'corrupting' | 'decoder' | 'labels' | 'codes';
  inDefault: boolean;
  /** Why the data in use is too small for this metric, or null (checked before any metric runs). */
  tooSmall?(ctx: MetricContext): string | null;
  run(ctx: MetricContext): Promise<void>;
}

type ValueSpec = Omit<MetricValue, 'value' | 'standardError'>;

function push(ctx: MetricContext, spec: ValueSpec, r: MeanWithError | number): void {
  ctx.values.push(typeof r === 'number' ? { ...spec, value: r, standardError: null } : { ...spec, value: r.mean, standardError: r.standardError });
}

const testSubset = (ctx: MetricContext) => `${ctx.options.testSize === null && ctx.testRows === ctx.data.test.count ? 'all' : 'the first'} ${ctx.testRows} test images`;

function requireModel(ctx: MetricContext): Autoencoder {
  return ctx.subject.model!;
}

/** Test inputs and labels in the model's input shape. */
function testInputs(ctx: MetricContext, model: Autoencoder): { x: Tensor; labels: Tensor | null } {
  return { x: datasetRows(ctx.data.test, ctx.testRows, model.config.inputShape), labels: labelSlice(ctx.data.test, 0, ctx.testRows) };
}

/** Reconstructions of the first n rows of a dataset, in batches. */
function reconstructRows(ctx: MetricContext, rows: Tensor, labels: Tensor | null, batch = 1000): Float32Array {
  const out = new Float32Array(rows.size);
  const n = rows.shape[0]!;
  const d = rows.size / Math.max(1, n);
  for (let s = 0; s < n; s += batch) {
    const c = Math.min(batch, n - s);
    const x = new Tensor(rows.data.subarray(s * d, (s + c) * d), [c, ...rows.shape.slice(1)]);
    out.set(noGrad(() => ctx.subject.reconstruct!(x, labels === null ? null : new Tensor(labels.data.subarray(s, s + c), [c]))).data, s * d);
  }
  return out;
}

/** Decoder NLL −log p(x | z = encode(x)) per image. */
function decoderNll(model: Autoencoder, x: Tensor, labels: Tensor | null, batch = 1000): Float64Array {
  const n = x.shape[0]!;
  const d = x.size / Math.max(1, n);
  const out = new Float64Array(n);
  const was = model.training;
  model.eval();
  try {
    noGrad(() => {
      for (let s = 0; s < n; s += batch) {
        const c = Math.min(batch, n - s);
        const xs = new Tensor(x.data.subarray(s * d, (s + c) * d), [c, ...x.shape.slice(1)]);
        const ls = labels === null ? null : new Tensor(labels.data.subarray(s, s + c), [c]);
        out.set(model.reconstructionNllPerSample(model.encode(xs, ls), xs, ls).data, s);
      }
    });
  } finally {
    model.train(was);
  }
  return out;
}

async function reconstructionFigures(ctx: MetricContext, file: string, title: string, sse: Float64Array): Promise<void> {
  await pushHistogram(ctx, file, { title, xLabel: 'squared error per image (Σ over pixels)', series: [{ name: ctx.subject.method, values: sse }], density: false });
}

/** A model evaluated with --allow-non-finite may give no finite value to bin: the numbers still report it, the figure is left out with a note. */
async function pushHistogram(ctx: MetricContext, file: string, opts: HistogramOptions): Promise<void> {
  if (!opts.series.some((s) => Array.prototype.some.call(s.values, Number.isFinite))) return ctx.note(`${file}: not drawn, no image has a finite value`);
  ctx.figures.push({ file, svg: await histogramSvg(opts) });
}

const reconstruction: MetricSpec = {
  name: 'reconstruction', needs: 'decoder', inDefault: true,
  summary: 'squared error per image (SSE, Hinton & Salakhutdinov 2006), MSE, PSNR and the decoder NLL',
  async run(ctx) {
    const shape = ctx.subject.model?.config.inputShape ?? ctx.data.test.shape;
    const x = datasetRows(ctx.data.test, ctx.testRows, shape);
    const labels = labelSlice(ctx.data.test, 0, ctx.testRows);
    const d = sampleSize(ctx.data.test.shape);
    const xHat = reconstructRows(ctx, x, labels);
    const sse = sumSquaredErrorPerImage(x.data, xHat, d);
    const subset = testSubset(ctx);
    push(ctx, { metric: 'reconstruction', name: 'sse', label: 'squared error per image (SSE)', unit: '', better: 'lower', subset }, meanWithStandardError(sse));
    push(ctx, { metric: 'reconstruction', name: 'mse', label: 'mean squared error per value (MSE)', unit: '', better: 'lower', subset }, meanWithStandardError(sse.map((v) => v / d)));
    const psnrAll = psnrPerImage(x.data, xHat, d);
    const psnr = psnrAll.filter(Number.isFinite);
    const exact = psnrAll.filter((p) => p === Infinity).length;
    const leftOut = [exact > 0 ? `${exact} exact reconstructions` : '', psnrAll.length - psnr.length - exact > 0 ? `${psnrAll.length - psnr.length - exact} non-finite reconstructions` : ''].filter((t) => t !== '');
    if (psnr.length > 0) push(ctx, { metric: 'reconstruction', name: 'psnr', label: 'PSNR (peak 1)', unit: 'dB', better: 'higher', subset: `${subset}${leftOut.length > 0 ? `, ${leftOut.join(' and ')} left out` : ''}` }, meanWithStandardError(psnr));
    const model = ctx.subject.model;
    if (model !== null) {
      push(ctx, { metric: 'reconstruction', name: 'decoder-nll', label: '−log p(x | z = encode(x)), the decoder NLL at the code', unit: 'nats', better: 'lower', subset }, meanWithStandardError(decoderNll(model, x, labels)));
    }
    await reconstructionFigures(ctx, 'reconstruction-sse.svg', `Reconstruction error of ${ctx.subject.method} (${subset})`, sse);
  },
};

const denoising: MetricSpec = {
  name: 'denoising', needs: 'corrupting', inDefault: true,
  summary: "squared error of reconstructions of corrupted inputs against the clean ones (the DAE's task)",
  async run(ctx) {
    const model = requireModel(ctx);
    if (!isCorrupting(model)) return;
    const { x, labels } = testInputs(ctx, model);
    const noisy = noGrad(() => model.corrupt(x, ctx.gen(1)));
    const d = sampleSize(ctx.data.test.shape);
    const sse = sumSquaredErrorPerImage(x.data, reconstructRows(ctx, noisy, labels), d);
    push(ctx, { metric: 'denoising', name: 'sse-corrupted', label: 'SSE per image, reconstructing corrupted inputs', unit: '', better: 'lower', subset: `${testSubset(ctx)}, corrupted once (seed ${ctx.options.seed})` }, meanWithStandardError(sse));
    push(ctx, { metric: 'denoising', name: 'sse-noisy-input', label: 'SSE per image of the corrupted input itself', unit: '', better: 'lower', subset: testSubset(ctx) }, meanWithStandardError(sumSquaredErrorPerImage(x.data, noisy.data, d)));
  },
};

const elbo: MetricSpec = {
  name: 'elbo', needs: 'variational', inDefault: true,
  summary: 'test −ELBO: analytic KL plus the reconstruction NLL averaged over S draws (--samples)',
  async run(ctx) {
    const model = requireModel(ctx);
    if (!isVariational(model)) return;
    const { x, labels } = testInputs(ctx, model);
    const S = ctx.options.samples;
    const t = negativeElbo(model, x, labels, { samples: S, seed: ctx.options.seed });
    const subset = `${testSubset(ctx)}, S = ${S}`;
    push(ctx, { metric: 'elbo', name: 'negative-elbo', label: `−ELBO (S = ${S})`, unit: 'nats', better: 'lower', subset }, meanWithStandardError(t.negativeElbo));
    push(ctx, { metric: 'elbo', name: 'elbo-reconstruction', label: 'reconstruction part E_q[−log p(x|z)]', unit: 'nats', better: 'lower', subset }, meanWithStandardError(t.reconstruction));
    push(ctx, { metric: 'elbo', name: 'kl', label: 'KL(q(z|x) ‖ p(z))', unit: 'nats', better: 'lower', subset }, meanWithStandardError(t.kl));
    const au = activeUnits(t.posteriorMean, model.config.latentDim);
    push(ctx, { metric: 'elbo', name: 'active-units', label: `active units (Cov_x E_q[z] > 0.01, of ${model.config.latentDim})`, unit: '', better: 'higher', subset: testSubset(ctx) }, au.active);
    ctx.details['activeUnits'] = Array.from(au.activity, (v) => +v.toPrecision(4));
    // A model with several stochastic layers: the active units of each one below the top (above), as Burda et al. report.
    for (const { name, mean } of model.posteriorMeans === undefined ? [] : noGrad(() => model.posteriorMeans!(x, labels)).slice(0, -1)) {
      const layer = activeUnits(mean.data, mean.shape[1]!);
      push(ctx, { metric: 'elbo', name: `active-units-${name}`, label: `active units of ${name} (of ${mean.shape[1]})`, unit: '', better: 'higher', subset: testSubset(ctx) }, layer.active);
    }
    ctx.details['negativeElboPerImage'] = t.negativeElbo;
  },
};

const iwNll: MetricSpec = {
  name: 'iw-nll', needs: 'variational', inDefault: true,
  summary: 'importance-weighted NLL −log (1/K) Σ p(x, zₖ)/q(zₖ|x) (Burda et al. 2016; --iw-samples K)',
  async run(ctx) {
    const model = requireModel(ctx);
    if (!isVariational(model)) return;
    const { x, labels } = testInputs(ctx, model);
    const K = ctx.options.iwSamples;
    let last = 0;
    const nll = importanceWeightedNll(model, x, labels, {
      samples: K, seed: ctx.options.seed, chunkRows: ctx.options.chunkRows,
      onProgress: (done, total) => {
        if (done === total || performance.now() - last > 10_000) {
          last = performance.now();
          ctx.note(`  iw-nll: ${done}/${total} images`);
        }
      },
    });
    push(ctx, { metric: 'iw-nll', name: 'iw-nll', label: `IW NLL estimate (K = ${K})`, unit: 'nats', better: 'lower', subset: `${testSubset(ctx)}, K = ${K}`, ...(K < 5000 ? { note: 'Burda et al. evaluate with K = 5000 (--iw-samples 5000)' } : {}) }, meanWithStandardError(nll));
    const series = [{ name: `IW NLL (K = ${K})`, values: nll }];
    const perImage = ctx.details['negativeElboPerImage'];
    if (perImage instanceof Float64Array) series.push({ name: `−ELBO (S = ${ctx.options.samples})`, values: perImage });
    await pushHistogram(ctx, 'nll.svg', { title: `Per-image NLL bounds of ${ctx.subject.method} (${testSubset(ctx)})`, xLabel: 'nats', series });
  },
};

const knn: MetricSpec = {
  name: 'knn', needs: 'labels', inDefault: true,
  summary: 'kNN classification accuracy of test codes against training codes, k = 1, 5, 10',
  async run(ctx) {
    const refRows = Math.min(ctx.options.referenceSize ?? ctx.subject.codeRows('train'), ctx.data.train.count);
    const queries = Math.min(ctx.testRows, ctx.subject.codeRows('test'));
    const ref = ctx.subject.codes('train', refRows);
    const q = ctx.subject.codes('test', queries);
    const acc = knnAccuracy(ref, ctx.data.train.labels!.subarray(0, refRows), q, ctx.data.test.labels!.subarray(0, queries), [1, 5, 10]);
    const subset = `${queries} test codes (queries) against the first ${refRows} training codes`;
    for (const a of acc) push(ctx, { metric: 'knn', name: `knn-${a.k}`, label: `kNN accuracy, k = ${a.k}`, unit: '', better: 'higher', subset }, a);
    ctx.figures.push({ file: 'knn.svg', svg: await barPlotSvg({ title: `kNN accuracy of ${ctx.subject.method} codes`, xLabel: 'k', yLabel: 'accuracy', categories: acc.map((a) => String(a.k)), series: [{ name: ctx.subject.method, values: acc.map((a) => a.mean) }] }) });
  },
};

const linearProbe: MetricSpec = {
  name: 'linear-probe', needs: 'labels', inDefault: true,
  summary: 'multinomial logistic regression on the codes (aekit Adam), test accuracy',
  async run(ctx) {
    const refRows = Math.min(ctx.options.referenceSize ?? ctx.subject.codeRows('train'), ctx.data.train.count);
    const queries = Math.min(ctx.testRows, ctx.subject.codeRows('test'));
    const r = linearProbeAccuracy(ctx.subject.codes('train', refRows), ctx.data.train.labels!.subarray(0, refRows), ctx.subject.codes('test', queries), ctx.data.test.labels!.subarray(0, queries), { epochs: ctx.options.probeEpochs, seed: ctx.options.seed });
    push(ctx, { metric: 'linear-probe', name: 'linear-probe', label: 'linear-probe accuracy', unit: '', better: 'higher', subset: `trained on the first ${refRows} training codes (${r.epochs} epochs), tested on ${queries} test codes` }, r.test);
  },
};

const TRUST_K = 10;
const trustRows = (ctx: MetricContext): number => Math.min(ctx.options.trustSize, ctx.testRows, ctx.subject.codeRows('test'));

const trust: MetricSpec = {
  name: 'trustworthiness', needs: 'codes', inDefault: true,
  summary: 'trustworthiness and continuity of the code map, k = 10 (Venna & Kaski 2001), on a subset',
  tooSmall(ctx) {
    const n = trustRows(ctx);
    return n > 2 * TRUST_K ? null : `trustworthiness with k = ${TRUST_K} needs more than ${2 * TRUST_K} test images, and ${n} are in use`;
  },
  async run(ctx) {
    const n = trustRows(ctx);
    const data = datasetRows(ctx.data.test, n, [sampleSize(ctx.data.test.shape)]);
    const r = neighbourhoodPreservation(data, ctx.subject.codes('test', n), TRUST_K);
    const subset = `the first ${n} test images (pixel space vs code space), k = 10`;
    push(ctx, { metric: 'trustworthiness', name: 'trustworthiness', label: 'trustworthiness T(10)', unit: '', better: 'higher', subset }, r.trustworthiness);
    push(ctx, { metric: 'trustworthiness', name: 'continuity', label: 'continuity C(10)', unit: '', better: 'higher', subset }, r.continuity);
  },
};

const parzen: MetricSpec = {
  name: 'parzen', needs: 'generative', inDefault: true,
  summary: 'Parzen-window log-likelihood under decoded prior samples, σ chosen on a validation split (a weak metric)',
  async run(ctx) {
    const model = requireModel(ctx);
    if (!isGenerative(model)) return;
    const m = ctx.options.parzenSamples;
    const d = sampleSize(ctx.data.test.shape);
    const centres = new Float32Array(m * d);
    const gen = ctx.gen(2);
    const classes = model.capabilities.numClasses;
    noGrad(() => {
      for (let s = 0; s < m; s += 1000) {
        const c = Math.min(1000, m - s);
        const labels = classes > 0 ? new Tensor(Float32Array.from({ length: c }, (_, i) => (s + i) % classes), [c]) : null;
        centres.set(model.sample(c, gen, labels).data, s * d);
      }
    });
    const centreT = new Tensor(centres, [m, d]);
    const v = Math.min(ctx.options.parzenValidation, Math.floor(ctx.data.train.count / 2));
    const validation = datasetSlice(ctx.data.train, ctx.data.train.count - v, v, [d]);
    const search = chooseParzenSigma(validation, centreT);
    const score = parzenScore(datasetRows(ctx.data.test, ctx.testRows, [d]), centreT, search.sigma);
    push(ctx, {
      metric: 'parzen', name: 'parzen', label: `Parzen log-likelihood (σ = ${search.sigma.toPrecision(3)})`, unit: 'nats', better: 'higher',
      subset: `${testSubset(ctx)} under ${m} decoded prior samples; σ by grid search on the last ${v} training images`,
      note: 'a weak metric (Theis et al. 2016): compare only with the papers that use it',
    }, score);
    ctx.details['parzen'] = { sigma: search.sigma, grid: search.grid, samples: m, validationRows: v };
    ctx.figures.push({ file: 'parzen-sigma.svg', svg: await linePlotSvg({ title: 'Parzen σ search: mean validation log-likelihood', xLabel: 'σ', yLabel: 'nats', series: [{ name: 'validation', x: search.grid.map((g) => g.sigma), y: search.grid.map((g) => g.validation) }], points: true }) });
  },
};

export const METRICS: readonly MetricSpec[] = [elbo, iwNll, reconstruction, denoising, knn, linearProbe, trust, parzen];
