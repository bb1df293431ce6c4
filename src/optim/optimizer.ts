/**
 * The optimizer base: parameter groups with their own hyper-parameters, per-parameter state (a step count
 * and named moment buffers), `step()`, `zeroGrad()`, and a state dict that restores a run exactly.
 *
 * Updates run under `noGrad` and write `param.data` in place, so modules and graphs that hold a parameter
 * keep seeing the same tensor. Gradients are only read: a gradient may share storage with another tensor
 * (backward passes the same upstream gradient to both inputs of an add), so nothing here writes to one.
 */
import { noGrad } from '../autograd/grad-mode.js';
import { backend } from '../backend/registry.js';
import { formatShape, ShapeError } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * Every optimizer has a learning rate; its other hyper-parameters are flat numbers and flags too (declared by
 * each optimizer's own type), so a group serialises to JSON as it is.
 */
export type HyperParams = { lr: number };

/** A group as stored: its parameters, its hyper-parameters, and the lr that schedules scale (set by the first one). */
export type ParamGroup<H extends HyperParams> = H & { params: Tensor[]; initialLr?: number };

/** A group as given: any hyper-parameter left out takes the optimizer's default. */
export type ParamGroupInput<H extends HyperParams> = Partial<H> & { params: Iterable<Tensor> };

/** Parameters to optimise: a flat list (one group) or groups with their own hyper-parameters. */
export type ParamsInput<H extends HyperParams> = Iterable<Tensor> | readonly ParamGroupInput<H>[];

/** A state dict that does not fit the optimizer it is loaded into (or is malformed); nothing was changed. */
export class OptimizerStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OptimizerStateError';
  }
}

/** A buffer of per-parameter state: its name, whether it must be ≥ 0, whether its absence means "not yet made". */
export interface StateBufferSpec {
  name: string;
  nonNegative?: boolean;
  optional?: boolean;
}

export interface ParamState {
  /** Updates applied to this parameter so far (1 during the first update). */
  step: number;
  /** Named buffers of the parameter's size, e.g. Adam's 'expAvg' and 'expAvgSq'. */
  buffers: Map<string, Float32Array>;
}

/**
 * Everything needed to resume: `groups` and `steps` are JSON-safe; `tensors` holds the moment buffers under
 * "<parameter index>.<buffer name>" (parameters numbered across groups in order), ready for a safetensors file.
 */
export interface OptimizerStateDict {
  /** Each group's hyper-parameters (lr, momentum, …, initialLr) and the indices of its parameters. */
  groups: { hyper: Record<string, number | boolean>; params: number[] }[];
  /** Step count per parameter index; null where the parameter has not been updated yet. */
  steps: (number | null)[];
  tensors: Map<string, Tensor>;
}

function isGroupList<H extends HyperParams>(params: ParamsInput<H>): params is readonly ParamGroupInput<H>[] {
  return Array.isArray(params) && params.length > 0 && !(params[0] instanceof Tensor);
}

export abstract class Optimizer<H extends HyperParams = HyperParams> {
  readonly paramGroups: ParamGroup<H>[];
  readonly #state = new Map<Tensor, ParamState>();

  constructor(params: ParamsInput<H>, readonly defaults: H) {
    const groups: ParamGroupInput<H>[] = isGroupList(params) ? [...params] : [{ params } as ParamGroupInput<H>];
    const seen = new Set<Tensor>();
    this.paramGroups = groups.map((g, gi) => {
      const list = [...g.params];
      for (const p of list) {
        if (!(p instanceof Tensor)) throw new TypeError(`${this.constructor.name}: group ${gi} contains something that is not a Tensor`);
        if (!p.isLeaf) throw new Error(`${this.constructor.name}: can only optimise leaf tensors; ${p.toString()} was computed by an op`);
        if (seen.has(p)) throw new Error(`${this.constructor.name}: a parameter appears more than once (group ${gi})`);
        seen.add(p);
      }
      const merged = { ...defaults, ...g, params: list } as ParamGroup<H>;
      this.validate(merged);
      return merged;
    });
    if (seen.size === 0) throw new Error(`${this.constructor.name}: got an empty parameter list`);
  }

  /** Throws on hyper-parameters out of range. */
  protected validate(group: H): void {
    if (!(group.lr >= 0)) throw new RangeError(`${this.constructor.name}: lr must be ≥ 0, got ${group.lr}`);
  }

  /** Applies one update to `param` given its gradient and state (the step count is already incremented). */
  protected abstract update(param: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<H>): void;

