/** Model files on disk: written atomically, read with the checks of model-file.ts. */
import { writeFileAtomic, writeFileAtomicSync } from './atomic-write.js';
import { checkModelFile, encodeModelFile, type JsonObject, type ModelFile } from './model-file.js';
import { readSafetensors } from './safetensors.node.js';
import type { SafetensorsReadOptions, TensorsToWrite } from './safetensors.js';

export async function saveModelFile(path: string, config: JsonObject, tensors: TensorsToWrite, extraMetadata: Record<string, string> = {}): Promise<void> {
  await writeFileAtomic(path, encodeModelFile(config, tensors, extraMetadata));
}

export function saveModelFileSync(path: string, config: JsonObject, tensors: TensorsToWrite, extraMetadata: Record<string, string> = {}): void {
  writeFileAtomicSync(path, encodeModelFile(config, tensors, extraMetadata));
}

/**
 * Reads and validates a model file. `validateConfig` receives the parsed config (a JSON object) and
 * returns it typed, or throws; its message is reported as a ModelFileError naming the file.
 */
export function loadModelFile<Config = JsonObject>(path: string, validateConfig?: (config: JsonObject) => Config, options: SafetensorsReadOptions = {}): ModelFile<Config> {
  return checkModelFile(readSafetensors(path, options), path, validateConfig);
}
