/** Model files on disk: written atomically, read with the checks of model-file.ts (header first, then the data). */
import { writeFileAtomic, writeFileAtomicSync } from './atomic-write.js';
import { decodeModelFile, encodeModelFile, modelFileReadOptions, type JsonObject, type ModelFile, type ModelFileReadOptions } from './model-file.js';
import { openSafetensors } from './safetensors.node.js';
import type { TensorsToWrite } from './safetensors.js';

export async function saveModelFile(path: string, config: JsonObject, tensors: TensorsToWrite, extraMetadata: Record<string, string> = {}): Promise<void> {
  await writeFileAtomic(path, encodeModelFile(config, tensors, extraMetadata));
}

export function saveModelFileSync(path: string, config: JsonObject, tensors: TensorsToWrite, extraMetadata: Record<string, string> = {}): void {
  writeFileAtomicSync(path, encodeModelFile(config, tensors, extraMetadata));
}

/**
 * Reads and validates a model file. `validateConfig` receives the parsed config (a JSON object) and returns it
 * typed, or throws; `options.checkTensors` sees the declared tensors before their data is read. Every error is
 * a ModelFileError naming the file.
 */
export function loadModelFile<Config = JsonObject>(path: string, validateConfig?: (config: JsonObject) => Config, options: ModelFileReadOptions<Config> = {}): ModelFile<Config> {
  const file = openSafetensors(path, modelFileReadOptions(options));
  return decodeModelFile(file.header, () => file.readTensors(), path, validateConfig, options);
}
