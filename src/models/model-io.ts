/**
 * Model files: the config (JSON, validated by the registry on load) plus the state dict as safetensors,
 * written atomically through src/io/model-file.ts. Loading builds the model named by the config from the
 * registry's own constructors and copies the weights in strictly; nothing in the file is evaluated.
 */
import { loadModelFile, saveModelFile, saveModelFileSync, type JsonObject } from '../io/model-file.js';
import { ModelFileError } from '../io/model-file-error.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import type { Autoencoder } from './autoencoder.js';
import { buildModel, validateModelConfig } from './registry.js';

function configOf(model: Autoencoder): JsonObject {
  return JSON.parse(JSON.stringify(model.config)) as JsonObject;
}

/** Writes `model` (config + weights) to `path` atomically. */
export async function saveModel(path: string, model: Autoencoder): Promise<void> {
  await saveModelFile(path, configOf(model), model.stateDict());
}

export function saveModelSync(path: string, model: Autoencoder): void {
  saveModelFileSync(path, configOf(model), model.stateDict());
}

/**
 * Reads a model file: the config must name a registered model with exactly its fields, and the tensors must
 * be float32 and match the built model's state dict name for name and shape (no missing, no extra).
 */
export function loadModel(path: string): Autoencoder {
  const file = loadModelFile(path, validateModelConfig);
  const state = new Map<string, Tensor>();
  for (const [name, t] of file.tensors) {
    if (!(t.data instanceof Float32Array)) throw new ModelFileError(path, `tensor '${name}' is ${t.dtype}; model weights must be F32`);
    state.set(name, new Tensor(t.data, t.shape));
  }
  // The initial weights are overwritten; the generator only has to exist.
  const model = buildModel(file.config, new Generator(0));
  try {
    model.loadStateDict(state, { strict: true });
  } catch (err) {
    throw new ModelFileError(path, `weights do not fit the ${file.config.model} model its config describes: ${(err as Error).message}`);
  }
  return model;
}
