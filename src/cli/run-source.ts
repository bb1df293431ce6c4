/**
 * A folder that `eval` and `compare` read: a trained run (`aekit train`) or a baseline (`aekit baseline`), opened
 * as an evaluation subject with its data. Codes of a model are computed on demand (and kept); a baseline's come
 * from its codes file, or from PCA's transform for rows past the stored ones.
 */
import { loadData, parseDataSpec } from '../train/data-source.js';
import type { Dataset } from '../data/dataset.js';
import { PCA } from '../eval/pca.js';
import { datasetRows, type EvalData, type EvalSubject, type Split } from '../eval/subject.js';
import type { Tensor } from '../tensor/tensor.js';
import { Tensor as TensorClass } from '../tensor/tensor.js';
import { encodeDataset } from '../train/figures.js';
import { RunDirError } from '../train/run-dir.js';
import { BASELINE_FORMAT, folderFormat, readBaselineFolder, type BaselineFolder } from './baseline-folder.js';
import { openRun, runData, type OpenRun } from './run-model.js';

export interface OpenSource {
  subject: EvalSubject;
  data: EvalData;
  run: OpenRun | null;
  baseline: BaselineFolder | null;
}

export interface SourceOptions {
  testSize?: number;
  trainSize?: number;
}

/** Codes of a dataset's first rows, computed once per (split, count) prefix and reused. */
function cachedCodes(compute: (ds: Dataset, count: number) => Float32Array, latentDim: number, data: EvalData): (split: Split, count: number) => Tensor {
  const cache = new Map<Split, Float32Array>();
  return (split, count) => {
    const ds = split === 'train' ? data.train : data.test;
    const n = Math.min(count, ds.count);
    let have = cache.get(split);
    if (have === undefined || have.length < n * latentDim) {
      have = compute(ds, n);
      cache.set(split, have);
    }
    return new TensorClass(have.subarray(0, n * latentDim), [n, latentDim]);
  };
}

function openBaseline(dir: string, options: SourceOptions): OpenSource {
  const b = readBaselineFolder(dir);
  const c = b.config;
  const spec = parseDataSpec(c.data.spec, c.data.labelColumn ?? undefined);
  const splits = loadData(spec, {
    trainSize: options.trainSize ?? c.data.trainSize ?? undefined,
    testSize: options.testSize ?? c.data.testSize ?? undefined,
  });
  const data: EvalData = { train: splits.train, test: splits.test, spec: c.data.spec };
  const pca = b.pca === null ? null : PCA.fromState(b.pca);
  const stored = { train: b.train, test: b.test };
  const subject: EvalSubject = {
    name: dir, kind: 'baseline', method: c.method, latentDim: c.latentDim, model: null,
    codeRows: (split) => (pca !== null ? (split === 'train' ? data.train.count : data.test.count) : stored[split].shape[0]!),
    codes: (split, count) => {
      const have = stored[split];
      if (count <= have.shape[0]!) return new TensorClass(have.data.subarray(0, count * c.latentDim), [count, c.latentDim]);
      if (pca === null) throw new RunDirError(dir, `holds codes of ${have.shape[0]} ${split} rows; ${count} were asked for (a ${c.method} embedding has no out-of-sample map)`);
      const ds = split === 'train' ? data.train : data.test;
      return pca.transform(datasetRows(ds, count, [ds.images.length / ds.count]));
    },
    reconstruct: pca === null ? null : (x) => {
      const n = x.shape[0]!;
      const flat = new TensorClass(x.data, [n, x.size / n]);
      return pca.inverseTransform(pca.transform(flat));
    },
  };
  return { subject, data, run: null, baseline: b };
}

function openModelRun(dir: string, options: SourceOptions): OpenSource {
  const run = openRun(dir);
  const splits = runData(run.run, { ...(options.testSize === undefined ? {} : { testSize: options.testSize }), ...(options.trainSize === undefined ? {} : { trainSize: options.trainSize }) });
  const data: EvalData = { train: splits.train, test: splits.test, spec: run.run.data.spec };
  const model = run.model;
  const subject: EvalSubject = {
    name: dir, kind: 'model', method: model.config.model, latentDim: model.config.latentDim, model,
    codeRows: (split) => (split === 'train' ? data.train.count : data.test.count),
    codes: cachedCodes((ds, n) => encodeDataset(model, ds, n), model.config.latentDim, data),
    reconstruct: (x, labels) => model.reconstruct(x, labels),
  };
  return { subject, data, run, baseline: null };
}

/** Opens a run or baseline folder; a folder of neither kind is a RunDirError naming it. */
export function openSource(dir: string, options: SourceOptions = {}): OpenSource {
  return folderFormat(dir) === BASELINE_FORMAT ? openBaseline(dir, options) : openModelRun(dir, options);
}
