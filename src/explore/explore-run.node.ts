/**
 * A run folder prepared for the explorer: its summary (config, metrics, figures), its model file's bytes and
 * its test split as a dataset file. Everything is read and checked once, before the server listens, so a bad
 * run folder is a one-line error at start-up, never a broken page.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { openRun, runData } from '../cli/run-model.js';
import type { Dataset } from '../data/dataset.js';
import type { Autoencoder } from '../models/autoencoder.js';
import { loadModel } from '../models/model-io.node.js';
import { loadData, parseDataSpec } from '../train/data-source.js';
import { parseJsonStrict } from '../io/strict-json.js';
import { METRICS_JSON } from '../train/metrics.js';
import { RunDirError } from '../train/run-dir.js';
import { MODEL_FILE } from '../train/trainer.js';
import { encodeDatasetFile } from './dataset-file.js';
import type { EpochRecord, RunSummary } from './routes.js';

export interface ExploreRun {
  dir: string;
  summary: RunSummary;
  modelBytes: Uint8Array;
  testFile: Uint8Array;
}

const FIGURE_FILE = /^[A-Za-z0-9._-]+\.(svg|png)$/;

function readMetrics(dir: string): EpochRecord[] {
  const path = join(dir, METRICS_JSON);
  if (!existsSync(path)) return [];
  let json: unknown;
  try {
    json = parseJsonStrict(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new RunDirError(dir, `${METRICS_JSON} is not valid JSON (${(err as Error).message})`);
  }
  const epochs = (json as { epochs?: unknown } | null)?.epochs;
  if (!Array.isArray(epochs)) throw new RunDirError(dir, `${METRICS_JSON} has no "epochs" list`);
  for (const e of epochs as Partial<EpochRecord>[]) {
    if (typeof e !== 'object' || e === null || !Number.isInteger(e.epoch) || typeof e.train !== 'object' || e.train === null) {
      throw new RunDirError(dir, `${METRICS_JSON}: every epoch needs an "epoch" number and "train" losses`);
    }
  }
  return epochs as EpochRecord[];
}

function checkFits(model: Autoencoder, test: Dataset, where: string): void {
  const want = model.config.inputShape.reduce((a, b) => a * b, 1);
  const have = test.shape.reduce((a, b) => a * b, 1);
  if (want !== have) throw new RunDirError(where, `the model takes ${want} values per sample but the data has ${have}`);
}

/**
 * Opens `path` for exploring: a run folder from `aekit train`, or a bare model file (such as one downloaded from
 * train-here) shown on the test split of `dataSpec` (default mnist). `points` keeps the first N test samples
 * (default: the whole test split).
 */
export function loadExploreRun(path: string, points?: number, dataSpec?: string): ExploreRun {
  const full = resolve(path);
  if (existsSync(full) && statSync(full).isFile()) return loadModelFile(full, points, dataSpec ?? 'mnist');
  if (dataSpec !== undefined) throw new RunDirError(path, '--data applies to a model file; a run folder is shown on its own data');
  const { run, model } = openRun(full);
  // Only the test split is shown; a one-sample training split keeps loading cheap.
  const test = runData(run, { trainSize: 1, ...(points === undefined ? {} : { testSize: points }) }).test;
  checkFits(model, test, path);
  const summary: RunSummary = {
    name: basename(full),
    model: model.config,
    training: { ...run.training },
    data: { spec: run.data.spec, trainSize: run.data.trainSize, testSize: run.data.testSize },
    metrics: readMetrics(full),
    figures: readdirSync(full).filter((f) => FIGURE_FILE.test(f)).sort(),
    testCount: test.count,
  };
  return { dir: full, summary, modelBytes: readFileSync(join(full, MODEL_FILE)), testFile: encodeDatasetFile(test) };
}

function loadModelFile(file: string, points: number | undefined, dataSpec: string): ExploreRun {
  const model = loadModel(file);
  const modelBytes = readFileSync(file);
  const test = loadData(parseDataSpec(dataSpec), { trainSize: 1, ...(points === undefined ? {} : { testSize: points }) }).test;
  checkFits(model, test, file);
  const summary: RunSummary = {
    name: basename(file),
    model: model.config,
    training: {},
    data: { spec: dataSpec, trainSize: null, testSize: points ?? null },
    metrics: [],
    figures: [],
    testCount: test.count,
  };
  return { dir: dirname(file), summary, modelBytes, testFile: encodeDatasetFile(test) };
}
