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
import { betaVaeSchema, type BetaVaeConfig } from './beta-vae/beta-vae.config.js';
import { caeSchema, type CaeConfig } from './cae/cae.config.js';
import { ContractiveAE } from './cae/cae.model.js';
import { cvaeSchema, type CvaeConfig } from './cvae/cvae.config.js';
import { ConditionalVAE } from './cvae/cvae.model.js';
import { daeSchema, type DaeConfig } from './dae/dae.config.js';
import { DenoisingAE } from './dae/dae.model.js';
import { hvaeSchema, type HvaeConfig } from './hvae/hvae.config.js';
import { HierarchicalVAE } from './hvae/hvae.model.js';
import { iwaeSchema, type IwaeConfig } from './iwae/iwae.config.js';
import { IWAE } from './iwae/iwae.model.js';
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
  ['iwae', entry<IwaeConfig>(iwaeSchema, (c, g) => new IWAE(c, g))],
  ['hvae', entry<HvaeConfig>(hvaeSchema, (c, g) => new HierarchicalVAE(c, g))],
  ['m2', entry<M2Config>(m2Schema, (c, g) => new M2(c, g))],
]);

export const MODEL_NAMES: readonly string[] = Object.freeze([...REGISTRY.keys()]);

/** Each registered model's config type, by name: `defaultConfig('vae', …)` is a `VaeConfig`. */
export interface ModelConfigs {
  ae: AeConfig;
  'stacked-ae': StackedAeConfig;
  dae: DaeConfig;
  cae: CaeConfig;
  'sparse-ae': SparseAeConfig;
  vae: VaeConfig;
  'beta-vae': BetaVaeConfig;
  cvae: CvaeConfig;
  aae: AaeConfig;
  iwae: IwaeConfig;
  hvae: HvaeConfig;
}

/** Each registered model's class, by name: `buildModel(defaultConfig('vae', …), gen)` is a `VAE`. */
export interface ModelClasses {
  ae: AE;
  'stacked-ae': StackedAE;
  dae: DenoisingAE;
  cae: ContractiveAE;
  'sparse-ae': SparseAE;
  vae: VAE;
  'beta-vae': VAE;
  cvae: ConditionalVAE;
  aae: AdversarialAE;
  iwae: IWAE;
  hvae: HierarchicalVAE;
}

export type ModelName = keyof ModelConfigs;

/** The config of model N as `defaultConfig` returns it: its own fields, its name as a literal. */
export type ConfigOf<N extends ModelName> = ModelConfigs[N] & { model: N };

/** The options a user sets on a model: its config less the name and what comes from the data. */
export type ModelOptions<C> = Partial<Omit<C, 'model' | 'inputShape' | 'latentDim' | 'numClasses'>>;

export interface ModelBuildOptions<C = Record<string, unknown>> {
  /** Per-sample input shape, e.g. [784] or [1, 28, 28]. */
  inputShape: number[];
  /** Size of the code (default: the model's own). */
  latentDim?: number | undefined;
  /** Classes of the labels, for label-conditioned models (ignored by the others). */
  numClasses?: number | undefined;
  /** Model options by key (see describeModelOptions), checked against the model's schema. */
  overrides?: ModelOptions<C> | undefined;
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

/**
 * The complete config of model `name`: its defaults, the data's shape and classes, then `overrides` (typed from
 * the model's config for a known name, and validated at run time for any).
 */
export function defaultConfig<N extends ModelName>(name: N, options: ModelBuildOptions<ModelConfigs[N]>): ConfigOf<N>;
export function defaultConfig<S extends string>(name: S extends ModelName ? never : S, options: ModelBuildOptions): ModelConfigBase;
export function defaultConfig(name: string, options: ModelBuildOptions): ModelConfigBase {
  const { schema } = lookup(name);
  const base: Record<string, unknown> = { inputShape: options.inputShape, latentDim: options.latentDim };
  if ('numClasses' in schema.fields) base['numClasses'] = options.numClasses;
  return resolveConfig(schema, base, (options.overrides ?? {}) as Record<string, unknown>);
}

/** A config read from a model file: a known model name and exactly that model's fields, each well-typed. */
export function validateModelConfig(json: unknown): ModelConfigBase {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ModelConfigError('model config must be a JSON object');
  const record = json as Record<string, unknown>;
  if (!('model' in record)) throw new ModelConfigError(`model config has no 'model' field (known models: ${MODEL_NAMES.join(', ')})`);
  return checkStoredConfig(lookup(record['model']).schema, record);
}

/** A fresh model for a validated config, initialised from `gen`; the model's own class for a known name. */
export function buildModel<N extends ModelName>(config: ConfigOf<N>, gen: Generator): ModelClasses[N];
export function buildModel<C extends ModelConfigBase>(config: C extends { model: ModelName } ? never : C, gen: Generator): Autoencoder;
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
  /** Another name for the option on the command line. */
  alias?: string;
}

/** The user-settable options of model `name` (not those taken from the data), for `--help` and `--set key=value`. */
export function describeModelOptions(name: string): ModelOptionInfo[] {
  const { schema } = lookup(name);
  return Object.entries(schema.fields).filter(([, f]) => !f.fromData).map(([key, f]) => {
    const info: ModelOptionInfo = { key, type: f.type, default: Array.isArray(f.default) ? [...f.default] : f.default, help: f.help };
    if (f.choices !== undefined) info.choices = f.choices;
    if (f.alias !== undefined) info.alias = f.alias;
    return info;
  });
}

/** A `--set key=value` string converted to option `key`'s type and checked (e.g. '512,256' → [512, 256]). */
export function parseModelOption(name: string, key: string, text: string): unknown {
  return parseOptionText(lookup(name).schema, key, text);
}
