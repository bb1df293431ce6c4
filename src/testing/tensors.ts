/**
 * Assertions for tests of numerical code: element-wise closeness against float64 reference values, with NaN equal
 * to NaN and infinities equal only to themselves. Used by the test files beside the ops and by later packages.
 */
import assert from 'node:assert/strict';
import { Generator } from '../tensor/random.js';
import type { Shape } from '../tensor/shape.js';
import { sizeOf } from '../tensor/shape.js';
import { Tensor, type NestedArray } from '../tensor/tensor.js';

export interface CloseOptions {
  atol?: number;
  rtol?: number;
  message?: string;
}

function flat(values: Tensor | ArrayLike<number> | NestedArray): number[] {
  if (values instanceof Tensor) return Array.from(values.data);
  if (typeof values === 'number') return [values];
  if (Array.isArray(values)) return (values as NestedArray[]).flatMap((v) => flat(v));
  return Array.from(values as ArrayLike<number>);
}

/** |actual − expected| ≤ atol + rtol·|expected| for every element; NaN matches NaN, ±∞ matches itself. */
export function assertClose(actual: Tensor | ArrayLike<number> | NestedArray, expected: Tensor | ArrayLike<number> | NestedArray,
  options: CloseOptions = {}): void {
  const atol = options.atol ?? 1e-6;
  const rtol = options.rtol ?? 1e-5;
  const a = flat(actual);
  const e = flat(expected);
  const where = options.message === undefined ? '' : `${options.message}: `;
  assert.equal(a.length, e.length, `${where}${a.length} values, expected ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = e[i]!;
    if (Number.isNaN(y) || !Number.isFinite(y)) {
      assert.ok(Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y)) || x === y, `${where}element ${i} is ${x}, expected ${y}`);
      continue;
    }
    assert.ok(Math.abs(x - y) <= atol + rtol * Math.abs(y), `${where}element ${i} is ${x}, expected ${y} (atol ${atol}, rtol ${rtol})`);
  }
}

/** Standard normal values, rounded to float32, as a tensor. */
export function randomTensor(gen: Generator, shape: Shape, scale = 1): Tensor {
  const t = Tensor.empty(shape);
  gen.fillNormal(t.data, 0, scale);
  return t;
}

/** Values in ±[low, high] (never near 0), for ops with a kink at 0 such as relu and abs. */
export function awayFromZero(gen: Generator, shape: Shape, low = 0.2, high = 2): Tensor {
  const t = Tensor.empty(shape);
  for (let i = 0; i < t.size; i++) {
    const magnitude = low + (high - low) * gen.nextDouble();
    t.data[i] = gen.nextDouble() < 0.5 ? -magnitude : magnitude;
  }
  return t;
}

/** A permutation of well-separated values (gaps of `gap`), so max/argmax ties never occur and finite differences never cross one. */
export function distinctTensor(gen: Generator, shape: Shape, gap = 0.5): Tensor {
  const n = sizeOf(shape);
  const p = gen.permutation(n);
  const t = Tensor.empty(shape);
  for (let i = 0; i < n; i++) t.data[i] = (p[i]! - n / 2) * gap;
  return t;
}

/**
 * Whether two arrays overlap in memory. Backends that keep all tensors in one memory (WebAssembly) give every
 * array the same buffer, so comparing `.buffer` alone cannot tell a view from a copy.
 */
export function sharesStorage(a: Float32Array, b: Float32Array): boolean {
  if (a.buffer !== b.buffer) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}
