/**
 * The model registry: names → config schema + constructor. The trainer, the CLI and model files go through
 * it, so a model file can only ever name a model listed here and a config that passes its schema.
 */
import type { Generator } from '../tensor/random.js';
import type { Autoencoder, ModelConfigBase } from './autoencoder.js';
import { aaeSchema, type AaeConfig } from './aae/aae.config.js';
import { AdversarialAE } from './aae/aae.model.js';
import { aeSchema, type AeConfig } from './ae/ae.config.js';
import { AE } from './ae/ae.model.js';
import { betaVaeSchema } from './beta-vae/beta-vae.config.js';
import { caeSchema, type CaeConfig } from './cae/cae.config.js';
import { ContractiveAE } from './cae/cae.model.js';
import { cvaeSchema, type CvaeConfig } from './cvae/cvae.config.js';
import { ConditionalVAE } from './cvae/cvae.model.js';
import { daeSchema, type DaeConfig } from './dae/dae.config.js';
import { DenoisingAE } from './dae/dae.model.js';
import {
  checkStoredConfig, ModelConfigError, parseOptionText, resolveConfig, type ModelSchema, type OptionType,
} from './blocks/config-fields.js';
import { m2Schema, type M2Config } from './m2/m2.config.js';
import { M2 } from './m2/m2.model.js';
import { sparseAeSchema, type SparseAeConfig } from './sparse-ae/sparse-ae.config.js';
import { SparseAE } from './sparse-ae/sparse-ae.model.js';
import { scaeSchema, type ScaeConfig } from './scae/scae.config.js';
import { StochasticContractiveAE } from './scae/scae.model.js';
import { sdaeSchema, stackedAeSchema, type StackedAeConfig } from './stacked-ae/stacked-ae.config.js';
import { StackedAE } from './stacked-ae/stacked-ae.model.js';
import { vaeSchema, type VaeConfig } from './vae/vae.config.js';
import { VAE } from './vae/vae.model.js';

interface RegistryEntry {
  schema: ModelSchema;
  build(config: ModelConfigBase, gen: Generator): Autoencoder;
}

/** Pairs a schema with its constructor, keeping the two typed against the same config. */
function entry<C extends ModelConfigBase>(schema: ModelSchema<C>, build: (config: C, gen: Generator) => Autoencoder): RegistryEntry {
  return { schema: schema as unknown as ModelSchema, build: build as (config: ModelConfigBase, gen: Generator) => Autoencoder };
}

const REGISTRY = new Map<string, RegistryEntry>([
  ['ae', entry<AeConfig>(aeSchema, (c, g) => new AE(c, g))],
  ['stacked-ae', entry<StackedAeConfig>(stackedAeSchema, (c, g) => new StackedAE(c, g))],
  ['sdae', entry<StackedAeConfig>(sdaeSchema, (c, g) => new StackedAE(c, g))],
  ['dae', entry<DaeConfig>(daeSchema, (c, g) => new DenoisingAE(c, g))],
  ['cae', entry<CaeConfig>(caeSchema, (c, g) => new ContractiveAE(c, g))],
  ['scae', entry<ScaeConfig>(scaeSchema, (c, g) => new StochasticContractiveAE(c, g))],
  ['sparse-ae', entry<SparseAeConfig>(sparseAeSchema, (c, g) => new SparseAE(c, g))],
  ['vae', entry<VaeConfig>(vaeSchema, (c, g) => new VAE(c, g))],
  ['beta-vae', entry<VaeConfig>(betaVaeSchema, (c, g) => new VAE(c, g))],
  ['cvae', entry<CvaeConfig>(cvaeSchema, (c, g) => new ConditionalVAE(c, g))],
  ['aae', entry<AaeConfig>(aaeSchema, (c, g) => new AdversarialAE(c, g))],
  ['m2', entry<M2Config>(m2Schema, (c, g) => new M2(c, g))],
]);

export const MODEL_NAMES: readonly string[] = Object.freeze([...REGISTRY.keys()]);

export interface ModelBuildOptions {
  /** Per-sample input shape, e.g. [784] or [1, 28, 28]. */
  inputShape: number[];
  /** Size of the code (default: the model's own). */
  latentDim?: number;
  /** Classes of the labels, for label-conditioned models (ignored by the others). */
  numClasses?: number;
  /** Model options by key (see describeModelOptions), checked against the model's schema. */
  overrides?: Record<string, unknown>;
}

function lookup(name: unknown): RegistryEntry {
  const e = typeof name === 'string' ? REGISTRY.get(name) : undefined;
  if (e === undefined) throw new ModelConfigError(`unknown model ${JSON.stringify(name)} (known: ${MODEL_NAMES.join(', ')})`);
  return e;
}

/** The schema of model `name` (its fields, defaults and checks). */
export function modelSchema(name: string): ModelSchema {
  return lookup(name).schema;
}

/** The complete config of model `name`: its defaults, the data's shape and classes, then `overrides` (validated). */
export function defaultConfig(name: string, options: ModelBuildOptions): ModelConfigBase {
  const { schema } = lookup(name);
  const base: Record<string, unknown> = { inputShape: options.inputShape, latentDim: options.latentDim };
  if ('numClasses' in schema.fields) base['numClasses'] = options.numClasses;
  return resolveConfig(schema, base, options.overrides ?? {});
}

/** A config read from a model file: a known model name and exactly that model's fields, each well-typed. */
export function validateModelConfig(json: unknown): ModelConfigBase {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ModelConfigError('model config must be a JSON object');
  const record = json as Record<string, unknown>;
  if (!('model' in record)) throw new ModelConfigError(`model config has no 'model' field (known models: ${MODEL_NAMES.join(', ')})`);
  return checkStoredConfig(lookup(record['model']).schema, record);
}

/** A fresh model for a validated config, initialised from `gen`. */
export function buildModel(config: ModelConfigBase, gen: Generator): Autoencoder {
  const { schema, build } = lookup(config.model);
  // Re-check: a config assembled by hand gets the same errors as one from a file.
  return build(checkStoredConfig(schema, config as unknown as Record<string, unknown>), gen);
}

export interface ModelOptionInfo {
  key: string;
  type: OptionType;
  default: unknown;
  help: string;
  /** The allowed values of a string option. */
  choices?: readonly string[];
}

/** The user-settable options of model `name` (not those taken from the data), for `--help` and `--set key=value`. */
export function describeModelOptions(name: string): ModelOptionInfo[] {
  const { schema } = lookup(name);
  return Object.entries(schema.fields).filter(([, f]) => !f.fromData).map(([key, f]) => {
    const info: ModelOptionInfo = { key, type: f.type, default: Array.isArray(f.default) ? [...f.default] : f.default, help: f.help };
    if (f.choices !== undefined) info.choices = f.choices;
    return info;
  });
}

/** A `--set key=value` string converted to option `key`'s type and checked (e.g. '512,256' → [512, 256]). */
export function parseModelOption(name: string, key: string, text: string): unknown {
  return parseOptionText(lookup(name).schema, key, text);
}