  /** One update of every parameter that has a gradient. */
  step(): void {
    noGrad(() => {
      for (const group of this.paramGroups) {
        for (const p of group.params) {
          if (p.grad === null) continue;
          if (p.grad.size !== p.size) throw new ShapeError(`${this.constructor.name}: gradient of shape ${formatShape(p.grad.shape)} for a parameter of shape ${formatShape(p.shape)}`);
          const state = this.stateOf(p);
          state.step += 1;
          this.update(p, p.grad, state, group);
        }
      }
    });
  }

  /** Clears the gradients of all parameters (sets them to null). */
  zeroGrad(): void {
    for (const group of this.paramGroups) for (const p of group.params) p.grad = null;
  }

  /** The learning rate of the first group; setting it sets every group's. */
  get lr(): number {
    return this.paramGroups[0]!.lr;
  }

  set lr(value: number) {
    for (const g of this.paramGroups) g.lr = value;
  }

  /** The state of `param` (created empty on first use). */
  protected stateOf(param: Tensor): ParamState {
    let s = this.#state.get(param);
    if (s === undefined) {
      s = { step: 0, buffers: new Map() };
      this.#state.set(param, s);
    }
    return s;
  }

  /** The named buffer of a parameter's state, created zero-filled by the backend on first use. */
  protected buffer(state: ParamState, name: string, size: number): Float32Array {
    let b = state.buffers.get(name);
    if (b === undefined) {
      b = backend().alloc(size);
      state.buffers.set(name, b);
    }
    return b;
  }

