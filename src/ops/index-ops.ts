/** Indexing: selecting rows (indexSelect), picking along an axis (gather) and one-hot codes. */
import { record } from '../autograd/grad-mode.js';
import { formatShape, normalizeAxis, ShapeError, sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

export type Indices = Tensor | Int32Array | readonly number[];

function toIndexArray(indices: Indices, opName: string, limit: number): Int32Array {
  const src = indices instanceof Tensor ? indices.data : indices;
  const out = new Int32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i]!;
    if (!Number.isInteger(v) || v < -limit || v >= limit) throw new RangeError(`${opName}: index ${v} is out of range for size ${limit}`);
    out[i] = v < 0 ? v + limit : v;
  }
  return out;
}

/** Geometry of "outer × size(axis) × inner" used by the index ops. */
function around(shape: readonly number[], axis: number): [number, number, number] {
  return [sizeOf(shape.slice(0, axis)), shape[axis]!, sizeOf(shape.slice(axis + 1))];
}

/** The slices x[..., i, ...] for each i in `indices` along `axis` (e.g. a mini-batch of rows). */
export function indexSelect(x: Tensor, indices: Indices, axis = 0): Tensor {
  const a = normalizeAxis(axis, x.rank, 'indexSelect');
  const [outer, len, inner] = around(x.shape, a);
  const idx = toIndexArray(indices, 'indexSelect', len);
  const shape = [...x.shape];
  shape[a] = idx.length;
  const out = Tensor.empty(shape);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < idx.length; j++) {
      const src = (o * len + idx[j]!) * inner;
      out.data.set(x.data.subarray(src, src + inner), (o * idx.length + j) * inner);
    }
  }
  return record(out, 'indexSelect', [x], (g) => [indexAdd(g, idx, a, len)]);
}

/** Zeros of the source shape with g's slices added at `idx`: the adjoint of indexSelect. */
function indexAdd(g: Tensor, idx: Int32Array, axis: number, len: number): Tensor {
  const shape = [...g.shape];
  shape[axis] = len;
  const out = Tensor.empty(shape);
  const [outer, , inner] = around(g.shape, axis);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < idx.length; j++) {
      const src = (o * idx.length + j) * inner;
      const dst = (o * len + idx[j]!) * inner;
      for (let i = 0; i < inner; i++) out.data[dst + i]! += g.data[src + i]!;
    }
  }
  return record(out, 'indexAdd', [g], (gg) => [indexSelect(gg, idx, axis)]);
}

/**
 * out[…, j, …] = x[…, index[…, j, …], …] along `axis` (PyTorch's `gather`); `index` has x's rank and
 * matches x's shape except along `axis`.
 */
export function gather(x: Tensor, axis: number, index: Tensor): Tensor {
  const a = normalizeAxis(axis, x.rank, 'gather');
  if (index.rank !== x.rank || index.shape.some((d, i) => i !== a && d !== x.shape[i])) {
    throw new ShapeError(`gather: index of shape ${formatShape(index.shape)} does not match input ${formatShape(x.shape)} outside axis ${axis}`);
  }
  const [outer, len, inner] = around(x.shape, a);
  const k = index.shape[a]!;
  const idx = toIndexArray(index, 'gather', len);
  const out = Tensor.empty(index.shape);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < inner; i++) {
        const at = (o * k + j) * inner + i;
        out.data[at] = x.data[(o * len + idx[at]!) * inner + i]!;
      }
    }
  }
  return record(out, 'gather', [x], (g) => [scatterAdd(g, a, idx, index.shape, x.shape)]);
}

/** Zeros of `shape` with g added at the gathered positions: the adjoint of gather. */
function scatterAdd(g: Tensor, axis: number, idx: Int32Array, indexShape: readonly number[], shape: readonly number[]): Tensor {
  const out = Tensor.empty(shape);
  const [outer, len, inner] = around(shape, axis);
  const k = indexShape[axis]!;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < inner; i++) {
        const at = (o * k + j) * inner + i;
        out.data[(o * len + idx[at]!) * inner + i]! += g.data[at]!;
      }
    }
  }
  const indexTensor = new Tensor(Float32Array.from(idx), indexShape);
  return record(out, 'scatterAdd', [g], (gg) => [gather(gg, axis, indexTensor)]);
}

/** Integer class labels to one-hot rows of length `numClasses`. */
export function oneHot(labels: Indices, numClasses: number): Tensor {
  const idx = toIndexArray(labels, 'oneHot', numClasses);
  const out = Tensor.empty([idx.length, numClasses]);
  for (let i = 0; i < idx.length; i++) out.data[i * numClasses + idx[i]!] = 1;
  return out;
}
