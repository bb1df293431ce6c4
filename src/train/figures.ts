/**
 * The run folder's pictures: reconstructions next to inputs, samples from the prior, the latent scatter of
 * the test set, the decoded manifold grid for 2-D codes, loss curves, and noisy/clean/restored triples for
 * the denoising AE. Image figures need image-shaped data ([C, H, W] with C = 1 or 3, or [D] with D a square).
 */
import { join } from 'node:path';
import { noGrad } from '../autograd/grad-mode.js';
import { sampleSize, type Dataset } from '../data/dataset.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { isCorrupting, isGenerative, isVariational, type Autoencoder, type CorruptingAutoencoder, type GenerativeAutoencoder } from '../models/autoencoder.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { imageGeometry, type ImageGeometry } from '../viz/image-geometry.js';
import { imageGridPng } from '../viz/image-grid.js';
import { linePlotSvg } from '../viz/line-plot.js';
import { labelledGridSvg } from '../viz/labelled-grid.js';
import { scatterPanelsSvg } from '../viz/scatter-panels.js';
import { scatterPlotSvg } from '../viz/scatter-plot.js';
import type { EpochMetrics } from './metrics.js';

export { imageGeometry, type ImageGeometry };

export function gridPng(images: Float32Array, count: number, g: ImageGeometry, columns: number, scale = 2): Uint8Array {
  return imageGridPng(images, { count, height: g.height, width: g.width, channels: g.channels, layout: 'chw', columns, scale });
}

/** Runs `fn` with the model in eval mode and without gradients. */
export function inference<T>(model: Autoencoder, fn: () => T): T {
  const was = model.training;
  model.eval();
  try {
    return noGrad(fn);
  } finally {
    model.train(was);
  }
}

/** Samples [start, start + count) of `ds` as a batch of the model's input shape, with their labels. */
export function rows(ds: Dataset, start: number, count: number, inputShape: readonly number[]): { x: Tensor; labels: Tensor | null } {
  const d = sampleSize(ds.shape);
  const x = new Tensor(ds.images.slice(start * d, (start + count) * d), [count, ...inputShape]);
  const labels = ds.labels ? new Tensor(Float32Array.from(ds.labels.subarray(start, start + count)), [count]) : null;
  return { x, labels };
}

/** Rows of `columns` inputs, each followed by a row of their reconstructions. */
export function reconstructionGrid(model: Autoencoder, ds: Dataset, n: number, columns = 10): Uint8Array {
  const g = imageGeometry(ds.shape);
  if (g === null) throw new RangeError(`reconstructions: data of shape [${ds.shape.join(', ')}] is not an image`);
  const count = Math.min(n, ds.count);
  const { x, labels } = rows(ds, 0, count, model.config.inputShape);
  const xHat = inference(model, () => model.reconstruct(x, labels));
  const d = sampleSize(ds.shape);
  const rowCount = Math.ceil(count / columns);
  const out = new Float32Array(2 * rowCount * columns * d);
  for (let i = 0; i < count; i++) {
    const r = Math.floor(i / columns);
    const c = i % columns;
    out.set(x.data.subarray(i * d, (i + 1) * d), ((2 * r) * columns + c) * d);
    out.set(xHat.data.subarray(i * d, (i + 1) * d), ((2 * r + 1) * columns + c) * d);
  }
  return gridPng(out, 2 * rowCount * columns, g, columns);
}

/** Labels for `n` samples of a label-conditioned model: class k for the k-th row of `columns`. */
function sampleLabels(model: Autoencoder, n: number, columns: number, label: number | null): Tensor | null {
  const classes = model.capabilities.numClasses;
  if (classes <= 0) return null;
  if (label !== null && (label < 0 || label >= classes || !Number.isInteger(label))) throw new RangeError(`label must be an integer in [0, ${classes}), got ${label}`);
  return new Tensor(Float32Array.from({ length: n }, (_, i) => label ?? Math.floor(i / columns) % classes), [n]);
}