  #allParams(): Tensor[] {
    return this.paramGroups.flatMap((g) => g.params);
  }

  /** A snapshot (copies) of hyper-parameters, step counts and moment buffers. */
  stateDict(): OptimizerStateDict {
    const params = this.#allParams();
    const index = new Map(params.map((p, i) => [p, i]));
    const groups = this.paramGroups.map((g) => {
      const { params: ps, ...hyper } = g;
      return { hyper: { ...(hyper as Record<string, number | boolean>) }, params: ps.map((p) => index.get(p)!) };
    });
    const tensors = new Map<string, Tensor>();
    const steps = params.map((p, i) => {
      const s = this.#state.get(p);
      if (s === undefined) return null;
      for (const [name, b] of s.buffers) tensors.set(`${i}.${name}`, new Tensor(Float32Array.from(b), p.shape));
      return s.step;
    });
    return { groups, steps, tensors };
  }

  /**
   * The buffers a parameter's state holds once it has been updated under `group`'s hyper-parameters (Adam:
   * expAvg and expAvgSq). `loadStateDict` requires exactly these, so a lost buffer is an error, never zeros.
   */
  protected abstract stateBuffers(group: H): readonly StateBufferSpec[];

  /**
   * Checks a state dict (which may come from a damaged or hand-edited file) against this optimizer without
   * changing anything: groups, parameter indices, hyper-parameters through the same `validate` as the
   * constructor, step counts, and for every updated parameter exactly its buffers, each of the parameter's
   * shape, finite (and ≥ 0 where it is a mean of squares). Throws OptimizerStateError naming the problem.
   */
  checkStateDict(sd: OptimizerStateDict): void {
    this.#checked(sd);
  }

  #checked(sd: OptimizerStateDict): ParamGroup<H>[] {
    const name = `${this.constructor.name}.loadStateDict`;
    const fail = (problem: string): never => {
      throw new OptimizerStateError(`${name}: ${problem}`);
    };
    const params = this.#allParams();
    if (typeof sd !== 'object' || sd === null) fail('the state dict is not an object');
    if (!Array.isArray(sd.groups)) fail('"groups" must be a list');
    if (sd.groups.length !== this.paramGroups.length) fail(`${sd.groups.length} groups saved, ${this.paramGroups.length} here`);
    if (!Array.isArray(sd.steps)) fail('"steps" must be a list');
    if (sd.steps.length !== params.length) fail(`${sd.steps.length} parameters saved, ${params.length} here`);
    if (!(sd.tensors instanceof Map)) fail('"tensors" must be a map of buffers');
    const merged: ParamGroup<H>[] = [];
    let next = 0;
    sd.groups.forEach((g, gi) => {
      const here = this.paramGroups[gi]!;
      if (typeof g !== 'object' || g === null || typeof g.hyper !== 'object' || g.hyper === null || Array.isArray(g.hyper) || !Array.isArray(g.params)) {
        fail(`group ${gi} must be {hyper: {…}, params: [indices]}`);
      }
      if (g.params.length !== here.params.length) fail(`group ${gi} has ${g.params.length} parameters saved, ${here.params.length} here`);
      g.params.forEach((index, k) => {
        if (index !== next + k) fail(`group ${gi} lists parameter ${JSON.stringify(index)} at position ${k}, expected ${next + k}`);
      });
      next += here.params.length;
      const hyper = g.hyper as Record<string, unknown>;
      const defaults = this.defaults as Record<string, unknown>;
      for (const k of Object.keys(defaults)) if (!Object.prototype.hasOwnProperty.call(hyper, k)) fail(`group ${gi} lacks hyper-parameter '${k}'`);
      for (const [k, v] of Object.entries(hyper)) {
        if (k === 'initialLr') {
          if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) fail(`group ${gi}: initialLr must be a finite number ≥ 0, got ${String(v)}`);
          continue;
        }
        if (!Object.prototype.hasOwnProperty.call(defaults, k)) fail(`group ${gi} has an unknown hyper-parameter '${k}'`);
        if (typeof v !== typeof defaults[k]) fail(`group ${gi}: hyper-parameter '${k}' must be a ${typeof defaults[k]}, got ${v === null ? 'null' : typeof v}`);
        if (typeof v === 'number' && !Number.isFinite(v)) fail(`group ${gi}: hyper-parameter '${k}' is ${v}`);
      }
      const candidate = { ...here, ...(hyper as Partial<H>), params: here.params } as ParamGroup<H>;
      try {
        this.validate(candidate);
      } catch (err) {
        fail(`group ${gi}: ${(err as Error).message}`);
      }
      merged.push(candidate);
    });
    const groupOf: ParamGroup<H>[] = merged.flatMap((g) => g.params.map(() => g));
    sd.steps.forEach((step, i) => {
      if (step !== null && !(Number.isSafeInteger(step) && step >= 1)) fail(`the step count of parameter ${i} must be a positive integer or null, got ${JSON.stringify(step)}`);
    });
    const seen = new Set<string>();
    for (const [key, t] of sd.tensors) {
      const m = /^(0|[1-9]\d*)\.([A-Za-z][A-Za-z0-9]*)$/.exec(key);
      if (m === null) fail(`buffer name '${key}' is not "<parameter index>.<buffer>"`);
      const i = Number(m![1]);
      const p = params[i];
      if (p === undefined || sd.steps[i] === null) fail(`buffer '${key}' belongs to no updated parameter`);
      const spec = this.stateBuffers(groupOf[i]!).find((b) => b.name === m![2]);
      if (spec === undefined) fail(`buffer '${key}': ${this.constructor.name} keeps no '${m![2]}' buffer with these hyper-parameters`);
      if (!(t instanceof Tensor)) fail(`buffer '${key}' is not a tensor`);
      if (formatShape(t.shape) !== formatShape(p!.shape)) fail(`buffer '${key}' has shape ${formatShape(t.shape)}, parameter ${i} has ${formatShape(p!.shape)}`);
      const d = t.data;
      for (let k = 0; k < d.length; k++) {
        const v = d[k]!;
        if (!Number.isFinite(v) || (spec!.nonNegative && v < 0)) fail(`buffer '${key}' holds ${v} at index ${k}${spec!.nonNegative ? ' (it must be finite and ≥ 0)' : ' (it must be finite)'}`);
      }
      seen.add(key);
    }
    sd.steps.forEach((step, i) => {
      if (step === null) return;
      for (const b of this.stateBuffers(groupOf[i]!)) if (!b.optional && !seen.has(`${i}.${b.name}`)) fail(`parameter ${i} has been updated ${step} time(s) but its '${b.name}' buffer is missing`);
    });
    return merged;
  }

  /**
   * Restores hyper-parameters and state saved by `stateDict` from an optimizer over the same parameters.
   * Everything is checked first (`checkStateDict`); on any problem nothing is changed.
   */
  loadStateDict(sd: OptimizerStateDict): void {
    const merged = this.#checked(sd);
    const params = this.#allParams();
    merged.forEach((g, i) => Object.assign(this.paramGroups[i]!, g));
    this.#state.clear();
    sd.steps.forEach((step, i) => {
      if (step !== null) this.#state.set(params[i]!, { step, buffers: new Map() });
    });
    for (const [key, t] of sd.tensors) {
      const i = Number(key.slice(0, key.indexOf('.')));
      const b = backend().alloc(t.size);
      b.set(t.data);
      this.#state.get(params[i]!)!.buffers.set(key.slice(key.indexOf('.') + 1), b);
    }
  }
}
