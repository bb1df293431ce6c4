/**
 * Training checkpoints: one safetensors file holding the model's state dict (`model/<name>`), every
 * optimizer's moment buffers (`optim/<group>/<index>.<buffer>`) and, in `__metadata__`, the model config
 * (`aekit.config`, so it is an aekit model file too), the trainer state as JSON (`aekit.checkpoint`:
 * epoch, step, options, history, best, the data's fingerprint, optimizer step counts and hyper-parameters)
 * and a CRC-32 of all of it (`aekit.crc32`, required here).
 *
 * Everything that must agree lives in one file written atomically, so a checkpoint is always either the
 * previous one or the new one, never a mix of two epochs. `checkpoint.json` beside it is a readable copy of
 * the trainer state for people; resuming reads only the safetensors file.
 *
 * Reading checks meaning, not only structure (`validateTrainerState`, pure): counters agree with the
 * history, the history with itself (one row per epoch, the same steps per epoch, `best` recomputed), options
 * in range, no unknown fields. What needs the model and the data (tensor names and shapes, optimizer state,
 * steps per epoch, the data fingerprint) is checked by `checkResume` before anything is loaded.
 */
import { writeFileAtomic, type AsyncFileContents } from '../io/atomic-write.js';
import { ModelFileError } from '../io/model-file-error.js';
import { encodeModelFile, type JsonObject } from '../io/model-file.js';
import { loadModelFile } from '../io/model-file.node.js';
import type { SafetensorsEntry, SafetensorsTensor } from '../io/safetensors.js';
import { JsonFormatError, parseJsonStrict } from '../io/strict-json.js';
import type { ModelConfigBase } from '../models/autoencoder.js';
import type { OptimizerStateDict } from '../optim/optimizer.js';
import { Tensor } from '../tensor/tensor.js';
import type { EpochMetrics, LossParts } from './metrics.js';

export const CHECKPOINT_FILE = 'checkpoint.safetensors';
export const CHECKPOINT_JSON = 'checkpoint.json';
export const CHECKPOINT_FORMAT = 'aekit-checkpoint/2';
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
  /** `trainingDataFingerprint` of the data the run trains on. */
  dataFingerprint: string;
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
    if (group === '' || group.includes('/')) throw new RangeError(`checkpoint: optimizer group name '${group}' must be non-empty and must not contain '/'`);
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

/** A checkpoint whose contents make no sense (the message says which part); thrown by the pure validators. */
export class CheckpointStateError extends Error {
  constructor(problem: string) {
    super(problem);
    this.name = 'CheckpointStateError';
  }
}

function fail(problem: string): never {
  throw new CheckpointStateError(problem);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function exactKeys(o: Record<string, unknown>, keys: readonly string[], where: string): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) fail(`${where} has an unknown field "${k}"`);
  for (const k of keys) if (!Object.prototype.hasOwnProperty.call(o, k)) fail(`${where} lacks "${k}"`);
}

const OPTION_KEYS = ['epochs', 'batchSize', 'lr', 'seed', 'clipNorm', 'dropLast', 'lrSchedule'] as const;

/** Checks training options (from a checkpoint or a run's config.json); `where` prefixes the field names. */
export function validateTrainOptions(o: unknown, where = 'options'): TrainOptions {
  if (!isRecord(o)) fail(`"${where}" must be an object`);
  exactKeys(o, OPTION_KEYS, `"${where}"`);
  for (const k of ['epochs', 'batchSize'] as const) if (!isCount(o[k]) || o[k] < 1) fail(`"${where}.${k}" must be a positive integer, got ${JSON.stringify(o[k])}`);
  if (!isCount(o['seed'])) fail(`"${where}.seed" must be a non-negative integer, got ${JSON.stringify(o['seed'])}`);
  if (typeof o['lr'] !== 'number' || !Number.isFinite(o['lr']) || o['lr'] <= 0) fail(`"${where}.lr" must be a finite number > 0, got ${JSON.stringify(o['lr'])}`);
  if (typeof o['clipNorm'] !== 'number' || !Number.isFinite(o['clipNorm']) || o['clipNorm'] < 0) fail(`"${where}.clipNorm" must be a finite number ≥ 0, got ${JSON.stringify(o['clipNorm'])}`);
  if (typeof o['dropLast'] !== 'boolean') fail(`"${where}.dropLast" must be true or false`);
  if (!LR_SCHEDULES.includes(o['lrSchedule'] as LrSchedule)) fail(`"${where}.lrSchedule" must be one of ${LR_SCHEDULES.join(', ')}`);
  return o as unknown as TrainOptions;
}

