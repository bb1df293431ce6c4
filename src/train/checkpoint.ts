/**
 * Training checkpoints: one safetensors file holding the model's state dict (`model/<name>`), every
 * optimizer's moment buffers (`optim/<group>/<index>.<buffer>`) and, in `__metadata__`, the model config
 * (`aekit.config`, so it is an aekit model file too) and the trainer state as JSON (`aekit.checkpoint`:
 * epoch, step, seed, options, history, optimizer step counts and hyper-parameters).
 *
 * Everything that must agree lives in one file written atomically, so a checkpoint is always either the
 * previous one or the new one, never a mix of two epochs. `checkpoint.json` beside it is a readable copy of
 * the trainer state for people; resuming reads only the safetensors file.
 */
import { writeFileAtomic, type AsyncFileContents } from '../io/atomic-write.js';
import { ModelFileError } from '../io/model-file-error.js';
import { encodeModelFile, type JsonObject } from '../io/model-file.js';
import { loadModelFile } from '../io/model-file.node.js';
import type { SafetensorsTensor } from '../io/safetensors.js';
import { parseJsonStrict } from '../io/strict-json.js';
import type { ModelConfigBase } from '../models/autoencoder.js';
import type { OptimizerStateDict } from '../optim/optimizer.js';
import { Tensor } from '../tensor/tensor.js';
import type { EpochMetrics } from './metrics.js';

export const CHECKPOINT_FILE = 'checkpoint.safetensors';
export const CHECKPOINT_JSON = 'checkpoint.json';
export const CHECKPOINT_FORMAT = 'aekit-checkpoint/1';
const STATE_KEY = 'aekit.checkpoint';

/** The training settings that decide the run's numbers (a resumed run must use the same). */
export interface TrainOptions {
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  /** Rescale gradients to this joint L2 norm (0: no clipping). */
  clipNorm: number;
  /** Drop the last short batch of each epoch. */
  dropLast: boolean;
  /** Learning rate per epoch: 'constant', or 'cosine' annealing from lr to 0 over the run's epochs. */
  lrSchedule: LrSchedule;
}

export type LrSchedule = 'constant' | 'cosine';
export const LR_SCHEDULES: readonly LrSchedule[] = ['constant', 'cosine'];

export interface TrainerState {
  /** Epochs completed. */
  epoch: number;
  /** Global steps completed. */
  step: number;
  /** Training wall-clock seconds so far. */
  seconds: number;
  options: TrainOptions;
  history: EpochMetrics[];
  /** The epoch with the lowest test (else train) total so far. */
  best: { epoch: number; total: number } | null;
}

export interface Checkpoint {
  modelConfig: ModelConfigBase;
  modelState: Map<string, Tensor>;
  optimizers: Map<string, OptimizerStateDict>;
  state: TrainerState;
}

interface StoredState extends TrainerState {
  format: string;
  optimizers: Record<string, { groups: OptimizerStateDict['groups']; steps: OptimizerStateDict['steps'] }>;
}

/** The checkpoint as chunks for `writeFileAtomic`. */
export function encodeCheckpoint(ck: Checkpoint): Uint8Array[] {
  const tensors = new Map<string, { shape: readonly number[]; data: Float32Array }>();
  for (const [name, t] of ck.modelState) tensors.set(`model/${name}`, { shape: t.shape, data: t.data });
  const optimizers: StoredState['optimizers'] = {};
  for (const [group, sd] of ck.optimizers) {
    if (group.includes('/')) throw new RangeError(`checkpoint: optimizer group name '${group}' must not contain '/'`);
    optimizers[group] = { groups: sd.groups, steps: sd.steps };
    for (const [key, t] of sd.tensors) tensors.set(`optim/${group}/${key}`, { shape: t.shape, data: t.data });
  }
  const stored: StoredState = { format: CHECKPOINT_FORMAT, ...ck.state, optimizers };
  return encodeModelFile(ck.modelConfig as unknown as JsonObject, tensors, { [STATE_KEY]: JSON.stringify(stored) });
}

