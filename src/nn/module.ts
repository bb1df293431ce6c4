/**
 * `Module`: a piece of a network that owns parameters, buffers and child modules, as in PyTorch's nn.Module.
 *
 * Registration is explicit (`registerParameter`, `registerBuffer`, `registerModule`) rather than discovered
 * from fields: the order of the state dict is the order the author registered things in, nothing is picked
 * up by accident (a cached mask, a tensor kept for debugging), and no Proxy or reflection is needed. The
 * one mistake explicit registration invites — a Parameter or Module field that was never registered — is
 * caught the first time the module's parameters or state are listed (see `checkRegistered`).
 */
import { noGrad } from '../autograd/grad-mode.js';
import { formatShape, shapesEqual, ShapeError } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * A tensor that is a trainable part of a module (PyTorch's `nn.Parameter`): a leaf that requires a gradient
 * by default. It shares storage with the tensor it wraps.
 */
export class Parameter extends Tensor {
  constructor(value: Tensor, requiresGrad = true) {
    super(value.data, value.shape);
    this.requiresGrad = requiresGrad;
  }
}

/** Any module, whatever its forward signature (used for children and containers). */
export type AnyModule = Module<unknown[], unknown>;

export interface LoadStateDictOptions {
  /** Throw when keys are missing or unexpected (default true). Shape mismatches always throw. */
  strict?: boolean;
}

export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

const NAME = /^[^.\s]+$/;

export abstract class Module<In extends unknown[] = [Tensor], Out = Tensor> {
  /** Training mode (dropout active, batch statistics in BatchNorm) or evaluation mode. */
  training = true;
  readonly #parameters = new Map<string, Parameter>();
  readonly #buffers = new Map<string, Tensor>();
  readonly #modules = new Map<string, AnyModule>();

  abstract forward(...inputs: In): Out;

  /** Registers a trainable tensor under `name` (wrapping it in a Parameter if needed) and returns it. */
  protected registerParameter(name: string, value: Tensor): Parameter {
    this.#checkName(name);
    const p = value instanceof Parameter ? value : new Parameter(value);
    this.#parameters.set(name, p);
    return p;
  }

  /** Registers non-trained state that belongs in the state dict (e.g. BatchNorm's running statistics). */
  protected registerBuffer(name: string, value: Tensor): Tensor {
    this.#checkName(name);
    this.#buffers.set(name, value);
    return value;
  }

  /** Registers a child module under `name` and returns it. */
  protected registerModule<M extends AnyModule>(name: string, module: M): M {
    this.#checkName(name);
    this.#modules.set(name, module);
    return module;
  }

  #checkName(name: string): void {
    if (!NAME.test(name)) throw new Error(`${this.constructor.name}: '${name}' is not a valid name (no dots or spaces, not empty)`);
    if (this.#parameters.has(name) || this.#buffers.has(name) || this.#modules.has(name)) {
      throw new Error(`${this.constructor.name}: '${name}' is already registered`);
    }
  }

  /** Throws if a field holds a Parameter or Module that was never registered (it would silently not train). */
  checkRegistered(): void {
    const known = new Set<unknown>([...this.#parameters.values(), ...this.#modules.values()]);
    for (const [field, value] of Object.entries(this)) {
      if ((value instanceof Parameter || value instanceof Module) && !known.has(value)) {
        const how = value instanceof Parameter ? 'registerParameter' : 'registerModule';
        throw new Error(`${this.constructor.name}: field '${field}' holds a ${value instanceof Parameter ? 'Parameter' : 'Module'} that was not registered; use this.${how}('${field}', …)`);
      }
    }
  }

  /** Direct children, with their names. */
  namedChildren(): [string, AnyModule][] {
    return [...this.#modules];
  }

  /** This module and every descendant, with dotted names ('' for this one). */
  namedModules(prefix = ''): [string, AnyModule][] {
    const out: [string, AnyModule][] = [[prefix, this as unknown as AnyModule]];
    for (const [name, m] of this.#modules) out.push(...m.namedModules(prefix === '' ? name : `${prefix}.${name}`));
    return out;
  }

  #walk<T extends Tensor>(own: (m: Module<unknown[], unknown>) => Map<string, T>): [string, T][] {
    const out: [string, T][] = [];
    for (const [prefix, m] of this.namedModules()) {
      m.checkRegistered();
      for (const [name, t] of own(m)) out.push([prefix === '' ? name : `${prefix}.${name}`, t]);
    }
    return out;
  }

  /** Every parameter with its dotted name ("encoder.0.weight"); a parameter shared by two modules is listed once. */
  namedParameters(): [string, Parameter][] {
    const seen = new Set<Parameter>();
    return this.#walk((m) => m.#parameters).filter(([, p]) => (seen.has(p) ? false : (seen.add(p), true)));
  }

  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  namedBuffers(): [string, Tensor][] {
    return this.#walk((m) => m.#buffers);
  }

  buffers(): Tensor[] {
    return this.namedBuffers().map(([, b]) => b);
  }

  /** Number of values in the parameters (only those that require a gradient with `trainableOnly`). */
  numParameters(trainableOnly = false): number {
    return this.parameters().reduce((n, p) => n + (trainableOnly && !p.requiresGrad ? 0 : p.size), 0);
  }

  /**
   * A snapshot of parameters and buffers by dotted name, in registration order. The tensors are copies, so
   * a saved state dict does not change as training goes on (unlike PyTorch's, which shares storage).
   */
  stateDict(): Map<string, Tensor> {
    const out = new Map<string, Tensor>();
    for (const [name, t] of this.#stateEntries()) out.set(name, new Tensor(Float32Array.from(t.data), t.shape));
    return out;
  }

  #stateEntries(): [string, Tensor][] {
    // Unlike namedParameters, a shared parameter appears under each of its names, as in PyTorch.
    return [...this.#walk((m) => m.#parameters), ...this.#walk((m) => m.#buffers)];
  }

  /**
   * Copies values from `state` into the parameters and buffers in place (identities are kept, so optimizers
   * holding the parameters keep working). Everything is checked before anything is copied.
   */
  loadStateDict(state: ReadonlyMap<string, Tensor>, options: LoadStateDictOptions = {}): LoadStateDictResult {
    const strict = options.strict ?? true;
    const own = this.#stateEntries();
    const ownNames = new Set(own.map(([n]) => n));
    const missingKeys = own.filter(([n]) => !state.has(n)).map(([n]) => n);
    const unexpectedKeys = [...state.keys()].filter((k) => !ownNames.has(k));
    const mismatched = own.filter(([n, t]) => state.has(n) && !shapesEqual(state.get(n)!.shape, t.shape))
      .map(([n, t]) => `'${n}': checkpoint ${formatShape(state.get(n)!.shape)} vs module ${formatShape(t.shape)}`);
    if (mismatched.length > 0) throw new ShapeError(`loadStateDict: shape mismatch for ${mismatched.join('; ')}`);
    if (strict && (missingKeys.length > 0 || unexpectedKeys.length > 0)) {
      const parts: string[] = [];
      if (missingKeys.length > 0) parts.push(`missing keys: ${missingKeys.join(', ')}`);
      if (unexpectedKeys.length > 0) parts.push(`unexpected keys: ${unexpectedKeys.join(', ')}`);
      throw new Error(`loadStateDict (strict): ${parts.join('; ')}`);
    }
    noGrad(() => {
      for (const [name, t] of own) {
        const src = state.get(name);
        if (src !== undefined) t.data.set(src.data);
      }
    });
    return { missingKeys, unexpectedKeys };
  }

  /** Sets training mode on this module and all descendants; returns this. */
  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  /** Evaluation mode (`train(false)`): dropout off, BatchNorm uses running statistics. */
  eval(): this {
    return this.train(false);
  }

  /** Clears the gradients of all parameters (sets them to null, as PyTorch's default `set_to_none`). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  toString(): string {
    const children = this.namedChildren();
    const head = `${this.constructor.name}(${this.extraRepr()})`;
    if (children.length === 0) return head;
    const lines = children.map(([n, m]) => `  (${n}): ${m.toString().replace(/\n/g, '\n  ')}`);
    return `${this.constructor.name}(${this.extraRepr()}\n${lines.join('\n')}\n)`;
  }

  /** The constructor arguments shown by toString. */
  protected extraRepr(): string {
    return '';
  }
}
