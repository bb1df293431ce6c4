/** Matrix products, batched over leading dimensions (which broadcast), with transpose flags. */
import { backend } from '../backend/registry.js';
import { record } from '../autograd/grad-mode.js';
import { broadcastShapes, formatShape, ShapeError, sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { sumTo } from './binary.js';
import { reshape } from './shape-ops.js';

export interface MatmulOptions {
  /** Use Aᵀ (the last two axes swapped) without materialising it. */
  transposeA?: boolean;
  transposeB?: boolean;
}

/** Index of the batch slab of an operand of batch shape `own` that feeds output batch `index` of shape `out`. */
function batchOffset(index: number, out: readonly number[], own: readonly number[]): number {
  let offset = 0;
  let ownStride = 1;
  let rem = index;
  for (let i = out.length - 1; i >= 0; i--) {
    const coord = rem % out[i]!;
    rem = Math.floor(rem / out[i]!);
    const j = i - (out.length - own.length);
    if (j >= 0) {
      if (own[j] !== 1) offset += coord * ownStride;
      ownStride *= own[j]!;
    }
  }
  return offset;
}

/**
 * op(A) · op(B). 1-D operands are treated as a row (A) or a column (B) vector and that axis is dropped from the
 * result, as in NumPy. Batch dimensions broadcast.
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  const tA = options.transposeA ?? false;
  const tB = options.transposeB ?? false;
  if (a.rank === 0 || b.rank === 0) throw new ShapeError(`matmul: operands must have rank ≥ 1, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  if (a.rank === 1 || b.rank === 1) {
    const a2 = a.rank === 1 ? reshape(a, tA ? [a.size, 1] : [1, a.size]) : a;
    const b2 = b.rank === 1 ? reshape(b, tB ? [1, b.size] : [b.size, 1]) : b;
    const r = matmul(a2, b2, options);
    const shape = [...r.shape];
    if (b.rank === 1) shape.splice(shape.length - 1, 1);
    if (a.rank === 1) shape.splice(shape.length - (b.rank === 1 ? 1 : 2), 1);
    return reshape(r, shape);
  }
  const [ar, ac] = a.shape.slice(-2) as [number, number];
  const [br, bc] = b.shape.slice(-2) as [number, number];
  const m = tA ? ac : ar;
  const k = tA ? ar : ac;
  const kb = tB ? bc : br;
  const n = tB ? br : bc;
  if (k !== kb) {
    throw new ShapeError(`matmul: inner dimensions differ: ${formatShape(a.shape)}${tA ? 'ᵀ' : ''} · ${formatShape(b.shape)}${tB ? 'ᵀ' : ''} (${k} vs ${kb})`);
  }
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  const batch = broadcastShapes('matmul (batch dimensions)', aBatch, bBatch);
  const out = Tensor.uninitialized([...batch, m, n]); // gemm with beta = 0 writes every element
  const batches = sizeOf(batch);
  const be = backend();
  for (let i = 0; i < batches; i++) {
    const ao = batchOffset(i, batch, aBatch) * m * k;
    const bo = batchOffset(i, batch, bBatch) * k * n;
    be.gemm(tA, tB, m, n, k, 1, a.data.subarray(ao, ao + m * k), b.data.subarray(bo, bo + k * n), 0,
      out.data.subarray(i * m * n, (i + 1) * m * n));
  }
  return record(out, 'matmul', [a, b], (g) => {
    // C = op(A)·op(B): ∂op(A) = G·op(B)ᵀ and ∂op(B) = op(A)ᵀ·G, written back in A's and B's stored layout.
    let ga: Tensor | null = null;
    let gb: Tensor | null = null;
    if (a.requiresGrad) {
      ga = tA ? matmul(b, g, { transposeA: tB, transposeB: true }) : matmul(g, b, { transposeA: false, transposeB: !tB });
      ga = sumTo(ga, a.shape);
    }
    if (b.requiresGrad) {
      gb = tB ? matmul(g, a, { transposeA: true, transposeB: tA }) : matmul(a, g, { transposeA: !tA, transposeB: false });
      gb = sumTo(gb, b.shape);
    }
    return [ga, gb];
  });
}