/** `n` samples from the prior as a grid (label-conditioned models: one class per row, or `label`). */
export function samplesGrid(model: Autoencoder, n: number, gen: Generator, label: number | null = null, columns = 10): Uint8Array {
  const g = imageGeometry(model.config.inputShape);
  if (g === null) throw new RangeError(`samples: input shape [${model.config.inputShape.join(', ')}] is not an image`);
  if (!isGenerative(model)) throw new RangeError(`model '${model.config.model}' is not generative (it has no prior to sample)`);
  const labels = sampleLabels(model, n, columns, label);
  const x = inference(model, () => model.sample(n, gen, labels));
  return gridPng(x.data, n, g, Math.min(columns, n));
}

/** Latent codes of the first `limit` samples (posterior means for variational models). */
export function encodeDataset(model: Autoencoder, ds: Dataset, limit = ds.count, batchSize = 500): Float32Array {
  const count = Math.min(limit, ds.count);
  const L = model.config.latentDim;
  const codes = new Float32Array(count * L);
  inference(model, () => {
    for (let s = 0; s < count; s += batchSize) {
      const n = Math.min(batchSize, count - s);
      const { x, labels } = rows(ds, s, n, model.config.inputShape);
      codes.set(model.encode(x, labels).data, s * L);
    }
  });
  return codes;
}

/** The top two principal directions' coordinates of `count` codes of size `dim` (power iteration with deflation). */
export function pca2(codes: Float32Array, count: number, dim: number): [Float32Array, Float32Array] {
  const meanV = new Float64Array(dim);
  for (let i = 0; i < count; i++) for (let j = 0; j < dim; j++) meanV[j]! += codes[i * dim + j]! / count;
  const cov = new Float64Array(dim * dim);
  for (let i = 0; i < count; i++) {
    for (let a = 0; a < dim; a++) {
      const da = codes[i * dim + a]! - meanV[a]!;
      for (let b = 0; b < dim; b++) cov[a * dim + b]! += (da * (codes[i * dim + b]! - meanV[b]!)) / count;
    }
  }
  const gen = new Generator(0);
  const axes: Float64Array[] = [];
  for (let k = 0; k < 2; k++) {
    let v = Float64Array.from({ length: dim }, () => gen.nextNormal());
    for (let it = 0; it < 200; it++) {
      const w = new Float64Array(dim);
      for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) w[a]! += cov[a * dim + b]! * v[b]!;
      for (const u of axes) {
        let dot = 0;
        for (let a = 0; a < dim; a++) dot += w[a]! * u[a]!;
        for (let a = 0; a < dim; a++) w[a]! -= dot * u[a]!;
      }
      const norm = Math.hypot(...w) || 1;
      v = w.map((x) => x / norm);
    }
    axes.push(v);
  }
  const out = axes.map((u) => {
    const p = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      let s = 0;
      for (let a = 0; a < dim; a++) s += (codes[i * dim + a]! - meanV[a]!) * u[a]!;
      p[i] = s;
    }
    return p;
  });
  return [out[0]!, out[1]!];
}

export async function latentScatterSvg(model: Autoencoder, ds: Dataset, limit = 5000): Promise<string> {
  const L = model.config.latentDim;
  const count = Math.min(limit, ds.count);
  const codes = encodeDataset(model, ds, count);
  let x: Float32Array;
  let y: Float32Array;
  let title: string;
  let axes: [string, string];
  if (L === 1) {
    x = codes;
    y = new Float32Array(count);
    title = `1-D codes of ${count} test samples`;
    axes = ['z1', ''];
  } else if (L === 2) {
    x = Float32Array.from({ length: count }, (_, i) => codes[2 * i]!);
    y = Float32Array.from({ length: count }, (_, i) => codes[2 * i + 1]!);
    title = `Latent codes of ${count} test samples`;
    axes = ['z1', 'z2'];
  } else {
    [x, y] = pca2(codes, count, L);
    title = `Latent codes of ${count} test samples (first two principal components of the ${L}-D codes)`;
    axes = ['PC 1', 'PC 2'];
  }
  const label = ds.labels ? ds.labels.subarray(0, count) : ds.manifoldPosition ? ds.manifoldPosition.subarray(0, count) : null;
  if (L === 2 && isGenerative(model)) return codesBesidePriorSvg(model, x, y, ds, label, count);
  return scatterPlotSvg({
    title, xLabel: axes[0], yLabel: axes[1],
    points: { x, y, label, labelName: ds.labels ? 'class' : 'position', ...(ds.classNames ? { classNames: ds.classNames } : {}) },
  });
}

