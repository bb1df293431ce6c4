/**
 * Mini-batches: a seeded shuffle of sample indices split into batches, and the gather that copies those
 * rows out. The same generator state gives the same batches, which makes resumed runs reproducible.
 */
import type { Generator } from '../tensor/random.js';

/** One epoch's batches of sample indices, shuffled by `gen`; the last batch may be short unless dropLast. */
export function shuffledBatches(count: number, batchSize: number, gen: Generator, dropLast = false): Int32Array[] {
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw new RangeError(`shuffledBatches: batchSize must be a positive integer, got ${batchSize}`);
  const order = gen.permutation(count);
  const batches: Int32Array[] = [];
  for (let start = 0; start < count; start += batchSize) {
    if (dropLast && start + batchSize > count) break;
    batches.push(order.subarray(start, Math.min(start + batchSize, count)));
  }
  return batches;
}

/** Copies rows `indices` (each `rowSize` values) of a row-major array into a new array. */
export function gatherRows(values: Float32Array, rowSize: number, indices: ArrayLike<number>): Float32Array {
  const rows = values.length / rowSize;
  const out = new Float32Array(indices.length * rowSize);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i]!;
    if (!(r >= 0 && r < rows)) throw new RangeError(`gatherRows: row ${r} is outside 0..${rows - 1}`);
    out.set(values.subarray(r * rowSize, (r + 1) * rowSize), i * rowSize);
  }
  return out;
}

/** The labels at `indices`. */
export function gatherLabels(labels: Int32Array, indices: ArrayLike<number>): Int32Array {
  const out = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = labels[indices[i]!]!;
  return out;
}
