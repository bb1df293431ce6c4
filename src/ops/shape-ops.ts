/** Ops that move values without arithmetic: reshape, broadcast, permute, slice, concat, split, stack. */
import { backend } from '../backend/registry.js';
import { record } from '../autograd/grad-mode.js';
import {
  broadcastShapes, broadcastStrides, contiguousStrides, formatShape, normalizeAxis, resolveReshape, shapesEqual, ShapeError, sizeOf,
} from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { sumTo } from './binary.js';

/** The same values under a new shape (a view sharing storage); one dimension may be −1. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const target = resolveReshape(x.shape, shape);
  if (shapesEqual(target, x.shape)) return x;
  const out = new Tensor(x.data, target, x.base);
  return record(out, 'reshape', [x], (g) => [reshape(g, x.shape)]);
}

/** Flattens dimensions `startAxis..endAxis` into one. */
export function flatten(x: Tensor, startAxis = 0, endAxis = -1): Tensor {
  if (x.rank === 0) return reshape(x, [1]);
  const s = normalizeAxis(startAxis, x.rank, 'flatten');
  const e = normalizeAxis(endAxis, x.rank, 'flatten');
  return reshape(x, [...x.shape.slice(0, s), sizeOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)]);
}

/** Inserts a dimension of size 1 at `axis`. */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  const a = normalizeAxis(axis, x.rank + 1, 'unsqueeze');
  return reshape(x, [...x.shape.slice(0, a), 1, ...x.shape.slice(a)]);
}

/** Removes size-1 dimensions (all of them, or the one at `axis`). */
export function squeeze(x: Tensor, axis?: number): Tensor {
  if (axis === undefined) return reshape(x, x.shape.filter((d) => d !== 1));
  const a = normalizeAxis(axis, x.rank, 'squeeze');
  if (x.shape[a] !== 1) throw new ShapeError(`squeeze: dimension ${axis} of ${formatShape(x.shape)} is not 1`);
  return reshape(x, [...x.shape.slice(0, a), ...x.shape.slice(a + 1)]);
}

/** Repeats values along stretched dimensions to reach `shape` (NumPy rules); the gradient sums them back. */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(x.shape, shape)) return x;
  const target = broadcastShapes('broadcastTo', x.shape, shape);
  if (!shapesEqual(target, shape)) throw new ShapeError(`broadcastTo: cannot broadcast ${formatShape(x.shape)} to ${formatShape(shape)}`);
  const out = Tensor.uninitialized(shape);
  backend().copyStrided(x.data, 0, broadcastStrides(x.shape, shape), out.data, 0, contiguousStrides(shape), shape);
  return record(out, 'broadcastTo', [x], (g) => [sumTo(g, x.shape)]);
}

/** Reorders dimensions: output dimension i is input dimension perm[i]. */
export function permute(x: Tensor, perm: readonly number[]): Tensor {
  if (perm.length !== x.rank) throw new ShapeError(`permute: ${perm.length} axes given for a tensor of shape ${formatShape(x.shape)}`);
  const p = perm.map((a) => normalizeAxis(a, x.rank, 'permute'));
  if (new Set(p).size !== p.length) throw new ShapeError(`permute: [${perm.join(', ')}] is not a permutation`);
  if (p.every((a, i) => a === i)) return x;
  const inStrides = contiguousStrides(x.shape);
  const shape = p.map((a) => x.shape[a]!);
  const out = Tensor.uninitialized(shape);
  backend().copyStrided(x.data, 0, p.map((a) => inStrides[a]!), out.data, 0, contiguousStrides(shape), shape);
  const inverse = new Array<number>(p.length);
  p.forEach((a, i) => (inverse[a] = i));
  return record(out, 'permute', [x], (g) => [permute(g, inverse)]);
}

/** Swaps two dimensions (the last two by default: a matrix transpose). */
export function transpose(x: Tensor, axis0 = -2, axis1 = -1): Tensor {
  if (x.rank < 2) return x;
  const a = normalizeAxis(axis0, x.rank, 'transpose');
  const b = normalizeAxis(axis1, x.rank, 'transpose');
  const perm = Array.from({ length: x.rank }, (_, i) => i);
  perm[a] = b;
  perm[b] = a;
  return permute(x, perm);
}

/** A half-open range [start, end) on one axis; negative values count from the end, as in Python. */
export interface Range {
  start?: number;
  end?: number;
}

function resolveRanges(shape: readonly number[], ranges: readonly (Range | null | undefined)[]): [number, number][] {
  if (ranges.length > shape.length) throw new ShapeError(`slice: ${ranges.length} ranges for a tensor of shape ${formatShape(shape)}`);
  return shape.map((d, i) => {
    const r = ranges[i];
    const clampIndex = (v: number): number => Math.min(Math.max(v < 0 ? v + d : v, 0), d);
    const s = clampIndex(r?.start ?? 0);
    const e = clampIndex(r?.end ?? d);
    return [s, Math.max(s, e)];
  });
}

