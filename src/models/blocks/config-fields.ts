/**
 * Typed model options: each model's config is a table of fields (type, default, help, check), so its
 * defaults, its validation, `--help` and `--set key=value` all come from one place (the `<name>.config.ts`).
 * The config type is derived from the table, so the two cannot drift apart.
 */
import type { ActivationName } from '../../nn/activations.js';
import type { ModelConfigBase } from '../autoencoder.js';

/** A model config that is malformed: an unknown key, a missing field, a wrong type or a value out of range. */
export class ModelConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelConfigError';
  }
}

export type OptionType = 'number' | 'string' | 'boolean' | 'number[]';

export interface Field<T> {
  readonly type: OptionType;
  readonly default: T;
  readonly help: string;
  /** Set from the data (input shape, class count) rather than by the user. */
  readonly fromData?: boolean;
  /** The allowed strings of a choice field. */
  readonly choices?: readonly string[];
  /** Another name the option answers to on the command line (`--noise` sets the DAE's corruptionAmount). */
  readonly alias?: string;
  /**
   * Added after model files were written: a stored config without it reads as the default, which must be the
   * behaviour those files were trained with (every other field must be present).
   */
  readonly absentInOlderFiles?: boolean;
  /** Checks a value and returns it typed (arrays copied); `where` names the model and key in the error. */
  parse(value: unknown, where: string): T;
}

export type Fields = Record<string, Field<unknown>>;
export type FieldValues<F extends Fields> = { -readonly [K in keyof F]: F[K] extends Field<infer T> ? T : never };

/** A value for an error message: short (long strings and lists are cut) and flat (nested lists are not walked). */
function show(value: unknown, depth = 0): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) {
    if (depth > 0) return 'a list';
    const head = value.slice(0, 8).map((v) => show(v, depth + 1));
    return `[${head.join(', ')}${value.length > 8 ? `, … (${value.length} items)` : ''}]`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return typeof value;
}

export interface NumberRules {
  integer?: boolean;
  min?: number;
  max?: number;
  /** The value must be strictly greater than this. */
  above?: number;
}

function rulesText(r: NumberRules): string {
  const parts = [r.integer ? 'an integer' : 'a finite number'];
  if (r.min !== undefined) parts.push(`≥ ${r.min}`);
  if (r.above !== undefined) parts.push(`> ${r.above}`);
  if (r.max !== undefined) parts.push(`≤ ${r.max}`);
  return parts.join(' ');
}

function numberOk(v: unknown, r: NumberRules): v is number {
  return typeof v === 'number' && Number.isFinite(v) && (!r.integer || Number.isInteger(v)) &&
    (r.min === undefined || v >= r.min) && (r.max === undefined || v <= r.max) && (r.above === undefined || v > r.above);
}

export function numberField(def: number, help: string, rules: NumberRules = {}): Field<number> {
  return {
    type: 'number', default: def, help,
    parse(v, where) {
      if (!numberOk(v, rules)) throw new ModelConfigError(`${where} must be ${rulesText(rules)}, got ${show(v)}`);
      return v;
    },
  };
}

export function choiceField<const T extends string>(choices: readonly T[], def: T, help: string): Field<T> {
  return {
    type: 'string', default: def, help, choices,
    parse(v, where) {
      if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
        throw new ModelConfigError(`${where} must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${show(v)}`);
      }
      return v as T;
    },
  };
}

export function booleanField(def: boolean, help: string): Field<boolean> {
  return {
    type: 'boolean', default: def, help,
    parse(v, where) {
      if (typeof v !== 'boolean') throw new ModelConfigError(`${where} must be true or false, got ${show(v)}`);
      return v;
    },
  };
}

/** Lists longer than this are refused unless a field says otherwise (no model needs 64 layers of one kind). */
export const MAX_LIST_LENGTH = 64;

export interface ListRules extends NumberRules {
  minLength?: number;
  /** Default MAX_LIST_LENGTH. */
  maxLength?: number;
  /** The product of the entries must not exceed this (e.g. the values in one input sample). */
  maxProduct?: number;
  fromData?: boolean;
}

