/**
 * Function transforms in the style of JAX: `grad(f)` is a new function that returns ∂f/∂x. They nest:
 * `grad(grad(f))` differentiates twice, because an argument that already carries a gradient is tracked
 * through and the inner backward pass is then recorded.
 */
import { Tensor } from '../tensor/tensor.js';
import { formatShape, ShapeError } from '../tensor/shape.js';
import { gradients } from './backward.js';
import { enableGrad, record } from './grad-mode.js';

export interface TransformOptions {
  /** Which arguments to differentiate with respect to (default 0). */
  argnums?: number | readonly number[];
  /** Record the backward pass (so results can be differentiated again). Default: only when nested. */
  createGraph?: boolean;
}

/** A differentiable alias of `x`: the same values, a node of its own, gradient passed straight through. */
function alias(x: Tensor): Tensor {
  return record(new Tensor(x.data, x.shape, x.base), 'alias', [x], (g) => [g]);
}

function prepare(args: readonly Tensor[], argnums: readonly number[]): { inputs: Tensor[]; nested: boolean; callArgs: Tensor[] } {
  const callArgs = [...args];
  const inputs: Tensor[] = [];
  let nested = false;
  for (const i of argnums) {
    const x = args[i];
    if (!(x instanceof Tensor)) throw new TypeError(`grad: argument ${i} is not a Tensor`);
    // A tracked argument (an outer transform differentiates it) keeps its link; otherwise start a fresh leaf.
    const input = x.requiresGrad ? alias(x) : x.detach().requiresGrad_();
    nested ||= x.requiresGrad;
    callArgs[i] = input;
    inputs.push(input);
  }
  return { inputs, nested, callArgs };
}

function argnumList(options: TransformOptions): number[] {
  const a = options.argnums ?? 0;
  return typeof a === 'number' ? [a] : [...a];
}

/** f ↦ (x…) ↦ [f(x…), [∂f/∂x_i for i in argnums]]; f must return a single-value tensor. */
export function valueAndGrad<A extends Tensor[]>(f: (...args: A) => Tensor, options: TransformOptions = {}):
  (...args: A) => [Tensor, Tensor[]] {
  const argnums = argnumList(options);
  return (...args: A) => {
    const { inputs, nested, callArgs } = prepare(args, argnums);
    const value = enableGrad(() => f(...(callArgs as A)));
    if (!(value instanceof Tensor) || value.size !== 1) {
      throw new ShapeError(`grad: the function must return a single-value tensor, got ${value instanceof Tensor ? formatShape(value.shape) : typeof value}`);
    }
    if (!value.requiresGrad) return [value, inputs.map((x) => Tensor.empty(x.shape))];
    const createGraph = options.createGraph ?? nested;
    return [value, gradients(value, inputs, { createGraph })];
  };
}

/** f ↦ ∂f/∂x (the first argument, or `argnums`). With several argnums the result is an array. */
export function grad<A extends Tensor[]>(f: (...args: A) => Tensor, options: TransformOptions & { argnums: readonly number[] }): (...args: A) => Tensor[];
export function grad<A extends Tensor[]>(f: (...args: A) => Tensor, options?: TransformOptions & { argnums?: number }): (...args: A) => Tensor;
export function grad<A extends Tensor[]>(f: (...args: A) => Tensor, options: TransformOptions = {}): (...args: A) => Tensor | Tensor[] {
  const vg = valueAndGrad(f, options);
  const many = Array.isArray(options.argnums);
  return (...args: A) => {
    const grads = vg(...args)[1];
    return many ? grads : grads[0]!;
  };
}
