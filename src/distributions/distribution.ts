/**
 * What every distribution offers, and the argument checks they share. Read as the lecture's chapter 1 does:
 * a network outputs the *parameters* of a distribution p(y | f_θ(x)), and training minimises −log p(y).
 *
 * Every method is composed from differentiable ops, so `logProb`, `entropy` and `rsample` carry gradients
 * (first and second order) back to the parameters; `sample` never does.
 */
import { noGrad } from '../autograd/grad-mode.js';
import type { Generator } from '../tensor/random.js';
import { formatShape, ShapeError, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { sqrt } from '../ops/unary.js';

export abstract class Distribution {
  /** The shape of one draw: the parameters' broadcast shape (for Categorical, without the class axis). */
  abstract readonly batchShape: readonly number[];

  /** Elementwise log-density (or log-mass) of `value`, which must broadcast with `batchShape`. */
  abstract logProb(value: Tensor): Tensor;

  /** Draws of shape `[...sampleShape, ...batchShape]`, cut off from the graph. */
  sample(gen: Generator, sampleShape: Shape = []): Tensor {
    return noGrad(() => this.rsample(gen, sampleShape)).detach();
  }

  /**
   * Reparameterised draws (z = g(θ, ε) with parameter-free noise ε), differentiable w.r.t. the parameters —
   * the VAE's trick (Kingma & Welling 2014, §2.4). Only continuous distributions have one.
   */
  rsample(_gen: Generator, _sampleShape: Shape = []): Tensor {
    throw new TypeError(`${this.constructor.name} has no reparameterised sampler (rsample); use sample()`);
  }

  abstract get mean(): Tensor;
  abstract get mode(): Tensor;
  abstract get variance(): Tensor;

  get stddev(): Tensor {
    return sqrt(this.variance);
  }

  /** Elementwise entropy, shape `batchShape`. */
  abstract entropy(): Tensor;
}

/** `[...sampleShape, ...batchShape]` after checking `sampleShape` holds non-negative integers. */
export function extendedShape(where: string, sampleShape: Shape, batchShape: Shape): number[] {
  for (const d of sampleShape) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`${where}: sample shape ${formatShape(sampleShape)} is not a shape`);
  }
  return [...sampleShape, ...batchShape];
}

/** The broadcast shape of a value and a batch; the error names both shapes. */
export function broadcastWithBatch(where: string, valueShape: Shape, batchShape: Shape): number[] {
  const rank = Math.max(valueShape.length, batchShape.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const v = valueShape[valueShape.length - rank + i] ?? 1;
    const b = batchShape[batchShape.length - rank + i] ?? 1;
    if (v !== b && v !== 1 && b !== 1) {
      throw new ShapeError(`${where}: value of shape ${formatShape(valueShape)} does not broadcast with batch shape ${formatShape(batchShape)}`);
    }
    out.push(v === 1 ? b : v);
  }
  return out;
}

/** Throws unless the shapes are equal; the error names both. */
export function requireSameShape(where: string, a: Shape, b: Shape, aName = 'input', bName = 'target'): void {
  if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
    throw new ShapeError(`${where}: ${aName} of shape ${formatShape(a)} and ${bName} of shape ${formatShape(b)} differ`);
  }
}

function firstViolation(x: Tensor | number, bad: (v: number) => boolean): [number, number] | null {
  if (typeof x === 'number') return bad(x) ? [x, -1] : null;
  for (let i = 0; i < x.size; i++) if (bad(x.data[i]!)) return [x.data[i]!, i];
  return null;
}

function describe(hit: [number, number]): string {
  return hit[1] < 0 ? `got ${hit[0]}` : `got ${hit[0]} at index ${hit[1]}`;
}

/** Scales and standard deviations must be > 0 (NaN passes through, so it can propagate). */
export function requirePositive(where: string, what: string, x: Tensor | number): void {
  const hit = firstViolation(x, (v) => v <= 0);
  if (hit) throw new RangeError(`${where}: ${what} must be > 0, ${describe(hit)}`);
}

/** Probabilities and Bernoulli targets must lie in [0, 1] (NaN passes through). */
export function requireUnitInterval(where: string, what: string, x: Tensor | number): void {
  const hit = firstViolation(x, (v) => v < 0 || v > 1);
  if (hit) throw new RangeError(`${where}: ${what} must lie in [0, 1], ${describe(hit)}`);
}

/** Labels must be integers in [0, classes). */
export function requireLabels(where: string, labels: Tensor, classes: number): void {
  const hit = firstViolation(labels, (v) => !Number.isInteger(v) || v < 0 || v >= classes);
  if (hit) throw new RangeError(`${where}: labels must be integers in [0, ${classes}), ${describe(hit)}`);
}

export const LOG_2PI = Math.log(2 * Math.PI);
