/**
 * Whether a checkpoint can be continued exactly by this run: the checks that need the model, its optimizers
 * and the data, all made before anything is loaded (a refused resume changes nothing). A resumed run must
 * reach the weights an uninterrupted run with the same settings reaches, so everything that decides those
 * weights has to agree: the model config, the training options (only `epochs` may grow, and not under a
 * cosine schedule, whose rates depend on it), the steps per epoch, the data, every tensor's name and shape,
 * and each optimizer's hyper-parameters, buffers and step counts.
 */
import type { Autoencoder } from '../models/autoencoder.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Checkpoint, TrainerState, TrainOptions } from './checkpoint.js';

/** A checkpoint this run cannot continue exactly; the message says what disagrees. Nothing was loaded. */
export class ResumeMismatchError extends Error {
  constructor(problem: string) {
    super(`cannot resume: ${problem}`);
    this.name = 'ResumeMismatchError';
  }
}

function refuse(problem: string): never {
  throw new ResumeMismatchError(problem);
}

/** The first path at which two JSON values differ ('' when equal), e.g. "hidden[1]". */
export function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (Object.is(a, b)) return null;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path} (length ${a.length} vs ${b.length})`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of [...keys].sort()) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path === '' ? k : `${path}.${k}`);
      if (d !== null) return d;
    }
    return null;
  }
  return path === '' ? '(the whole value)' : path;
}

const show = (v: unknown) => JSON.stringify(v) ?? 'nothing';

function valueAt(o: unknown, path: string): unknown {
  let v = o;
  for (const part of path.split(/\.|\[|\]/).filter((p) => p !== '')) v = (v as Record<string, unknown> | undefined)?.[part];
  return v;
}

export interface ResumeContext {
  model: Autoencoder;
  optimizers: Map<string, Optimizer>;
  options: TrainOptions;
  stepsPerEpoch: number;
  dataFingerprint: string;
  /** The learning rate the trainer set for the checkpoint's last epoch (what its groups must hold). */
  lastLr: number;
}

/** The options that must be equal for an exact resume; `epochs` is checked on its own. */
const FIXED_OPTIONS = ['batchSize', 'lr', 'seed', 'clipNorm', 'dropLast', 'lrSchedule'] as const;

function checkState(ck: Checkpoint, here: ResumeContext): void {
  const { state } = ck;
  const saved = state.options;
  for (const k of FIXED_OPTIONS) if (saved[k] !== here.options[k]) refuse(`${k} is ${String(saved[k])} in the checkpoint, ${String(here.options[k])} here`);
  if (here.options.epochs < state.epoch) refuse(`the checkpoint has already completed ${state.epoch} epochs; asking for ${here.options.epochs} would undo training (use --epochs ${state.epoch} or more)`);
  if (here.options.lrSchedule === 'cosine' && here.options.epochs !== saved.epochs && state.epoch > 0) {
    refuse(`the cosine schedule's rates depend on the number of epochs; the run was started with ${saved.epochs}, so it cannot continue to ${here.options.epochs}`);
  }
  if (state.dataFingerprint !== here.dataFingerprint) refuse(`the data changed since the checkpoint was written (fingerprint ${state.dataFingerprint} then, ${here.dataFingerprint} now)`);
  if (state.step !== state.epoch * here.stepsPerEpoch) {
    refuse(`the checkpoint is at step ${state.step} after ${state.epoch} epochs, but this data and batch size give ${here.stepsPerEpoch} steps per epoch (${state.epoch * here.stepsPerEpoch})`);
  }
}

