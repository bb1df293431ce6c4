/**
 * An aekit model file: a safetensors file whose weights are the model's tensors and whose __metadata__
 * holds `aekit.format` (the file-format version) and `aekit.config` (the model's config as JSON).
 * The config is data only: it is parsed with JSON (repeated keys rejected) and handed to a validator the
 * caller supplies, which must accept only known model and layer types; nothing named in it is imported.
 * This file works on bytes; model-file.node.ts reads and writes files (atomically).
 */
import { ModelFileError } from './model-file-error.js';
import {
  encodeSafetensors, joinChunks, parseSafetensors, type SafetensorsFile, type SafetensorsReadOptions, type SafetensorsTensor, type TensorsToWrite,
} from './safetensors.js';
import { JsonFormatError, parseJsonStrict } from './strict-json.js';

export const MODEL_FORMAT = 'aekit-model/1';
export const FORMAT_KEY = 'aekit.format';
export const CONFIG_KEY = 'aekit.config';

export type JsonObject = { [key: string]: unknown };

export interface ModelFile<Config> {
  config: Config;
  tensors: Map<string, SafetensorsTensor>;
  /** Everything in __metadata__, including the format and config entries. */
  metadata: Record<string, string>;
}

/** JSON text of a config, refusing values JSON would silently change (NaN, Infinity) or cannot hold (functions). */
function configJson(config: JsonObject): string {
  return JSON.stringify(config, (key, value: unknown) => {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`model config: "${key}" is ${value}, which JSON cannot hold`);
    if (typeof value === 'function' || typeof value === 'symbol') throw new TypeError(`model config: "${key}" is a ${typeof value}; model files hold data only`);
    return value;
  });
}

/** The model file as chunks, for `writeFileAtomic`; `extraMetadata` must not use the `aekit.` keys. */
export function encodeModelFile(config: JsonObject, tensors: TensorsToWrite, extraMetadata: Record<string, string> = {}): Uint8Array[] {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new TypeError('model config must be a plain object');
  for (const key of Object.keys(extraMetadata)) if (key === FORMAT_KEY || key === CONFIG_KEY) throw new RangeError(`metadata key "${key}" is reserved`);
  return encodeSafetensors(tensors, { ...extraMetadata, [FORMAT_KEY]: MODEL_FORMAT, [CONFIG_KEY]: configJson(config) });
}

/** The whole model file in one buffer. */
export function serializeModelFile(config: JsonObject, tensors: TensorsToWrite, extraMetadata: Record<string, string> = {}): Uint8Array {
  return joinChunks(encodeModelFile(config, tensors, extraMetadata));
}

/**
 * Parses and validates a model file held in memory; `source` names it in errors. `validateConfig` receives the
 * parsed config (a JSON object) and returns it typed, or throws; its message is reported as a ModelFileError.
 */
export function parseModelFile<Config = JsonObject>(bytes: Uint8Array, source: string, validateConfig?: (config: JsonObject) => Config, options: SafetensorsReadOptions = {}): ModelFile<Config> {
  return checkModelFile(parseSafetensors(bytes, source, options), source, validateConfig);
}

/** The model-file checks on a parsed safetensors file (its format entry, then the config). */
export function checkModelFile<Config = JsonObject>(file: SafetensorsFile, path: string, validateConfig?: (config: JsonObject) => Config): ModelFile<Config> {
  const { tensors, metadata } = file;
  const format = metadata[FORMAT_KEY];
  if (format === undefined) throw new ModelFileError(path, `not an aekit model file: no "${FORMAT_KEY}" entry in __metadata__`);
  if (format !== MODEL_FORMAT) throw new ModelFileError(path, `model file format "${format}" is not supported (this aekit reads "${MODEL_FORMAT}")`);
  const text = metadata[CONFIG_KEY];
  if (text === undefined) throw new ModelFileError(path, `no "${CONFIG_KEY}" entry in __metadata__`);
  let parsed: unknown;
  try {
    parsed = parseJsonStrict(text);
  } catch (err) {
    if (err instanceof JsonFormatError) throw new ModelFileError(path, `"${CONFIG_KEY}" is ${err.message.startsWith('not') ? '' : 'invalid: '}${err.message}`);
    throw err;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ModelFileError(path, `"${CONFIG_KEY}" must be a JSON object`);
  let config: Config;
  try {
    config = validateConfig ? validateConfig(parsed as JsonObject) : (parsed as Config);
  } catch (err) {
    throw new ModelFileError(path, `invalid model config: ${(err as Error).message}`);
  }
  return { config, tensors, metadata };
}