function checkParts(p: unknown, where: string): LossParts {
  if (!isRecord(p)) fail(`${where} must be an object of loss parts`);
  if (!Object.prototype.hasOwnProperty.call(p, 'total')) fail(`${where} lacks "total"`);
  for (const [k, v] of Object.entries(p)) if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${where}.${k} must be a finite number, got ${JSON.stringify(v)}`);
  return p as LossParts;
}

/** The best epoch of a history, as the trainer records it: the lowest test (else train) total, the first on ties. */
export function bestOfHistory(history: readonly EpochMetrics[]): TrainerState['best'] {
  let best: TrainerState['best'] = null;
  for (const m of history) {
    const total = (m.test ?? m.train)['total']!;
    if (best === null || total < best.total) best = { epoch: m.epoch, total };
  }
  return best;
}

/**
 * The trainer state of a checkpoint, checked for meaning (pure). Beyond types and ranges: one history row per
 * completed epoch, numbered 1…epoch; steps strictly increasing by the same amount every epoch and ending at
 * `step`; seconds never decreasing and ending at `seconds`; `best` equal to the one the history gives;
 * `epoch` ≤ `options.epochs`.
 */
export function validateTrainerState(s: unknown): TrainerState & Pick<StoredState, 'optimizers'> {
  if (!isRecord(s)) fail('the trainer state must be a JSON object');
  if (s['format'] !== CHECKPOINT_FORMAT) fail(`format is ${JSON.stringify(s['format'])}, expected "${CHECKPOINT_FORMAT}"`);
  exactKeys(s, ['format', 'epoch', 'step', 'seconds', 'options', 'history', 'best', 'dataFingerprint', 'optimizers'], 'the trainer state');
  for (const k of ['epoch', 'step'] as const) if (!isCount(s[k])) fail(`"${k}" must be a non-negative integer, got ${JSON.stringify(s[k])}`);
  if (typeof s['seconds'] !== 'number' || !Number.isFinite(s['seconds']) || s['seconds'] < 0) fail('"seconds" must be a finite number ≥ 0');
  const options = validateTrainOptions(s['options']);
  const epoch = s['epoch'] as number;
  const step = s['step'] as number;
  if (epoch > options.epochs) fail(`"epoch" is ${epoch}, more than the run's ${options.epochs} epochs`);
  if (typeof s['dataFingerprint'] !== 'string' || s['dataFingerprint'] === '' || s['dataFingerprint'].length > 200) fail('"dataFingerprint" must be a short non-empty string');

  const history = s['history'];
  if (!Array.isArray(history)) fail('"history" must be a list');
  if (history.length !== epoch) fail(`"history" has ${history.length} rows but "epoch" says ${epoch} epochs are done`);
  let previous: EpochMetrics | null = null;
  history.forEach((row: unknown, i) => {
    const where = `history[${i}]`;
    if (!isRecord(row)) fail(`${where} must be an object`);
    exactKeys(row, ['epoch', 'step', 'seconds', 'train', 'test'], where);
    if (row['epoch'] !== i + 1) fail(`${where}.epoch is ${JSON.stringify(row['epoch'])}, expected ${i + 1}`);
    if (!isCount(row['step']) || row['step'] < 1) fail(`${where}.step must be a positive integer`);
    if (typeof row['seconds'] !== 'number' || !Number.isFinite(row['seconds']) || row['seconds'] < 0) fail(`${where}.seconds must be a finite number ≥ 0`);
    checkParts(row['train'], `${where}.train`);
    if (row['test'] !== null) checkParts(row['test'], `${where}.test`);
    const m = row as unknown as EpochMetrics;
    const perEpoch = (history[0] as EpochMetrics).step;
    if (m.step !== perEpoch * (i + 1)) fail(`${where}.step is ${m.step}, but epoch 1 took ${perEpoch} steps, so epoch ${i + 1} ends at step ${perEpoch * (i + 1)}`);
    if (previous !== null && m.seconds < previous.seconds) fail(`${where}.seconds goes back in time`);
    previous = m;
  });
  const last = history.at(-1) as EpochMetrics | undefined;
  if ((last?.step ?? 0) !== step) fail(`"step" is ${step} but the history ends at step ${last?.step ?? 0}`);
  if ((last?.seconds ?? 0) !== s['seconds'] && last !== undefined) fail(`"seconds" is ${String(s['seconds'])} but the history ends at ${last.seconds}`);
  const best = bestOfHistory(history as EpochMetrics[]);
  const stored = s['best'];
  if (best === null ? stored !== null : !(isRecord(stored) && stored['epoch'] === best.epoch && stored['total'] === best.total && Object.keys(stored).length === 2)) {
    fail(`"best" is ${JSON.stringify(stored)}, but the history's best is ${JSON.stringify(best)}`);
  }

  const optimizers = s['optimizers'];
  if (!isRecord(optimizers) || Object.keys(optimizers).length === 0) fail('"optimizers" must name at least one optimizer');
  for (const [group, sd] of Object.entries(optimizers)) {
    if (group === '' || group.includes('/')) fail(`optimizer name ${JSON.stringify(group)} is not valid`);
    if (!isRecord(sd)) fail(`optimizer '${group}' must be an object`);
    exactKeys(sd, ['groups', 'steps'], `optimizer '${group}'`);
    if (!Array.isArray(sd['groups']) || !Array.isArray(sd['steps'])) fail(`optimizer '${group}' needs lists "groups" and "steps"`);
  }
  const { format: _format, ...state } = s as unknown as StoredState;
  return state;
}

