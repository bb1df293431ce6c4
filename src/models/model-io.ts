/**
 * Model files: the config (JSON, validated by the registry on load) plus the state dict as safetensors.
 * Loading builds the model named by the config from the registry's own constructors and copies the weights
 * in strictly; nothing in the file is evaluated. This file works on bytes (in any JavaScript engine);
 * model-io.node.ts saves to and loads from paths, with the same checks.
 *
 * Order of checks on load (each failure a ModelFileError naming the file): the header; the config against
 * the model's schema (bounded sizes); the model is built under a budget of what the file holds (so a small
 * file cannot make us allocate a large model); every tensor the model expects is declared with its shape
 * and nothing else is; only then is the data read, its checksum verified and its values checked finite.
 */
import { ModelFileError } from '../io/model-file-error.js';
import { parseModelFile, serializeModelFile, type JsonObject, type ModelFile, type ModelFileReadOptions } from '../io/model-file.js';
import type { SafetensorsEntry } from '../io/safetensors.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import type { Autoencoder, ModelConfigBase } from './autoencoder.js';
import { buildModelWithinBudget, MAX_MODEL_VALUES } from './model-budget.js';
import { validateModelConfig } from './registry.js';

/** The model's config as plain JSON data. */
export function configOf(model: Autoencoder): JsonObject {
  return JSON.parse(JSON.stringify(model.config)) as JsonObject;
}

/** `model` (config + weights) as the bytes of an aekit model file (safetensors), e.g. to download or upload. */
export function modelToBytes(model: Autoencoder): Uint8Array {
  return serializeModelFile(configOf(model), model.stateDict());
}

export interface LoadModelOptions {
  /** Accept NaN and ±Infinity weights (default: refused, naming the tensor). */
  allowNonFinite?: boolean;
  /** What to call bytes in errors (default 'model bytes'; a file is named by its path). */
  source?: string;
}

const shapeText = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/**
 * The budget for building a model whose weights come from tensors declaring `values` float32 values: a model
 * that fits them has that many values in its state (plus a little for tensors made while building).
 */
export function budgetForStoredValues(values: number, what: string): { maxValues: number; describe: string } {
  return { maxValues: Math.min(MAX_MODEL_VALUES, 2 * values + 65536), describe: `the ${values.toLocaleString('en-US')} values ${what} holds` };
}

export function storedValues(entries: readonly SafetensorsEntry[]): number {
  return entries.reduce((n, e) => n + e.shape.reduce((p, d) => p * d, 1), 0);
}

/**
 * Names and shapes of `expected` (a state dict) against the tensors a file declares under `prefix`: every
 * expected tensor present, F32, with its shape, and no other tensor under that prefix. Throws naming the first
 * problem of each kind.
 */
export function checkDeclaredState(expected: ReadonlyMap<string, Tensor>, entries: readonly SafetensorsEntry[], prefix = '', what = 'model'): void {
  const declared = new Map(entries.filter((e) => e.name.startsWith(prefix)).map((e) => [e.name.slice(prefix.length), e]));
  const missing = [...expected.keys()].filter((k) => !declared.has(k));
  const unexpected = [...declared.keys()].filter((k) => !expected.has(k));
  const problems: string[] = [];
  if (missing.length > 0) problems.push(`missing tensors ${missing.slice(0, 5).map((k) => `'${prefix}${k}'`).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`);
  if (unexpected.length > 0) problems.push(`unexpected tensors ${unexpected.slice(0, 5).map((k) => `'${prefix}${k}'`).join(', ')}${unexpected.length > 5 ? ` and ${unexpected.length - 5} more` : ''}`);
  for (const [k, t] of expected) {
    const e = declared.get(k);
    if (e === undefined) continue;
    if (e.dtype !== 'F32') problems.push(`tensor '${prefix}${k}' is ${e.dtype}; weights must be F32`);
    else if (shapeText(e.shape) !== shapeText(t.shape)) problems.push(`tensor '${prefix}${k}' has shape ${shapeText(e.shape)}, the ${what} wants ${shapeText(t.shape)}`);
  }
  if (problems.length > 0) throw new Error(`the tensors do not fit the ${what}: ${problems.slice(0, 3).join('; ')}`);
}

/** Reads a model file with the given model-file reader (of bytes or of a path); `source` names it in errors. */
export type ModelFileReader = (validateConfig: (config: JsonObject) => ModelConfigBase, options: ModelFileReadOptions<ModelConfigBase>) => ModelFile<ModelConfigBase>;

/**
 * The model a model file describes (see the file comment for the order of checks): `read` is the model-file
 * reader of bytes or of a path; the model is built, under budget, when the declared tensors are known.
 */
export function readModel(read: ModelFileReader, source: string, options: LoadModelOptions = {}): Autoencoder {
  let model: Autoencoder | null = null;
  const file = read(validateModelConfig, {
    allowNonFinite: options.allowNonFinite ?? false,
    checkTensors: (entries, config) => {
      // The initial weights are overwritten; the generator only has to exist.
      model = buildModelWithinBudget(config, new Generator(0), budgetForStoredValues(storedValues(entries), 'the file'));
      checkDeclaredState(model.stateDict(), entries, '', `${config.model} model its config describes`);
    },
  });
  const built = model as Autoencoder | null;
  if (built === null) throw new ModelFileError(source, 'no model was built');
  const state = new Map<string, Tensor>();
  for (const [name, t] of file.tensors) state.set(name, new Tensor(t.data as Float32Array, t.shape));
  try {
    built.loadStateDict(state, { strict: true });
  } catch (err) {
    throw new ModelFileError(source, `weights do not fit the ${file.config.model} model its config describes: ${(err as Error).message}`);
  }
  return built;
}

/**
 * Reads a model from the bytes of a model file (fetched, uploaded, or read by the caller): the config must
 * name a registered model with exactly its fields, and the tensors must be float32, finite and match the built
 * model's state dict name for name and shape (no missing, no extra). Every check of a file on disk applies.
 */
export function loadModel(bytes: Uint8Array | ArrayBuffer, options: LoadModelOptions = {}): Autoencoder {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const source = options.source ?? 'model bytes';
  return readModel((validate, readOptions) => parseModelFile(view, source, validate, readOptions), source, options);
}
