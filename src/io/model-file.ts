/**
 * An aekit model file: a safetensors file whose weights are the model's tensors and whose __metadata__
 * holds `aekit.format` (the file-format version), `aekit.config` (the model's config as JSON) and
 * `aekit.crc32` (a CRC-32 of the header's meaning and the data; checked when present).
 * The config is data only: it is parsed with JSON (repeated keys and deep nesting rejected) and handed to a
 * validator the caller supplies, which must accept only known model and layer types; nothing named in it is
 * imported. Reading goes header → config → the caller's check of the declared tensors → data → checksum →
 * finite values, so a file is refused before its tensors, or a model built from its config, take memory.
 * This file works on bytes; model-file.node.ts reads and writes files (atomically).
 */
import { ModelFileError } from './model-file-error.js';
import {
  encodeSafetensors, joinChunks, parseSafetensorsHeader, readSafetensorsData, type SafetensorsEntry, type SafetensorsFile,
  type SafetensorsHeader, type SafetensorsReadOptions, type SafetensorsTensor, type TensorsToWrite,
} from './safetensors.js';
import { JsonFormatError, parseJsonStrict } from './strict-json.js';

export const MODEL_FORMAT = 'aekit-model/1';
export const FORMAT_KEY = 'aekit.format';
export const CONFIG_KEY = 'aekit.config';
export const CHECKSUM_KEY = 'aekit.crc32';
const RESERVED_KEYS = new Set([FORMAT_KEY, CONFIG_KEY, CHECKSUM_KEY]);

export type JsonObject = { [key: string]: unknown };

export interface ModelFile<Config> {
  config: Config;
  tensors: Map<string, SafetensorsTensor>;
  /** Everything in __metadata__, including the format, config and checksum entries. */
  metadata: Record<string, string>;
}

export interface ModelFileReadOptions<Config> extends Omit<SafetensorsReadOptions, 'checksumKey'> {
  /**
   * Called with the tensors the file declares and the validated config before any tensor data is read; throws
   * to refuse the file (e.g. a missing tensor or a wrong shape). Its message is reported naming the file.
   */
  checkTensors?: (entries: readonly SafetensorsEntry[], config: Config, metadata: Record<string, string>) => void;
  /** Accept NaN and ±Infinity in F32 tensors (default: an error naming the tensor). */
  allowNonFinite?: boolean;
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
  for (const key of Object.keys(extraMetadata)) if (RESERVED_KEYS.has(key)) throw new RangeError(`metadata key "${key}" is reserved`);
  return encodeSafetensors(tensors, { ...extraMetadata, [FORMAT_KEY]: MODEL_FORMAT, [CONFIG_KEY]: configJson(config) }, { checksumKey: CHECKSUM_KEY });
}

/** The whole model file in one buffer. */
export function serializeModelFile(config: JsonObject, tensors: TensorsToWrite, extraMetadata: Record<string, string> = {}): Uint8Array {
  return joinChunks(encodeModelFile(config, tensors, extraMetadata));
}

/** The first NaN or infinite value of a tensor, as "NaN at index 3", or null. */
export function describeNonFinite(data: ArrayLike<number>): string | null {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i]!)) return `${data[i]} at index ${i}`;
  return null;
}

/** Checks the format entry and validates the config of a checked header (pure; `source` names the file in errors). */
export function decodeModelHeader<Config = JsonObject>(header: SafetensorsHeader, source: string, validateConfig?: (config: JsonObject) => Config): Config {
  const { metadata } = header;
  const format = metadata[FORMAT_KEY];
  if (format === undefined) throw new ModelFileError(source, `not an aekit model file: no "${FORMAT_KEY}" entry in __metadata__`);
  if (format !== MODEL_FORMAT) throw new ModelFileError(source, `model file format ${JSON.stringify(format)} is not supported (this aekit reads "${MODEL_FORMAT}")`);
  const text = metadata[CONFIG_KEY];
  if (text === undefined) throw new ModelFileError(source, `no "${CONFIG_KEY}" entry in __metadata__`);
  let parsed: unknown;
  try {
    parsed = parseJsonStrict(text);
  } catch (err) {
    if (err instanceof JsonFormatError) throw new ModelFileError(source, `"${CONFIG_KEY}" is ${err.message.startsWith('not') ? '' : 'invalid: '}${err.message}`);
    throw err;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ModelFileError(source, `"${CONFIG_KEY}" must be a JSON object`);
  try {
    return validateConfig ? validateConfig(parsed as JsonObject) : (parsed as Config);
  } catch (err) {
    throw new ModelFileError(source, `invalid model config: ${(err as Error).message}`);
  }
}

/** Refuses NaN and ±Infinity in F32 tensors unless allowed. */
export function checkFiniteTensors(tensors: ReadonlyMap<string, SafetensorsTensor>, source: string): void {
  for (const [name, t] of tensors) {
    if (t.dtype !== 'F32') continue;
    const bad = describeNonFinite(t.data);
    if (bad !== null) throw new ModelFileError(source, `tensor '${name}' holds ${bad} (weights must be finite; allowNonFinite / --allow-non-finite loads it anyway)`);
  }
}

/** The safetensors options a model file is read with: its checksum is verified whenever the file has one. */
export function modelFileReadOptions<Config>(options: ModelFileReadOptions<Config>): SafetensorsReadOptions {
  return { ...options, checksumKey: CHECKSUM_KEY };
}

/**
 * The model-file checks after a checked safetensors header, in order: format and config, the caller's
 * `checkTensors`, then the data (`readTensors`, which verifies the checksum) and finite values. Shared by the
 * reader of bytes (`parseModelFile`) and of files (model-file.node.ts).
 */
export function decodeModelFile<Config = JsonObject>(
  header: SafetensorsHeader, readTensors: () => SafetensorsFile, source: string, validateConfig?: (config: JsonObject) => Config,
  options: ModelFileReadOptions<Config> = {},
): ModelFile<Config> {
  const config = decodeModelHeader(header, source, validateConfig);
  if (options.checkTensors) {
    try {
      options.checkTensors(header.tensors, config, header.metadata);
    } catch (err) {
      // An error that already names its file or folder (ModelFileError, a run folder's error) passes through.
      if (err instanceof Error && ('file' in err || 'dir' in err)) throw err;
      throw new ModelFileError(source, (err as Error).message);
    }
  }
  const { tensors, metadata } = readTensors();
  if (!options.allowNonFinite) checkFiniteTensors(tensors, source);
  return { config, tensors, metadata };
}

/**
 * Parses and validates a model file held in memory; `source` names it in errors. `validateConfig` receives the
 * parsed config (a JSON object) and returns it typed, or throws; `options.checkTensors` sees the declared
 * tensors before their data is copied out. Every error is a ModelFileError naming `source`.
 */
export function parseModelFile<Config = JsonObject>(bytes: Uint8Array, source: string, validateConfig?: (config: JsonObject) => Config, options: ModelFileReadOptions<Config> = {}): ModelFile<Config> {
  const readOptions = modelFileReadOptions(options);
  const header = parseSafetensorsHeader(bytes, bytes.length, source, readOptions);
  const base = 8 + header.headerBytes;
  const readTensors = () => readSafetensorsData(header, (t, into) => into.set(bytes.subarray(base + t.begin, base + t.end)), source, readOptions);
  return decodeModelFile(header, readTensors, source, validateConfig, options);
}
