/**
 * Model files: the config (JSON, validated by the registry on load) plus the state dict as safetensors.
 * Loading builds the model named by the config from the registry's own constructors and copies the weights
 * in strictly; nothing in the file is evaluated. This file works on bytes (in any JavaScript engine);
 * model-io.node.ts saves to and loads from paths.
 */
import { ModelFileError } from '../io/model-file-error.js';
import { parseModelFile, serializeModelFile, type JsonObject, type ModelFile } from '../io/model-file.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import type { Autoencoder, ModelConfigBase } from './autoencoder.js';
import { buildModel, validateModelConfig } from './registry.js';

/** The model's config as plain JSON data. */
export function configOf(model: Autoencoder): JsonObject {
  return JSON.parse(JSON.stringify(model.config)) as JsonObject;
}

/** `model` (config + weights) as the bytes of an aekit model file (safetensors), e.g. to download or upload. */
export function modelToBytes(model: Autoencoder): Uint8Array {
  return serializeModelFile(configOf(model), model.stateDict());
}

/**
 * The model a parsed model file describes: the config must name a registered model with exactly its fields,
 * and the tensors must be float32 and match the built model's state dict name for name and shape.
 */
export function modelFromFile(file: ModelFile<ModelConfigBase>, source: string): Autoencoder {
  const state = new Map<string, Tensor>();
  for (const [name, t] of file.tensors) {
    if (!(t.data instanceof Float32Array)) throw new ModelFileError(source, `tensor '${name}' is ${t.dtype}; model weights must be F32`);
    state.set(name, new Tensor(t.data, t.shape));
  }
  // The initial weights are overwritten; the generator only has to exist.
  const model = buildModel(file.config, new Generator(0));
  try {
    model.loadStateDict(state, { strict: true });
  } catch (err) {
    throw new ModelFileError(source, `weights do not fit the ${file.config.model} model its config describes: ${(err as Error).message}`);
  }
  return model;
}

/**
 * Reads a model from the bytes of a model file (fetched, uploaded, or read by the caller); `source` names it
 * in errors. Every check of a file on disk applies (see `modelFromFile`).
 */
export function loadModel(bytes: Uint8Array | ArrayBuffer, source = 'model bytes'): Autoencoder {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  return modelFromFile(parseModelFile(view, source, validateModelConfig), source);
}
