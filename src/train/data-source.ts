/**
 * `--data` specs → train/test datasets: mnist, fashion, binarized-mnist, swiss-roll, csv:PATH, png:DIR.
 *
 * - binarized-mnist: MNIST binarised once by sampling each pixel as Bernoulli(intensity) with fixed seeds
 *   (train 0, test 1), the usual "statically binarised" MNIST for likelihood comparisons.
 * - dynamic-binarized-mnist: every training batch is binarised afresh (Bernoulli(intensity) drawn from the
 *   step's generator, so resumed runs see the same draws); the test set is binarised once, as above.
 * - swiss-roll: the 3-D swiss roll (train seed 1, test seed 2; 10,000 / 2,000 points by default).
 * - csv/png have no test split: a deterministic 10 % (at least one sample) is held out, chosen by a
 *   permutation from a fixed seed (HOLDOUT_SEED), so it does not change with the training seed.
 * `trainSize`/`testSize` keep the first N samples of each split (after the hold-out).
 */
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { binarizeDynamic, binarizeFixed } from '../data/binarize.js';
import { loadCsv } from '../data/csv.node.js';
import { DataFormatError } from '../data/data-format-error.js';
import { sampleSize, takeFirst, type Dataset } from '../data/dataset.js';
import { loadFashionMnist } from '../data/fashion-mnist.js';
import { loadMnist } from '../data/mnist.js';
import { loadPngFolder } from '../data/png-folder.js';
import { swissRoll } from '../data/synthetic.js';
import { Generator } from '../tensor/random.js';

export const DATA_KINDS = ['mnist', 'fashion', 'binarized-mnist', 'dynamic-binarized-mnist', 'swiss-roll', 'csv:PATH', 'png:DIR'] as const;
export const HOLDOUT_SEED = 0x5eed;
export const HOLDOUT_FRACTION = 0.1;

/** A `--data` value that names no known source. */
export class DataSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataSpecError';
  }
}

export type DataSpec =
  | { kind: 'mnist' | 'fashion' | 'binarized-mnist' | 'dynamic-binarized-mnist' | 'swiss-roll' }
  | { kind: 'csv'; path: string; labelColumn?: string }
  | { kind: 'png'; path: string };

export interface DataSplits {
  train: Dataset;
  test: Dataset;
  /** A short name for run folders, e.g. 'mnist' or 'csv-points'. */
  slug: string;
  /** Applied to every training batch's inputs with that step's generator (dynamic binarisation). */
  transformBatch?: (x: Float32Array, gen: Generator) => Float32Array;
}

export function parseDataSpec(text: string, labelColumn?: string): DataSpec {
  const t = text.trim();
  if (t === 'mnist' || t === 'fashion' || t === 'binarized-mnist' || t === 'dynamic-binarized-mnist' || t === 'swiss-roll') return { kind: t };
  const m = /^(csv|png):(.+)$/.exec(t);
  if (m) {
    const path = resolve(m[2]!);
    return m[1] === 'csv' ? (labelColumn === undefined ? { kind: 'csv', path } : { kind: 'csv', path, labelColumn }) : { kind: 'png', path };
  }
  throw new DataSpecError(`unknown data '${text}' (expected one of ${DATA_KINDS.join(', ')})`);
}

export function dataSpecText(spec: DataSpec): string {
  return spec.kind === 'csv' || spec.kind === 'png' ? `${spec.kind}:${spec.path}` : spec.kind;
}

/** The samples of `ds` at `indices`, in that order (copies). */
export function selectRows(ds: Dataset, indices: ArrayLike<number>, name = ds.name): Dataset {
  const d = sampleSize(ds.shape);
  const images = new Float32Array(indices.length * d);
  const labels = ds.labels ? new Int32Array(indices.length) : null;
  const position = ds.manifoldPosition ? new Float32Array(indices.length) : undefined;
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i]!;
    images.set(ds.images.subarray(j * d, (j + 1) * d), i * d);
    if (labels) labels[i] = ds.labels![j]!;
    if (position) position[i] = ds.manifoldPosition![j]!;
  }
  const out: Dataset = { ...ds, name, images, count: indices.length, labels };
  if (position) out.manifoldPosition = position;
  return out;
}

/** Splits off a deterministic 10 % test set (see the file comment). */
export function holdOut(ds: Dataset): { train: Dataset; test: Dataset } {
  if (ds.count < 2) throw new DataFormatError(ds.name, `holds ${ds.count} sample(s); at least 2 are needed to hold out a test set`);
  const testCount = Math.max(1, Math.round(ds.count * HOLDOUT_FRACTION));
  const order = new Generator(HOLDOUT_SEED).permutation(ds.count);
  // Keep each part in file order, so the split is easy to reason about.
  const test = Int32Array.from(order.subarray(0, testCount)).sort();
  const train = Int32Array.from(order.subarray(testCount)).sort();
  return { train: selectRows(ds, train, `${ds.name}-train`), test: selectRows(ds, test, `${ds.name}-test`) };
}

function requirePath(path: string, want: 'file' | 'folder'): void {
  if (!existsSync(path)) throw new DataFormatError(path, `no such ${want}`);
  const isDir = statSync(path).isDirectory();
  if (want === 'file' && isDir) throw new DataFormatError(path, 'is a folder, expected a CSV file');
  if (want === 'folder' && !isDir) throw new DataFormatError(path, 'is a file, expected a folder of PNG images');
}

export interface LoadDataOptions {
  trainSize?: number;
  testSize?: number;
}

export function loadData(spec: DataSpec, options: LoadDataOptions = {}): DataSplits {
  const { trainSize, testSize } = options;
  switch (spec.kind) {
    case 'mnist':
      return { train: loadMnist({ split: 'train', limit: trainSize }), test: loadMnist({ split: 'test', limit: testSize }), slug: 'mnist' };
    case 'fashion':
      return { train: loadFashionMnist({ split: 'train', limit: trainSize }), test: loadFashionMnist({ split: 'test', limit: testSize }), slug: 'fashion' };
    case 'binarized-mnist':
      return {
        train: binarizeFixed(loadMnist({ split: 'train', limit: trainSize }), { method: 'sample', seed: 0 }),
        test: binarizeFixed(loadMnist({ split: 'test', limit: testSize }), { method: 'sample', seed: 1 }),
        slug: 'binarized-mnist',
      };
    case 'dynamic-binarized-mnist':
      return {
        train: loadMnist({ split: 'train', limit: trainSize }),
        test: binarizeFixed(loadMnist({ split: 'test', limit: testSize }), { method: 'sample', seed: 1 }),
        slug: 'dynamic-binarized-mnist',
        transformBatch: binarizeDynamic,
      };
    case 'swiss-roll':
      return { train: swissRoll({ count: trainSize ?? 10_000, seed: 1 }), test: swissRoll({ count: testSize ?? 2_000, seed: 2 }), slug: 'swiss-roll' };
    case 'csv':
    case 'png': {
      requirePath(spec.path, spec.kind === 'csv' ? 'file' : 'folder');
      const all = spec.kind === 'csv' ? loadCsv(spec.path, spec.labelColumn === undefined ? {} : { labelColumn: spec.labelColumn }) : loadPngFolder(spec.path);
      const { train, test } = holdOut(all);
      const stem = basename(spec.path).replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]+/g, '_') || spec.kind;
      return { train: takeFirst(train, trainSize), test: takeFirst(test, testSize), slug: `${spec.kind}-${stem}` };
    }
  }
}

/** Smallest and largest value of a dataset (to pick a decoder that fits the data's range). */
export function valueRange(ds: Dataset): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of ds.images) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