/** Writes a checkpoint atomically; `contents` replaces the encoded bytes (tests use it to simulate a failing write). */
export async function writeCheckpoint(path: string, ck: Checkpoint, contents: AsyncFileContents = encodeCheckpoint(ck)): Promise<void> {
  await writeFileAtomic(path, contents);
}

function fail(path: string, problem: string): never {
  throw new ModelFileError(path, `not a usable checkpoint: ${problem}`);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function checkState(path: string, s: Record<string, unknown>): void {
  if (s['format'] !== CHECKPOINT_FORMAT) fail(path, `format is ${JSON.stringify(s['format'])}, expected "${CHECKPOINT_FORMAT}"`);
  for (const k of ['epoch', 'step'] as const) if (!isCount(s[k])) fail(path, `"${k}" must be a non-negative integer`);
  if (typeof s['seconds'] !== 'number' || !(s['seconds'] >= 0)) fail(path, '"seconds" must be a number ≥ 0');
  const o = s['options'] as Record<string, unknown> | undefined;
  if (typeof o !== 'object' || o === null) fail(path, '"options" is missing');
  for (const k of ['epochs', 'batchSize', 'seed'] as const) if (!isCount(o[k])) fail(path, `"options.${k}" must be a non-negative integer`);
  for (const k of ['lr', 'clipNorm'] as const) if (typeof o[k] !== 'number' || !Number.isFinite(o[k])) fail(path, `"options.${k}" must be a finite number`);
  if (typeof o['dropLast'] !== 'boolean') fail(path, '"options.dropLast" must be true or false');
  if (!LR_SCHEDULES.includes(o['lrSchedule'] as LrSchedule)) fail(path, `"options.lrSchedule" must be one of ${LR_SCHEDULES.join(', ')}`);
  if (!Array.isArray(s['history'])) fail(path, '"history" must be a list');
  if (typeof s['optimizers'] !== 'object' || s['optimizers'] === null) fail(path, '"optimizers" is missing');
}

function toTensor(t: SafetensorsTensor, path: string, name: string): Tensor {
  if (!(t.data instanceof Float32Array)) fail(path, `tensor '${name}' is ${t.dtype}, expected F32`);
  return new Tensor(t.data, t.shape);
}

/** Reads and checks a checkpoint; `validateConfig` checks the model config (e.g. the registry's validator). */
export function readCheckpoint(path: string, validateConfig: (config: JsonObject) => ModelConfigBase): Checkpoint {
  const file = loadModelFile(path, validateConfig);
  const text = file.metadata[STATE_KEY];
  if (text === undefined) fail(path, `no "${STATE_KEY}" entry in __metadata__ (a model file, not a checkpoint?)`);
  let parsed: unknown;
  try {
    parsed = parseJsonStrict(text);
  } catch (err) {
    fail(path, `"${STATE_KEY}" is not valid JSON (${(err as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) fail(path, `"${STATE_KEY}" must be a JSON object`);
  const stored = parsed as Record<string, unknown>;
  checkState(path, stored);
  const { format: _format, optimizers: storedOptimizers, ...state } = stored as unknown as StoredState;
  const modelState = new Map<string, Tensor>();
  const optimizers = new Map<string, OptimizerStateDict>();
  for (const [group, sd] of Object.entries(storedOptimizers)) {
    if (!Array.isArray(sd?.groups) || !Array.isArray(sd?.steps)) fail(path, `optimizer '${group}' lacks groups or steps`);
    optimizers.set(group, { groups: sd.groups, steps: sd.steps, tensors: new Map() });
  }
  for (const [name, t] of file.tensors) {
    if (name.startsWith('model/')) {
      modelState.set(name.slice(6), toTensor(t, path, name));
      continue;
    }
    const m = /^optim\/([^/]+)\/(.+)$/.exec(name);
    const sd = m ? optimizers.get(m[1]!) : undefined;
    if (!m || !sd) fail(path, `unexpected tensor '${name}'`);
    sd.tensors.set(m[2]!, toTensor(t, path, name));
  }
  return { modelConfig: file.config, modelState, optimizers, state };
}