function checkModel(ck: Checkpoint, model: Autoencoder): void {
  const diff = firstDifference(ck.modelConfig, model.config);
  if (diff !== null) {
    refuse(ck.modelConfig.model !== model.config.model
      ? `the checkpoint holds a '${ck.modelConfig.model}' model, this run builds '${model.config.model}'`
      : `the model configs differ at '${diff}': ${show(valueAt(ck.modelConfig, diff))} in the checkpoint, ${show(valueAt(model.config, diff))} here`);
  }
  const own = model.stateDict();
  const missing = [...own.keys()].filter((k) => !ck.modelState.has(k));
  const extra = [...ck.modelState.keys()].filter((k) => !own.has(k));
  if (missing.length > 0) refuse(`the checkpoint lacks model tensor(s) ${missing.slice(0, 5).map((k) => `'${k}'`).join(', ')}`);
  if (extra.length > 0) refuse(`the checkpoint has model tensor(s) the model does not: ${extra.slice(0, 5).map((k) => `'${k}'`).join(', ')}`);
  for (const [k, t] of own) {
    const saved: Tensor = ck.modelState.get(k)!;
    if (saved.shape.join(',') !== t.shape.join(',')) refuse(`model tensor '${k}' has shape [${saved.shape.join(', ')}] in the checkpoint, [${t.shape.join(', ')}] here`);
    for (let i = 0; i < saved.data.length; i++) if (!Number.isFinite(saved.data[i]!)) refuse(`model tensor '${k}' holds ${saved.data[i]} at index ${i}`);
  }
}

function checkOptimizers(ck: Checkpoint, here: ResumeContext): void {
  const saved = [...ck.optimizers.keys()].sort().join(', ');
  const wanted = [...here.optimizers.keys()].sort().join(', ');
  if (saved !== wanted) refuse(`the checkpoint has optimizers [${saved}], the model wants [${wanted}]`);
  const customStep = here.model.trainStep !== undefined;
  for (const [name, opt] of here.optimizers) {
    const sd = ck.optimizers.get(name)!;
    try {
      opt.checkStateDict(sd);
    } catch (err) {
      refuse(`optimizer '${name}': ${(err as Error).message}`);
    }
    // The trainer makes its optimizers with fixed hyper-parameters and sets the learning rate of every epoch.
    sd.groups.forEach((g, gi) => {
      const fresh = opt.paramGroups[gi]! as unknown as Record<string, unknown>;
      for (const k of new Set([...Object.keys(g.hyper), ...Object.keys(fresh).filter((f) => f !== 'params')])) {
        const want = k === 'lr' ? here.lastLr : fresh[k];
        if (g.hyper[k] !== want) refuse(`optimizer '${name}' group ${gi}: ${k} is ${String(g.hyper[k])} in the checkpoint, ${String(want)} for this run`);
      }
    });
    // Without a custom step every update moves every parameter that has a gradient, once per global step.
    sd.steps.forEach((s, i) => {
      if (s === null) return;
      if (customStep ? s > ck.state.step : s !== ck.state.step) {
        refuse(`optimizer '${name}' has updated parameter ${i} ${s} times, but the run is at step ${ck.state.step}`);
      }
    });
  }
}

/**
 * Whether a run folder's config.json (its model config and training options) and the config and trainer state
 * of its checkpoint belong to one run; a problem in words, or null. The number of epochs may differ (a resume
 * that extends a run rewrites config.json first); config.json's is the target, and `checkResume` refuses a
 * change of it where it matters (a cosine schedule).
 */
export function runConfigMismatch(run: { model: unknown; training: TrainOptions }, config: unknown, state: TrainerState): string | null {
  const diff = firstDifference(run.model, config);
  if (diff !== null) {
    const named = (c: unknown) => (c as { model?: unknown }).model;
    return named(config) !== named(run.model)
      ? `config.json describes a '${String(named(run.model))}' model but the checkpoint holds a '${String(named(config))}' model`
      : `config.json and the checkpoint describe different ${String(named(config))} models (they differ at '${diff}')`;
  }
  for (const k of FIXED_OPTIONS) if (run.training[k] !== state.options[k]) return `config.json says ${k} ${String(run.training[k])}, the checkpoint ${String(state.options[k])}`;
  return null;
}

/** Throws ResumeMismatchError unless `ck` can be continued exactly by this run (see the file comment). */
export function checkResume(ck: Checkpoint, here: ResumeContext): void {
  checkState(ck, here);
  checkModel(ck, here.model);
  checkOptimizers(ck, here);
}
