/**
 * The semi-supervised protocol's data: a few labelled samples per class chosen by a seed (Kingma et al. 2014
 * use 10 per class for 100 labels), and a training set in which every other sample is UNLABELLED.
 */
import { sampleSize, type Dataset } from '../data/dataset.js';
import { UNLABELLED } from '../models/autoencoder.js';
import { Generator } from '../tensor/random.js';

/** `perClass` indices of each class, drawn by a permutation from `seed`; ascending. */
export function chooseLabelled(ds: Dataset, perClass: number, seed: number): Int32Array {
  if (ds.labels === null || ds.numClasses < 1) throw new RangeError(`${ds.name}: has no labels to choose from`);
  if (!Number.isInteger(perClass) || perClass < 1) throw new RangeError(`labels per class must be a positive integer, got ${perClass}`);
  const taken = new Array<number>(ds.numClasses).fill(0);
  const chosen: number[] = [];
  for (const i of new Generator(seed).permutation(ds.count)) {
    const c = ds.labels[i]!;
    if (taken[c]! < perClass) {
      taken[c]!++;
      chosen.push(i);
    }
  }
  const short = taken.findIndex((t) => t < perClass);
  if (short >= 0) throw new RangeError(`${ds.name}: class ${short} has only ${taken[short]} samples, fewer than the ${perClass} labels per class asked for`);
  return Int32Array.from(chosen).sort();
}

/**
 * The source sample of each row of `partlyLabelled(ds, labelled, copies)` (ds.count samples): every sample not in
 * `labelled` in order, then the labelled samples, each `copies` times.
 */
export function partlyLabelledSources(count: number, labelled: Int32Array, copies: number): Int32Array {
  if (!Number.isInteger(copies) || copies < 1) throw new RangeError(`copies of the labelled samples must be a positive integer, got ${copies}`);
  const isLabelled = new Uint8Array(count);
  for (const i of labelled) isLabelled[i] = 1;
  const sources = new Int32Array(count - labelled.length + copies * labelled.length);
  let row = 0;
  for (let i = 0; i < count; i++) if (!isLabelled[i]) sources[row++] = i;
  for (let c = 0; c < copies; c++) for (const i of labelled) sources[row++] = i;
  return sources;
}

/**
 * The training set of a semi-supervised run: every sample not in `labelled` with the label UNLABELLED, then the
 * labelled samples, each `copies` times (oversampling, so that mini-batches hold labelled samples at all).
 */
export function partlyLabelled(ds: Dataset, labelled: Int32Array, copies: number): Dataset {
  if (ds.labels === null) throw new RangeError(`${ds.name}: has no labels`);
  const d = sampleSize(ds.shape);
  const sources = partlyLabelledSources(ds.count, labelled, copies);
  const unlabelledCount = ds.count - labelled.length;
  const images = new Float32Array(sources.length * d);
  const labels = new Int32Array(sources.length).fill(UNLABELLED);
  sources.forEach((i, row) => {
    images.set(ds.images.subarray(i * d, (i + 1) * d), row * d);
    if (row >= unlabelledCount) labels[row] = ds.labels![i]!;
  });
  return { name: `${ds.name}-${labelled.length}-labels`, images, shape: [...ds.shape], count: sources.length, labels, numClasses: ds.numClasses };
}

/** Copies of the labelled samples that make them about `share` of the training rows. */
export function copiesForShare(labelledCount: number, unlabelledCount: number, share: number): number {
  if (!(share > 0 && share < 1)) throw new RangeError(`the labelled share must lie in (0, 1), got ${share}`);
  return Math.max(1, Math.round((share / (1 - share)) * (unlabelledCount / labelledCount)));
}
