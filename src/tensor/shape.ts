/** Shapes, strides and NumPy broadcasting rules. Shapes are plain arrays of non-negative integers. */

export type Shape = readonly number[];

export class ShapeError extends Error {
  override name = 'ShapeError';
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function checkShape(shape: Shape, what = 'shape'): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`${what} ${formatShape(shape)} has a dimension that is not a non-negative integer`);
  }
}

/** Row-major (C-order) strides of a contiguous array. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The broadcast shape of several shapes (NumPy rules: align right, 1 stretches). */
export function broadcastShapes(opName: string, ...shapes: Shape[]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const o = rank - s.length + i;
      const d = s[i]!;
      if (out[o] === 1) out[o] = d;
      else if (d !== 1 && d !== out[o]) {
        throw new ShapeError(`${opName}: shapes ${shapes.map(formatShape).join(' and ')} cannot be broadcast together (dimension ${o - rank} is ${out[o]} vs ${d})`);
      }
    }
  }
  return out;
}

/** Strides for reading an array of `shape` as if it had the (broadcast) shape `target`: 0 where it is stretched. */
export function broadcastStrides(shape: Shape, target: Shape): number[] {
  const own = contiguousStrides(shape);
  const out = new Array<number>(target.length).fill(0);
  const lead = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[lead + i] = shape[i] === 1 ? 0 : own[i]!;
  return out;
}

/** Normalises a possibly negative axis into [0, rank). */
export function normalizeAxis(axis: number, rank: number, opName: string): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= Math.max(rank, 1)) {
    throw new ShapeError(`${opName}: axis ${axis} is out of range for a tensor of rank ${rank}`);
  }
  return a;
}

/** Sorted, unique, non-negative axes; `undefined` means all axes. */
export function normalizeAxes(axes: number | readonly number[] | undefined, rank: number, opName: string): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : axes;
  const out = [...new Set(list.map((a) => normalizeAxis(a, rank, opName)))];
  if (out.length !== list.length) throw new ShapeError(`${opName}: repeated axis in [${list.join(', ')}]`);
  return out.sort((x, y) => x - y);
}

/** The shape that remains after reducing `axes`, with or without the reduced axes kept as 1. */
export function reducedShape(shape: Shape, axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (axes.includes(i)) {
      if (keepDims) out.push(1);
    } else out.push(shape[i]!);
  }
  return out;
}

/** Resolves a reshape target that may contain one -1. */
export function resolveReshape(from: Shape, to: readonly number[], opName = 'reshape'): number[] {
  const size = sizeOf(from);
  const out = [...to];
  const infer = out.indexOf(-1);
  if (infer !== out.lastIndexOf(-1)) throw new ShapeError(`${opName}: only one dimension may be -1 in ${formatShape(to)}`);
  if (infer >= 0) {
    const known = out.reduce((p, d, i) => (i === infer ? p : p * d), 1);
    if (known === 0 || size % known !== 0) throw new ShapeError(`${opName}: cannot reshape ${formatShape(from)} (size ${size}) into ${formatShape(to)}`);
    out[infer] = size / known;
  }
  checkShape(out, `${opName} target`);
  if (sizeOf(out) !== size) throw new ShapeError(`${opName}: cannot reshape ${formatShape(from)} (size ${size}) into ${formatShape(to)} (size ${sizeOf(out)})`);
  return out;
}