/** A sub-block of `x`, one range per leading axis (missing ranges take the whole axis). */
export function slice(x: Tensor, ranges: readonly (Range | null | undefined)[]): Tensor {
  const rs = resolveRanges(x.shape, ranges);
  const shape = rs.map(([s, e]) => e - s);
  if (shapesEqual(shape, x.shape)) return x;
  const strides = contiguousStrides(x.shape);
  const offset = rs.reduce((p, [s], i) => p + s * strides[i]!, 0);
  // A block that is contiguous in memory (only the first non-trivial axis is cut) is a view.
  const firstCut = rs.findIndex(([s, e], i) => e - s !== x.shape[i]);
  const contiguous = rs.every(([s, e], i) => i <= firstCut || (s === 0 && e === x.shape[i])) &&
    shape.slice(0, firstCut).every((d) => d === 1);
  let out: Tensor;
  if (contiguous) out = new Tensor(x.data.subarray(offset, offset + sizeOf(shape)), shape, x.base ?? x.data);
  else {
    out = Tensor.uninitialized(shape);
    backend().copyStrided(x.data, offset, strides, out.data, 0, contiguousStrides(shape), shape);
  }
  return record(out, 'slice', [x], (g) => [padSliceGrad(g, x.shape, rs)]);
}

/** Places `g` at `rs` in zeros of `shape`: the adjoint of slice (its own gradient is slice again). */
function padSliceGrad(g: Tensor, shape: readonly number[], rs: [number, number][]): Tensor {
  const out = Tensor.empty(shape);
  const strides = contiguousStrides(shape);
  const offset = rs.reduce((p, [s], i) => p + s * strides[i]!, 0);
  backend().copyStrided(g.data, 0, contiguousStrides(g.shape), out.data, offset, strides, g.shape);
  return record(out, 'padSlice', [g], (gg) => [slice(gg, rs.map(([start, end]) => ({ start, end })))]);
}

/** Joins tensors along an existing axis; all other dimensions must match. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new ShapeError('concat: no tensors given');
  const first = tensors[0]!;
  const a = normalizeAxis(axis, first.rank, 'concat');
  for (const t of tensors) {
    if (t.rank !== first.rank || t.shape.some((d, i) => i !== a && d !== first.shape[i])) {
      throw new ShapeError(`concat: shapes ${tensors.map((u) => formatShape(u.shape)).join(', ')} differ outside axis ${axis}`);
    }
  }
  const shape = [...first.shape];
  shape[a] = tensors.reduce((p, t) => p + t.shape[a]!, 0);
  const out = Tensor.uninitialized(shape);
  const outStrides = contiguousStrides(shape);
  const starts: number[] = [];
  let at = 0;
  for (const t of tensors) {
    starts.push(at);
    backend().copyStrided(t.data, 0, contiguousStrides(t.shape), out.data, at * outStrides[a]!, outStrides, t.shape);
    at += t.shape[a]!;
  }
  return record(out, 'concat', tensors, (g) =>
    tensors.map((t, i) => {
      if (!t.requiresGrad) return null;
      const ranges: Range[] = shape.map(() => ({}));
      ranges[a] = { start: starts[i]!, end: starts[i]! + t.shape[a]! };
      return slice(g, ranges);
    }));
}

/** Splits along `axis` into pieces of the given sizes, or into `sections` equal pieces. */
export function split(x: Tensor, sizesOrSections: number | readonly number[], axis = 0): Tensor[] {
  const a = normalizeAxis(axis, x.rank, 'split');
  const d = x.shape[a]!;
  let sizes: number[];
  if (typeof sizesOrSections === 'number') {
    if (d % sizesOrSections !== 0) throw new ShapeError(`split: axis ${axis} of ${formatShape(x.shape)} does not divide into ${sizesOrSections} equal parts`);
    sizes = new Array<number>(sizesOrSections).fill(d / sizesOrSections);
  } else sizes = [...sizesOrSections];
  if (sizes.reduce((p, s) => p + s, 0) !== d) throw new ShapeError(`split: sizes [${sizes.join(', ')}] do not add up to ${d} (axis ${axis} of ${formatShape(x.shape)})`);
  let at = 0;
  return sizes.map((s) => {
    const ranges: Range[] = x.shape.map(() => ({}));
    ranges[a] = { start: at, end: at + s };
    at += s;
    return slice(x, ranges);
  });
}

/** Joins same-shaped tensors along a new axis. */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new ShapeError('stack: no tensors given');
  const first = tensors[0]!;
  for (const t of tensors) {
    if (!shapesEqual(t.shape, first.shape)) throw new ShapeError(`stack: shapes ${tensors.map((u) => formatShape(u.shape)).join(', ')} differ`);
  }
  const a = normalizeAxis(axis, first.rank + 1, 'stack');
  return concat(tensors.map((t) => reshape(t, [...t.shape.slice(0, a), 1, ...t.shape.slice(a)])), a);
}