/**
 * The 2-D codes beside as many samples of the model's prior, on the same axes: how well the codes fill the prior
 * (the AAE's imposed prior, the VAE's N(0, I)). A label-conditioned prior is coloured by the class it was drawn for.
 */
async function codesBesidePriorSvg(model: GenerativeAutoencoder, x: Float32Array, y: Float32Array, ds: Dataset, label: ArrayLike<number> | null, count: number): Promise<string> {
  const classes = model.capabilities.numClasses;
  const priorLabels = sampleLabels(model, count, 1, null);
  const prior = inference(model, () => model.samplePrior(count, new Generator(0), priorLabels)).data;
  // Only a prior with a part per class (the label-conditioned AAE) is coloured by class; a conditional decoder's prior is one N(0, I).
  const priorByClass = priorLabels !== null && !model.capabilities.conditional;
  const categorical = ds.labels !== null;
  const names = ds.classNames ?? Array.from({ length: Math.max(ds.numClasses, classes) }, (_, k) => String(k));
  // Prior samples without a class get one legend entry of their own, after the classes.
  const unlabelled = names.length;
  return scatterPanelsSvg({
    title: `Codes of ${count} test samples beside ${count} samples of the prior`,
    panels: [
      { title: 'codes of the test set', x, y, color: label },
      {
        title: 'samples of the prior', x: Float32Array.from({ length: count }, (_, i) => prior[2 * i]!), y: Float32Array.from({ length: count }, (_, i) => prior[2 * i + 1]!),
        color: categorical ? (priorByClass ? priorLabels.data : new Float32Array(count).fill(unlabelled)) : null,
      },
    ],
    sharedAxes: true, categorical, classNames: [...names, 'prior sample'], colorName: categorical ? 'class' : 'position', panelSize: 300,
  });
}

/** [lo, hi] of the middle 98 % of values (robust to a few outlying codes). */
function robustRange(values: Float32Array): [number, number] {
  const sorted = Float32Array.from(values).sort();
  const lo = sorted[Math.floor(0.01 * (sorted.length - 1))]!;
  const hi = sorted[Math.ceil(0.99 * (sorted.length - 1))]!;
  return hi > lo ? [lo, hi] : [lo - 1, hi + 1];
}

function axisRanges(codes: Float32Array): [[number, number], [number, number]] {
  const n = codes.length / 2;
  return [robustRange(Float32Array.from({ length: n }, (_, i) => codes[2 * i]!)), robustRange(Float32Array.from({ length: n }, (_, i) => codes[2 * i + 1]!))];
}

/**
 * A `side`×`side` grid of decoded codes for a 2-D latent space: z1 left to right, z2 bottom to top; a conditional
 * decoder decodes every code under class `label`.
 * Variational models use [−2, 2]² (±2 prior standard deviations); models with an explicit prior (the AAE)
 * the middle 98 % of 2,000 prior samples on each axis; others the middle 98 % of the test codes.
 */
export function manifoldGrid(model: Autoencoder, ds: Dataset | null, side = 20, label = 0): { png: Uint8Array; range: [[number, number], [number, number]] } {
  const g = imageGeometry(model.config.inputShape);
  if (g === null || model.config.latentDim !== 2) throw new RangeError('manifold: needs 2-D codes and image data');
  let range: [[number, number], [number, number]] = [[-2, 2], [-2, 2]];
  if (!isVariational(model)) {
    if (isGenerative(model)) {
      const n = 2000;
      const labels = sampleLabels(model, n, 1, null);
      range = axisRanges(inference(model, () => model.samplePrior(n, new Generator(0), labels)).data);
    } else if (ds !== null) {
      range = axisRanges(encodeDataset(model, ds, 2000));
    }
  }
  const z = new Float32Array(side * side * 2);
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      z[(r * side + c) * 2] = range[0][0] + ((range[0][1] - range[0][0]) * c) / (side - 1);
      z[(r * side + c) * 2 + 1] = range[1][1] - ((range[1][1] - range[1][0]) * r) / (side - 1);
    }
  }
  const labels = sampleLabels(model, side * side, side, label);
  const x = inference(model, () => model.decode(new Tensor(z, [side * side, 2]), labels));
  return { png: gridPng(x.data, side * side, g, side, 1), range };
}

