/** Model files on disk: `saveModel` writes atomically; `loadModel` takes a path, a file: URL or the bytes. */
import { fileURLToPath } from 'node:url';
import { loadModelFile, saveModelFile, saveModelFileSync } from '../io/model-file.node.js';
import type { Autoencoder } from './autoencoder.js';
import { configOf, loadModel as loadModelFromBytes, readModel, type LoadModelOptions } from './model-io.js';

/** Writes `model` (config + weights) to `path` atomically. */
export async function saveModel(path: string, model: Autoencoder): Promise<void> {
  await saveModelFile(path, configOf(model), model.stateDict());
}

export function saveModelSync(path: string, model: Autoencoder): void {
  saveModelFileSync(path, configOf(model), model.stateDict());
}

/**
 * Reads a model file from a path (or file: URL), or from its bytes, with the checks of the core `loadModel`:
 * the config must name a registered model with exactly its fields, and the tensors must be float32, finite
 * (unless `allowNonFinite`) and match the built model's state dict name for name and shape. The header is
 * checked and the model built before any tensor data is read from the file.
 */
export function loadModel(source: string | URL | Uint8Array | ArrayBuffer, options: LoadModelOptions = {}): Autoencoder {
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) return loadModelFromBytes(source, options);
  const path = source instanceof URL ? fileURLToPath(source) : source;
  return readModel((validate, readOptions) => loadModelFile(path, validate, readOptions), path, options);
}
