/**
 * A baseline folder from `aekit baseline`: run-like, so `eval`, `encode` and `compare` accept it.
 * - `config.json`: { format: 'aekit-baseline/1', method, latentDim, data (as a run's), fit: rows, params, seconds }
 * - `codes.safetensors`: F32 `train` (nTrain × d) and `test` (nTest × d) codes of the first rows of each split;
 *   for PCA also `components` (d × D), `mean` (D) and `explained_variance` (d), so it can transform new data.
 * - `latent.svg`: the test codes coloured by label; `metrics.json`: the fit's time and settings.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import { encodeSafetensors } from '../io/safetensors.js';
import { readSafetensors } from '../io/safetensors.node.js';
import { parseJsonStrict } from '../io/strict-json.js';
import { isBaselineMethod, type BaselineMethod } from '../eval/baselines/index.js';
import type { PcaState } from '../eval/pca.js';
import { Tensor } from '../tensor/tensor.js';
import { RUN_CONFIG, RunDirError } from '../train/run-dir.js';

export const BASELINE_FORMAT = 'aekit-baseline/1';
export const CODES_FILE = 'codes.safetensors';

export interface BaselineConfig {
  format: string;
  method: BaselineMethod;
  latentDim: number;
  data: { spec: string; trainSize: number | null; testSize: number | null; labelColumn: string | null };
  fit: {
    /** Training and test rows with codes (the first rows of each split). */
    trainRows: number;
    testRows: number;
    /** true: the test rows were part of the fit (no out-of-sample map); false: they were mapped by `transform`. */
    transductive: boolean;
    /** Rows the method was fitted on. */
    fittedRows: number;
    seconds: number;
  };
  params: Record<string, number | string>;
  created: string;
}

export interface BaselineFolder {
  dir: string;
  config: BaselineConfig;
  train: Tensor;
  test: Tensor;
  pca: PcaState | null;
}

/** The `format` field of DIR/config.json, or null when there is no readable config. */
export function folderFormat(dir: string): string | null {
  const path = join(dir, RUN_CONFIG);
  if (!existsSync(path)) return null;
  try {
    const json = parseJsonStrict(readFileSync(path, 'utf8')) as { format?: unknown };
    return typeof json?.format === 'string' ? json.format : null;
  } catch {
    return null;
  }
}

export async function writeBaselineFolder(dir: string, config: BaselineConfig, train: Tensor, test: Tensor, pca: PcaState | null): Promise<void> {
  const tensors: Record<string, { shape: number[]; data: Float32Array }> = {
    train: { shape: [...train.shape], data: train.data },
    test: { shape: [...test.shape], data: test.data },
  };
  if (pca !== null) {
    tensors['components'] = { shape: [config.latentDim, pca.mean.length], data: pca.components };
    tensors['mean'] = { shape: [pca.mean.length], data: pca.mean };
    tensors['explained_variance'] = { shape: [config.latentDim], data: Float32Array.from(pca.explainedVariance) };
  }
  await writeFileAtomic(join(dir, CODES_FILE), encodeSafetensors(tensors, { 'aekit.format': BASELINE_FORMAT, 'aekit.total_variance': String(pca?.totalVariance ?? '') }));
  await writeFileAtomic(join(dir, RUN_CONFIG), `${JSON.stringify(config, null, 2)}\n`);
}

function f32(file: ReturnType<typeof readSafetensors>, name: string, shape: (number | null)[], dir: string): Float32Array {
  const t = file.tensors.get(name);
  if (t === undefined) throw new RunDirError(dir, `${CODES_FILE} has no '${name}' tensor`);
  if (!(t.data instanceof Float32Array) || t.shape.length !== shape.length || shape.some((s, i) => s !== null && t.shape[i] !== s)) {
    throw new RunDirError(dir, `${CODES_FILE}: '${name}' is ${t.dtype} [${t.shape.join(', ')}], expected F32 [${shape.map((s) => s ?? 'n').join(', ')}]`);
  }
  for (const v of t.data) if (!Number.isFinite(v)) throw new RunDirError(dir, `${CODES_FILE}: '${name}' holds a non-finite value`);
  return t.data;
}

/** Reads and checks a baseline folder; every problem is one RunDirError naming the folder. */
export function readBaselineFolder(dir: string): BaselineFolder {
  let config: BaselineConfig;
  try {
    config = parseJsonStrict(readFileSync(join(dir, RUN_CONFIG), 'utf8')) as BaselineConfig;
  } catch (err) {
    throw new RunDirError(dir, `${RUN_CONFIG} is not valid JSON (${(err as Error).message})`);
  }
  const bad = (what: string): never => {
    throw new RunDirError(dir, `${RUN_CONFIG}: ${what}`);
  };
  if (config.format !== BASELINE_FORMAT) bad(`format is ${JSON.stringify(config.format)}, expected "${BASELINE_FORMAT}"`);
  if (typeof config.method !== 'string' || !isBaselineMethod(config.method)) bad(`unknown method ${JSON.stringify(config.method)}`);
  if (!Number.isInteger(config.latentDim) || config.latentDim < 1) bad('"latentDim" must be a positive integer');
  if (typeof config.data?.spec !== 'string') bad('"data.spec" is missing');
  const fit = config.fit;
  if (typeof fit !== 'object' || fit === null || !Number.isInteger(fit.trainRows) || !Number.isInteger(fit.testRows) || fit.trainRows < 1 || fit.testRows < 1) bad('"fit.trainRows" and "fit.testRows" must be positive integers');
  const path = join(dir, CODES_FILE);
  if (!existsSync(path)) throw new RunDirError(dir, `has no ${CODES_FILE}`);
  let file: ReturnType<typeof readSafetensors>;
  try {
    file = readSafetensors(path);
  } catch (err) {
    throw new RunDirError(dir, (err as Error).message);
  }
  const d = config.latentDim;
  const train = new Tensor(f32(file, 'train', [fit.trainRows, d], dir), [fit.trainRows, d]);
  const test = new Tensor(f32(file, 'test', [fit.testRows, d], dir), [fit.testRows, d]);
  let pca: PcaState | null = null;
  if (config.method === 'pca') {
    const mean = f32(file, 'mean', [null], dir);
    pca = {
      components: f32(file, 'components', [d, mean.length], dir),
      mean,
      explainedVariance: Float64Array.from(f32(file, 'explained_variance', [d], dir)),
      totalVariance: Number(file.metadata['aekit.total_variance'] ?? NaN),
    };
  }
  return { dir, config, train, test, pca };
}