/** Every loss part per epoch, train and test: the total and what it is made of (reconstruction, KL, adversarial, …). */
export async function lossCurvesSvg(history: readonly EpochMetrics[]): Promise<string> {
  const epochs = history.map((m) => m.epoch);
  const parts = [...new Set(history.flatMap((m) => Object.keys(m.train)))];
  const series: { name: string; x: number[]; y: number[] }[] = [];
  for (const split of ['train', 'test'] as const) {
    if (split === 'test' && !history.some((m) => m.test !== null)) continue;
    for (const part of parts) {
      const y = history.map((m) => (split === 'train' ? m.train : m.test)?.[part] ?? NaN);
      if (y.every((v) => Number.isNaN(v))) continue;
      series.push({ name: `${split} ${part}`, x: epochs, y });
    }
  }
  return linePlotSvg({ title: 'Loss and its parts per epoch (nats per sample)', xLabel: 'epoch', yLabel: 'loss', series, legendTitle: 'split and part' });
}

/** Rows of (noisy, clean, restored) triples for a denoising model, `count` triples, four to a row, each column labelled. */
export async function denoisingGridSvg(model: CorruptingAutoencoder, ds: Dataset, count: number, gen: Generator): Promise<string> {
  const g = imageGeometry(ds.shape)!;
  const n = Math.min(count, ds.count);
  const { x, labels } = rows(ds, 0, n, model.config.inputShape);
  const noisy = inference(model, () => model.corrupt(x, gen));
  const restored = inference(model, () => model.reconstruct(noisy, labels));
  const d = sampleSize(ds.shape);
  const out = new Float32Array(3 * n * d);
  for (let i = 0; i < n; i++) {
    out.set(noisy.data.subarray(i * d, (i + 1) * d), (3 * i) * d);
    out.set(x.data.subarray(i * d, (i + 1) * d), (3 * i + 1) * d);
    out.set(restored.data.subarray(i * d, (i + 1) * d), (3 * i + 2) * d);
  }
  const columns = 3 * Math.min(4, n);
  return labelledGridSvg(out, {
    count: 3 * n, height: g.height, width: g.width, channels: g.channels, layout: 'chw', columns, scale: 2,
    title: 'The denoising autoencoder on test images', columnLabels: Array.from({ length: columns }, (_, c) => ['noisy', 'clean', 'restored'][c % 3]!),
  });
}

/** Writes every figure that applies to this model and data; returns the file names written and notes on the rest. */
export async function writeRunFigures(runDir: string, model: Autoencoder, test: Dataset, history: readonly EpochMetrics[], seed: number): Promise<{ written: string[]; skipped: string[] }> {
  const written: string[] = [];
  const skipped: string[] = [];
  const put = async (name: string, content: string | Uint8Array) => {
    await writeFileAtomic(join(runDir, name), content);
    written.push(name);
  };
  const image = imageGeometry(test.shape) !== null;
  if (history.length > 0) await put('loss.svg', await lossCurvesSvg(history));
  if (image) await put('reconstructions.png', reconstructionGrid(model, test, 50));
  else skipped.push('reconstructions.png (the data is not an image)');
  if (isGenerative(model) && image) await put('samples.png', samplesGrid(model, 100, new Generator(seed)));
  else skipped.push(`samples.png (${isGenerative(model) ? 'the data is not an image' : `'${model.config.model}' has no prior to sample`})`);
  await put('latent.svg', await latentScatterSvg(model, test));
  if (model.config.latentDim === 2 && image) {
    await put('manifold.png', manifoldGrid(model, test).png);
    // A conditional decoder has one manifold per label: manifold.png is label 0's, these are all of them.
    if (model.capabilities.conditional) {
      for (let k = 0; k < model.capabilities.numClasses; k++) await put(`manifold-label-${k}.png`, manifoldGrid(model, test, 20, k).png);
    }
  } else {
    skipped.push(`manifold.png (${model.config.latentDim !== 2 ? `codes are ${model.config.latentDim}-D, not 2-D` : 'the data is not an image'})`);
  }
  if (isCorrupting(model) && image) await put('denoising.svg', await denoisingGridSvg(model, test, 24, new Generator(seed)));
  return { written, skipped };
}