/** Splits a checkpoint's tensors into the model's state and each optimizer's buffers (pure). */
export function assembleCheckpoint(config: ModelConfigBase, state: ReturnType<typeof validateTrainerState>, tensors: ReadonlyMap<string, SafetensorsTensor>): Checkpoint {
  const { optimizers: stored, ...trainer } = state;
  const modelState = new Map<string, Tensor>();
  const optimizers = new Map<string, OptimizerStateDict>();
  for (const [group, sd] of Object.entries(stored)) optimizers.set(group, { groups: sd.groups, steps: sd.steps, tensors: new Map() });
  for (const [name, t] of tensors) {
    if (!(t.data instanceof Float32Array)) fail(`tensor '${name}' is ${t.dtype}, expected F32`);
    if (name.startsWith('model/') && name.length > 6) {
      modelState.set(name.slice(6), new Tensor(t.data, t.shape));
      continue;
    }
    const m = /^optim\/([^/]+)\/(.+)$/.exec(name);
    const sd = m ? optimizers.get(m[1]!) : undefined;
    if (!m || !sd) fail(`unexpected tensor '${name}' (neither model/… nor a buffer of a saved optimizer)`);
    sd.tensors.set(m[2]!, new Tensor(t.data, t.shape));
  }
  return { modelConfig: config, modelState, optimizers, state: trainer };
}

/** The trainer state in a checked header's metadata, parsed and validated (pure). */
export function decodeTrainerState(metadata: Record<string, string>): ReturnType<typeof validateTrainerState> {
  const text = metadata[STATE_KEY];
  if (text === undefined) fail(`no "${STATE_KEY}" entry in __metadata__ (a model file, not a checkpoint?)`);
  let parsed: unknown;
  try {
    parsed = parseJsonStrict(text);
  } catch (err) {
    if (err instanceof JsonFormatError) fail(`"${STATE_KEY}" is ${err.message}`);
    throw err;
  }
  return validateTrainerState(parsed);
}

export interface ReadCheckpointOptions {
  /**
   * Called with the validated config and trainer state and the declared tensors, before any tensor data is
   * read: the place to build the model (under a budget) and compare its state dict with `model/…`.
   */
  beforeData?: (config: ModelConfigBase, state: TrainerState, entries: readonly SafetensorsEntry[]) => void;
}

/** Reads and checks a checkpoint; `validateConfig` checks the model config (e.g. the registry's validator). */
export function readCheckpoint(path: string, validateConfig: (config: JsonObject) => ModelConfigBase, options: ReadCheckpointOptions = {}): Checkpoint {
  const decoded: { state: ReturnType<typeof validateTrainerState> | null } = { state: null };
  const problem = (err: unknown): never => {
    if (err instanceof CheckpointStateError) throw new ModelFileError(path, `not a usable checkpoint: ${err.message}`);
    throw err;
  };
  const file = loadModelFile(path, validateConfig, {
    requireChecksum: true,
    checkTensors: (entries, config, metadata) => {
      try {
        decoded.state = decodeTrainerState(metadata);
      } catch (err) {
        problem(err);
      }
      options.beforeData?.(config, decoded.state!, entries);
    },
  });
  try {
    return assembleCheckpoint(file.config, decoded.state!, file.tensors);
  } catch (err) {
    return problem(err);
  }
}