export function numberListField(def: number[], help: string, rules: ListRules = {}): Field<number[]> {
  const minLength = rules.minLength ?? 0;
  const maxLength = rules.maxLength ?? MAX_LIST_LENGTH;
  return {
    type: 'number[]', default: def, help, fromData: rules.fromData ?? false,
    parse(v, where) {
      if (!Array.isArray(v) || v.length < minLength || v.length > maxLength || !v.every((x) => numberOk(x, rules))) {
        const len = minLength > 0 ? `${minLength} to ${maxLength} ` : `at most ${maxLength} `;
        throw new ModelConfigError(`${where} must be a list of ${len}numbers, each ${rulesText(rules)}, got ${show(v)}`);
      }
      if (rules.maxProduct !== undefined) {
        const product = (v as number[]).reduce((p, x) => p * x, 1);
        if (product > rules.maxProduct) throw new ModelConfigError(`${where}: ${show(v)} holds ${product} values, more than the ${rules.maxProduct} allowed`);
      }
      return [...(v as number[])];
    },
  };
}

/** What a registry entry knows about a model's config: its fields and the checks that span several fields. */
export interface ModelSchema<C extends ModelConfigBase = ModelConfigBase> {
  readonly name: string;
  readonly summary: string;
  readonly fields: Fields;
  /** Cross-field rules (e.g. a conv encoder needs a [C, H, W] input); throws ModelConfigError. */
  check(config: C): void;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function fieldOf(schema: ModelSchema, key: string): Field<unknown> {
  if (FORBIDDEN_KEYS.has(key) || !Object.prototype.hasOwnProperty.call(schema.fields, key)) {
    const known = Object.keys(schema.fields).join(', ');
    throw new ModelConfigError(`${schema.name}: unknown option '${key}' (options: ${known})`);
  }
  return schema.fields[key]!;
}

/**
 * The complete config: the schema's defaults, then `base` (values from the data and the command line), then
 * `overrides`; every value is checked, then the cross-field rules.
 */
export function resolveConfig<C extends ModelConfigBase>(schema: ModelSchema<C>, base: Record<string, unknown>,
  overrides: Record<string, unknown> = {}): C {
  const out: Record<string, unknown> = { model: schema.name };
  for (const [key, field] of Object.entries(schema.fields)) out[key] = Array.isArray(field.default) ? [...field.default] : field.default;
  for (const source of [base, overrides]) {
    for (const [key, value] of Object.entries(source)) {
      if (key === 'model') throw new ModelConfigError(`${schema.name}: 'model' cannot be overridden; choose the model by name`);
      if (value === undefined) continue;
      out[key] = fieldOf(schema as ModelSchema, key).parse(value, `${schema.name}: option '${key}'`);
    }
  }
  const config = out as unknown as C;
  schema.check(config);
  return config;
}

/** Checks a config read from a file: every field present with the right type, nothing else. */
export function checkStoredConfig<C extends ModelConfigBase>(schema: ModelSchema<C>, json: Record<string, unknown>): C {
  const out: Record<string, unknown> = { model: schema.name };
  for (const key of Object.keys(json)) if (key !== 'model') fieldOf(schema as ModelSchema, key);
  for (const [key, field] of Object.entries(schema.fields)) {
    if (!Object.prototype.hasOwnProperty.call(json, key)) {
      if (!field.absentInOlderFiles) throw new ModelConfigError(`${schema.name}: config is missing '${key}'`);
      out[key] = field.default;
      continue;
    }
    out[key] = field.parse(json[key], `${schema.name}: field '${key}'`);
  }
  const config = out as unknown as C;
  schema.check(config);
  return config;
}

/**
 * A command-line string as the value of option `key` ('0.5', 'true', '512,256' or '[512, 256]', 'conv'),
 * checked like any other value.
 */
export function parseOptionText(schema: ModelSchema, key: string, text: string): unknown {
  const field = fieldOf(schema, key);
  const where = `${schema.name}: option '${key}'`;
  const t = text.trim();
  let value: unknown = t;
  if (field.type === 'number') value = t === '' ? NaN : Number(t);
  else if (field.type === 'boolean') value = t === 'true' ? true : t === 'false' ? false : t;
  else if (field.type === 'number[]') {
    const inner = t.startsWith('[') && t.endsWith(']') ? t.slice(1, -1).trim() : t;
    value = inner === '' ? [] : inner.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
  }
  return field.parse(value, where);
}

// ---- Fields shared by the model family ----

/**
 * Size bounds of the shared fields: values per input sample (2^24, e.g. 4096 × 4096 gray or 3 × 2048 × 2048),
 * units of one layer and of the code, classes. They refuse absurd configs with a message naming the field;
 * the memory of a whole model is bounded separately when it is built (src/models/model-budget.ts).
 */
export const SIZE_LIMITS = { inputValues: 2 ** 24, inputRank: 4, units: 2 ** 20, latentDim: 2 ** 16, numClasses: 2 ** 16, channels: 2 ** 14 } as const;

export const inputShapeField = numberListField([784], 'per-sample input shape, e.g. [784] or [1, 28, 28] (from the data)',
  { integer: true, min: 1, minLength: 1, maxLength: SIZE_LIMITS.inputRank, maxProduct: SIZE_LIMITS.inputValues, fromData: true });

export const numClassesField: Field<number> = {
  ...numberField(0, 'number of classes of the labels (from the data)', { integer: true, min: 0, max: SIZE_LIMITS.numClasses }),
  fromData: true,
};

export function latentDimField(def: number): Field<number> {
  return numberField(def, 'size of the code z', { integer: true, min: 1, max: SIZE_LIMITS.latentDim });
}

export const ACTIVATIONS = ['relu', 'sigmoid', 'tanh', 'leakyRelu', 'elu', 'softplus', 'identity'] as const satisfies readonly ActivationName[];

/** Encoder/decoder architecture: an MLP on flattened inputs, or a strided conv stack for [C, H, W] images. */
export function networkFields(hidden: number[]) {
  return {
    arch: choiceField(['mlp', 'conv'] as const, 'mlp', "'mlp' (dense layers on the flattened input) or 'conv' (conv stack for [C, H, W] inputs, mirrored by transposed convs)"),
    hidden: numberListField(hidden, 'dense hidden layer sizes of the encoder (the decoder mirrors them); after the conv stack for arch=conv', { integer: true, min: 1, max: SIZE_LIMITS.units }),
    activation: choiceField(ACTIVATIONS, 'relu', 'activation between hidden layers'),
    convChannels: numberListField([32, 64], 'channels of the conv stack (kernel 4, stride 2, padding 1: each layer halves H and W); arch=conv only',
      { integer: true, min: 1, minLength: 1, max: SIZE_LIMITS.channels }),
  };
}

/** The decoder's output distribution p(x | z), whose negative log-likelihood is the reconstruction loss. */
export const likelihoodFields = {
  decoder: choiceField(['bernoulli', 'gaussian'] as const, 'bernoulli',
    "'bernoulli' (outputs logits; NLL = BCE summed over values; data in [0, 1]) or 'gaussian' (NLL = ½·SSE/σ² + const)"),
  decoderVariance: choiceField(['fixed', 'learned'] as const, 'fixed', "gaussian decoder: 'fixed' σ (decoderSigma) or a 'learned' per-value log-variance"),
  decoderSigma: numberField(1, 'gaussian decoder with fixed variance: σ (σ = 1 makes the NLL ½·SSE + const)', { above: 0 }),
};

export const codeActivationField = (def: (typeof ACTIVATIONS)[number]) =>
  choiceField(ACTIVATIONS, def, "activation applied to the code z ('identity': a linear code)");

/** Cross-field rules of networkFields: a conv stack needs a [C, H, W] input big enough to halve once per layer. */
export function checkNetwork(config: { model: string; inputShape: number[]; arch: 'mlp' | 'conv'; convChannels: number[] }): void {
  if (config.arch !== 'conv') return;
  const shape = config.inputShape;
  if (shape.length !== 3) {
    throw new ModelConfigError(`${config.model}: arch 'conv' needs an input shape [C, H, W], got [${shape.join(', ')}]; use arch 'mlp' for flat data`);
  }
  const need = 2 ** config.convChannels.length;
  if (shape[1]! < need || shape[2]! < need) {
    throw new ModelConfigError(`${config.model}: arch 'conv' with ${config.convChannels.length} conv layers halves H and W ${config.convChannels.length} times; input ${shape[1]}×${shape[2]} is smaller than ${need}×${need}`);
  }
}
