/** Opening a run folder for eval/sample/encode/reconstruct: its config, its model and its data. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isVariational, type Autoencoder } from '../models/autoencoder.js';
import { loadModel } from '../models/model-io.node.js';
import { loadData, parseDataSpec, type DataSplits } from '../train/data-source.js';
import { readRunConfig, RunDirError, type RunConfig } from '../train/run-dir.js';
import { MODEL_FILE } from '../train/trainer.js';

export interface OpenRun {
  dir: string;
  run: RunConfig;
  model: Autoencoder;
}

export function openRun(dir: string): OpenRun {
  const run = readRunConfig(dir);
  const path = join(dir, MODEL_FILE);
  if (!existsSync(path)) throw new RunDirError(dir, `has no ${MODEL_FILE} (the run has not finished an epoch yet)`);
  const model = loadModel(path);
  model.eval();
  return { dir, run, model };
}

/** The run's data (sizes as trained unless given), or another `--data` spec. */
export function runData(run: RunConfig, override?: { spec?: string; trainSize?: number; testSize?: number }): DataSplits {
  const spec = parseDataSpec(override?.spec ?? run.data.spec, run.data.labelColumn ?? undefined);
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
