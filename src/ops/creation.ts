/** Making tensors from values and shapes. None of these record a graph: they are leaves. */
import { backend } from '../backend/registry.js';
import { formatShape, ShapeError, sizeOf, type Shape } from '../tensor/shape.js';
import { Tensor, type NestedArray } from '../tensor/tensor.js';

/** Infers the shape of nested arrays and checks they are rectangular. */
function nestedShape(values: NestedArray): number[] {
  const shape: number[] = [];
  let v: NestedArray = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0]!;
  }
  return shape;
}

function flattenInto(values: NestedArray, shape: readonly number[], dim: number, out: Float32Array, offset: number): number {
  if (dim === shape.length) {
    if (typeof values !== 'number') throw new ShapeError(`tensor: ragged nested array (expected a number at depth ${dim})`);
    out[offset] = values;
    return offset + 1;
  }
  if (!Array.isArray(values) || values.length !== shape[dim]) {
    throw new ShapeError(`tensor: ragged nested array (expected ${shape[dim]} entries at depth ${dim})`);
  }
  for (const v of values) offset = flattenInto(v, shape, dim + 1, out, offset);
  return offset;
}

/**
 * A tensor from numbers: a nested array (shape inferred), or a flat array / Float32Array with a shape.
 * The values are copied into memory of the active backend.
 */
export function tensor(values: NestedArray | ArrayLike<number>, shape?: Shape): Tensor {
  if (shape !== undefined) {
    const flat = typeof values === 'number' ? [values] : (values as ArrayLike<number>);
    if (flat.length !== sizeOf(shape)) throw new ShapeError(`tensor: ${flat.length} values do not fill shape ${formatShape(shape)}`);
    const t = Tensor.empty(shape);
    for (let i = 0; i < flat.length; i++) {
      const v = flat[i];
      if (typeof v !== 'number') throw new TypeError(`tensor: value ${i} is not a number`);
      t.data[i] = v;
    }
    return t;
  }
  if (ArrayBuffer.isView(values)) return tensor(values as unknown as ArrayLike<number>, [(values as unknown as ArrayLike<number>).length]);
  const inferred = nestedShape(values as NestedArray);
  const t = Tensor.empty(inferred);
  flattenInto(values as NestedArray, inferred, 0, t.data, 0);
  return t;
}

/** A rank-0 tensor. */
export function scalar(value: number): Tensor {
  const t = Tensor.empty([]);
  t.data[0] = value;
  return t;
}

export function full(shape: Shape, value: number): Tensor {
  const t = Tensor.empty(shape);
  if (value !== 0) backend().fill(t.data, value);
  return t;
}

export function zeros(shape: Shape): Tensor {
  return Tensor.empty(shape);
}

export function ones(shape: Shape): Tensor {
  return full(shape, 1);
}

export function zerosLike(x: Tensor): Tensor {
  return zeros(x.shape);
}

export function onesLike(x: Tensor): Tensor {
  return ones(x.shape);
}

export function fullLike(x: Tensor, value: number): Tensor {
  return full(x.shape, value);
}

/** Values from `start` (inclusive) to `end` (exclusive) in steps of `step`, like `numpy.arange`. */
export function arange(start: number, end?: number, step = 1): Tensor {
  if (end === undefined) [start, end] = [0, start];
  if (step === 0) throw new RangeError('arange: step must not be 0');
  const n = Math.max(0, Math.ceil((end - start) / step));
  const t = Tensor.empty([n]);
  for (let i = 0; i < n; i++) t.data[i] = start + i * step;
  return t;
}

/** `count` evenly spaced values from `start` to `end`, both included. */
export function linspace(start: number, end: number, count: number): Tensor {
  const t = Tensor.empty([count]);
  for (let i = 0; i < count; i++) t.data[i] = count === 1 ? start : start + ((end - start) * i) / (count - 1);
  return t;
}

/** The n×n identity matrix. */
export function eye(n: number): Tensor {
  const t = Tensor.empty([n, n]);
  for (let i = 0; i < n; i++) t.data[i * n + i] = 1;
  return t;
}

/** Turns a number into a rank-0 tensor; passes tensors through. */
export function asTensor(x: Tensor | number): Tensor {
  return typeof x === 'number' ? scalar(x) : x;
}
