/** Opening a run folder for eval/sample/encode/reconstruct: its config, its model and its data. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isVariational, type Autoencoder } from '../models/autoencoder.js';
import { loadModel } from '../models/model-io.node.js';
import { loadData, parseDataSpec, type DataSplits } from '../train/data-source.js';
import { firstDifference } from '../train/resume.js';
import { readRunConfig, RunDirError, type RunConfig } from '../train/run-dir.js';
import { note } from './options.js';
import { MODEL_FILE } from '../train/trainer.js';

export interface OpenRun {
  dir: string;
  run: RunConfig;
  model: Autoencoder;
}

export interface OpenRunOptions {
  /** Load weights that hold NaN or ±Infinity (default: refused, naming the tensor). */
  allowNonFinite?: boolean;
}

export function openRun(dir: string, options: OpenRunOptions = {}): OpenRun {
  const run = readRunConfig(dir);
  const path = join(dir, MODEL_FILE);
  if (!existsSync(path)) throw new RunDirError(dir, `has no ${MODEL_FILE} (the run has not finished an epoch yet)`);
  const model = loadModel(path, { allowNonFinite: options.allowNonFinite ?? false });
  const diff = firstDifference(run.model, model.config);
  if (diff !== null) throw new RunDirError(dir, `${MODEL_FILE} holds a ${model.config.model} model that differs from the one config.json describes (at '${diff}')`);
  model.eval();
  return { dir, run, model };
}

/** The run's data (sizes as trained unless given), or another `--data` spec; a file named by the run folder is shown. */
export function runData(run: RunConfig, override?: { spec?: string; trainSize?: number; testSize?: number }): DataSplits {
  const fromRun = override?.spec === undefined;
  if (fromRun && /^(csv|png):/.test(run.data.spec)) note(`data: ${run.data.spec} (as recorded in the run's config.json)`);
  const spec = parseDataSpec(override?.spec ?? run.data.spec, fromRun ? { labelColumn: run.data.labelColumn ?? undefined, header: run.data.header ?? undefined } : {});
  return loadData(spec, {
    trainSize: override?.trainSize ?? run.data.trainSize ?? undefined,
    testSize: override?.testSize ?? run.data.testSize ?? undefined,
  });
}

/** −ELBO in nats for variational models: reconstruction NLL + KL (whatever β the training used). */
export function negativeElbo(model: Autoencoder, parts: Record<string, number> | null): number | null {
  if (parts === null || !isVariational(model)) return null;
  const r = parts['reconstruction'];
  const kl = parts['kl'];
  return r === undefined || kl === undefined ? null : r + kl;
}
