/** Model files on disk: `saveModel` writes atomically; `loadModel` takes a path, a file: URL or the bytes. */
import { fileURLToPath } from 'node:url';
import { loadModelFile, saveModelFile, saveModelFileSync } from '../io/model-file.node.js';
import type { Autoencoder } from './autoencoder.js';
import { configOf, loadModel as loadModelFromBytes, modelFromFile } from './model-io.js';
import { validateModelConfig } from './registry.js';

/** Writes `model` (config + weights) to `path` atomically. */
export async function saveModel(path: string, model: Autoencoder): Promise<void> {
  await saveModelFile(path, configOf(model), model.stateDict());
}

export function saveModelSync(path: string, model: Autoencoder): void {
  saveModelFileSync(path, configOf(model), model.stateDict());
}

/**
 * Reads a model file from a path (or file: URL), or from its bytes: the config must name a registered model
 * with exactly its fields, and the tensors must be float32 and match the built model's state dict name for
 * name and shape (no missing, no extra).
 */
export function loadModel(source: string | URL | Uint8Array | ArrayBuffer): Autoencoder {
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) return loadModelFromBytes(source);
  const path = source instanceof URL ? fileURLToPath(source) : source;
  return modelFromFile(loadModelFile(path, validateModelConfig), path);
}
