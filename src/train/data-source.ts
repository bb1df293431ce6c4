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
 * File paths are made absolute when parsed, so a run folder records (and shows) exactly what it read.
 */
import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { binarizeDynamic, binarizeFixed } from '../data/binarize.js';
import type { CsvOptions } from '../data/csv.js';
import { loadCsv } from '../data/csv.node.js';
import { describeIoError } from '../io/io-error.js';
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
  | { kind: 'csv'; path: string; labelColumn?: string; header?: boolean }
  | { kind: 'png'; path: string };

/** Options that only some data kinds take; given for another kind they are an error, not silently ignored. */
export interface DataSpecOptions {
  /** csv: the column holding class labels. */
  labelColumn?: string | undefined;
  /** csv: whether the first row is a header (default: the reader's rule). */
  header?: boolean | undefined;
}

export interface DataSplits {
  train: Dataset;
  test: Dataset;
  /** A short name for run folders, e.g. 'mnist' or 'csv-points'. */
  slug: string;
  /** Applied to every training batch's inputs with that step's generator (dynamic binarisation). */
  transformBatch?: (x: Float32Array, gen: Generator) => Float32Array;
}

export function parseDataSpec(text: string, options: DataSpecOptions = {}): DataSpec {
  const t = text.trim();
  const kind = /^(csv|png):/.exec(t)?.[1] ?? t;
  if (kind !== 'csv') {
    if (options.labelColumn !== undefined) throw new DataSpecError(`--label-column applies to csv data only; '${kind}' data ${kind === 'png' ? 'takes its labels from class subfolders' : 'brings its own labels'}`);
    if (options.header !== undefined) throw new DataSpecError(`--header/--no-header apply to csv data only, not to '${kind}'`);
  }
  if (t === 'mnist' || t === 'fashion' || t === 'binarized-mnist' || t === 'dynamic-binarized-mnist' || t === 'swiss-roll') return { kind: t };
  const m = /^(csv|png):(.+)$/s.exec(t);
  if (m) {
    const path = resolve(m[2]!);
    if (m[1] === 'png') return { kind: 'png', path };
    const spec: DataSpec = { kind: 'csv', path };
    if (options.labelColumn !== undefined) spec.labelColumn = options.labelColumn;
    if (options.header !== undefined) spec.header = options.header;
    return spec;
  }
  throw new DataSpecError(`unknown data '${text}' (expected one of ${DATA_KINDS.join(', ')})`);
}

/** A short name for run folders, e.g. 'mnist' or 'csv-points' (from the spec alone, before loading). */
export function dataSlug(spec: DataSpec): string {
  if (spec.kind !== 'csv' && spec.kind !== 'png') return spec.kind;
  const stem = basename(spec.path).replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]+/g, '_') || spec.kind;
  return `${spec.kind}-${stem}`;
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
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (err) {
    throw new DataFormatError(path, (err as NodeJS.ErrnoException).code === 'ENOENT' ? `no such ${want}` : describeIoError(err));
  }
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
      const csvOptions: CsvOptions = {};
      if (spec.kind === 'csv' && spec.labelColumn !== undefined) csvOptions.labelColumn = spec.labelColumn;
      if (spec.kind === 'csv' && spec.header !== undefined) csvOptions.header = spec.header;
      const all = spec.kind === 'csv' ? loadCsv(spec.path, csvOptions) : loadPngFolder(spec.path);
      const { train, test } = holdOut(all);
      return { train: takeFirst(train, trainSize), test: takeFirst(test, testSize), slug: dataSlug(spec) };
    }
  }
}

/** Smallest and largest value of a dataset (to pick a decoder that fits the data's range). */
export function valueRange(ds: Dataset): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  const x = ds.images;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
