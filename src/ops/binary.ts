/**
 * Elementwise functions of two tensors with NumPy broadcasting. Where an input was broadcast, its gradient
 * is summed back to its own shape (`sumTo`).
 */
import type { BinaryOp } from '../backend/backend.js';
import { backend } from '../backend/registry.js';
import { record } from '../autograd/grad-mode.js';
import { broadcastShapes, broadcastStrides, shapesEqual, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { asTensor } from './creation.js';
import { reshape } from './shape-ops.js';
import { sum } from './reduce.js';
import { log, neg, square } from './unary.js';
import { where } from './where.js';

/** A tensor, or a number that broadcasts as a scalar. */
export type Operand = Tensor | number;

function binaryForward(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = Tensor.uninitialized(shape);
  backend().binary(op, a.data, broadcastStrides(a.shape, shape), b.data, broadcastStrides(b.shape, shape), out.data, shape);
  return out;
}

function binary(op: BinaryOp, x: Operand, y: Operand,
  backward: ((g: Tensor, a: Tensor, b: Tensor, out: Tensor) => [Tensor | null, Tensor | null]) | null): Tensor {
  const a = asTensor(x);
  const b = asTensor(y);
  const out = binaryForward(op, a, b);
  if (backward === null) return out;
  return record(out, op, [a, b], (g) => {
    const [ga, gb] = backward(g, a, b, out);
    return [ga && a.requiresGrad ? sumTo(ga, a.shape) : null, gb && b.requiresGrad ? sumTo(gb, b.shape) : null];
  });
}

/** Sums a broadcast gradient back down to `shape`. */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  return reshape(sum(g, axes, true), shape);
}

export const add = (a: Operand, b: Operand): Tensor => binary('add', a, b, (g) => [g, g]);
export const sub = (a: Operand, b: Operand): Tensor => binary('sub', a, b, (g) => [g, neg(g)]);
export const mul = (a: Operand, b: Operand): Tensor => binary('mul', a, b, (g, a, b) => [mul(g, b), mul(g, a)]);
/** d(a/b) = g/b, −g·a/b² */
export const div = (a: Operand, b: Operand): Tensor =>
  binary('div', a, b, (g, a, b) => [div(g, b), neg(div(mul(g, a), square(b)))]);
/** d aᵇ = b·aᵇ⁻¹ and aᵇ·log a (taken as 0 where a = 0, as PyTorch does) */
export const pow = (a: Operand, b: Operand): Tensor =>
  binary('pow', a, b, (g, a, b, out) => [
    mul(g, mul(b, pow(a, sub(b, 1)))),
    b.requiresGrad ? mul(g, mul(out, where(eq(a, 0), 0, log(a)))) : null,
  ]);
/** The gradient goes to the larger input; ties split it evenly. */
export const maximum = (a: Operand, b: Operand): Tensor =>
  binary('maximum', a, b, (g, a, b) => {
    const share = add(gt(a, b), mul(eq(a, b), 0.5));
    return [mul(g, share), mul(g, sub(1, share))];
  });
export const minimum = (a: Operand, b: Operand): Tensor =>
  binary('minimum', a, b, (g, a, b) => {
    const share = add(lt(a, b), mul(eq(a, b), 0.5));
    return [mul(g, share), mul(g, sub(1, share))];
  });

// Comparisons give 1/0 masks and have no gradient.
export const gt = (a: Operand, b: Operand): Tensor => binary('gt', a, b, null);
export const ge = (a: Operand, b: Operand): Tensor => binary('ge', a, b, null);
export const lt = (a: Operand, b: Operand): Tensor => binary('lt', a, b, null);
export const le = (a: Operand, b: Operand): Tensor => binary('le', a, b, null);
export const eq = (a: Operand, b: Operand): Tensor => binary('eq', a, b, null);
export const ne = (a: Operand, b: Operand): Tensor => binary('ne', a, b, null);
