import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertGradients, Generator, gradients, matmul, ShapeError, sum, tensor, type Tensor } from '../index.js';
import { assertClose, randomTensor } from '../testing/tensors.js';

/** Float64 triple loop over the last two axes, with NumPy batch broadcasting, reading A or Aᵀ (B or Bᵀ) by index. */
function matmulRef(a: Tensor, b: Tensor, tA: boolean, tB: boolean): { shape: number[]; values: number[] } {
  const [ar, ac] = a.shape.slice(-2) as [number, number];
  const [br, bc] = b.shape.slice(-2) as [number, number];
  const [m, k] = tA ? [ac, ar] : [ar, ac];
  const n = tB ? br : bc;
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  const rank = Math.max(aBatch.length, bBatch.length);
  const pad = (s: readonly number[]): number[] => [...new Array<number>(rank - s.length).fill(1), ...s];
  const pa = pad(aBatch);
  const pb = pad(bBatch);
  const batch = pa.map((d, i) => Math.max(d, pb[i]!));
  const batches = batch.reduce((p, d) => p * d, 1);
  const values: number[] = [];
  for (let t = 0; t < batches; t++) {
    let rem = t;
    let ia = 0;
    let ib = 0;
    const coords = new Array<number>(rank);
    for (let i = rank - 1; i >= 0; i--) { coords[i] = rem % batch[i]!; rem = Math.floor(rem / batch[i]!); }
    for (let i = 0; i < rank; i++) {
      ia = ia * pa[i]! + (pa[i] === 1 ? 0 : coords[i]!);
      ib = ib * pb[i]! + (pb[i] === 1 ? 0 : coords[i]!);
    }
    const A = (i: number, p: number): number => a.data[ia * ar * ac + (tA ? p * ac + i : i * ac + p)]!;
    const B = (p: number, j: number): number => b.data[ib * br * bc + (tB ? j * bc + p : p * bc + j)]!;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += A(i, p) * B(p, j);
        values.push(s);
      }
    }
  }
  return { shape: [...batch, m, n], values };
}

const mm = (a: Tensor, b: Tensor): Tensor => matmul(a, b);

describe('matmul', () => {
  const gen = new Generator(8);
  for (const tA of [false, true]) {
    for (const tB of [false, true]) {
      it(`transposeA=${tA} transposeB=${tB}: value vs triple loop, gradients vs finite differences`, () => {
        const [m, k, n] = [3, 4, 5];
        const a = randomTensor(gen, tA ? [k, m] : [m, k]);
        const b = randomTensor(gen, tB ? [n, k] : [k, n]);
        const expected = matmulRef(a, b, tA, tB);
        const y = matmul(a, b, { transposeA: tA, transposeB: tB });
        assert.deepEqual(y.shape, [m, n]);
        assertClose(y, expected.values, { atol: 1e-5, rtol: 1e-5 });
        assertGradients((x, z) => matmul(x, z, { transposeA: tA, transposeB: tB }), [a, b]);
      });

      it(`transposeA=${tA} transposeB=${tB} with broadcast batch dimensions [2,1]·[3]`, () => {
        const a = randomTensor(gen, tA ? [2, 1, 3, 2] : [2, 1, 2, 3]);
        const b = randomTensor(gen, tB ? [3, 4, 3] : [3, 3, 4]);
        const expected = matmulRef(a, b, tA, tB);
        const y = matmul(a, b, { transposeA: tA, transposeB: tB });
        assert.deepEqual(y.shape, expected.shape);
        assertClose(y, expected.values, { atol: 1e-5, rtol: 1e-5 });
        assertGradients((x, z) => matmul(x, z, { transposeA: tA, transposeB: tB }), [a, b]);
      });
    }
  }

  it('batched with equal batch dims, and a matrix times a batch', () => {
    const a = randomTensor(gen, [2, 3, 4]);
    const b = randomTensor(gen, [2, 4, 2]);
    assertClose(matmul(a, b), matmulRef(a, b, false, false).values, { atol: 1e-5 });
    assertGradients(mm, [a, b]);
    const w = randomTensor(gen, [3, 2]);
    assertClose(matmul(w, a, { transposeA: true }), matmulRef(w, a, true, false).values, { atol: 1e-5 });
    assertGradients((x, z) => matmul(x, z, { transposeA: true }), [w, a]);
  });

  it('1-D operands: vector·matrix, matrix·vector, vector·vector, batch·vector', () => {
    const v = randomTensor(gen, [4]);
    const m = randomTensor(gen, [4, 3]);
    const mt = randomTensor(gen, [3, 4]);
    const batch = randomTensor(gen, [2, 3, 4]);
    assert.deepEqual(matmul(v, m).shape, [3]);
    assertClose(matmul(v, m), matmulRef(v.reshape([1, 4]), m, false, false).values, { atol: 1e-5 });
    assert.deepEqual(matmul(mt, v).shape, [3]);
    assertClose(matmul(mt, v), matmulRef(mt, v.reshape([4, 1]), false, false).values, { atol: 1e-5 });
    assert.deepEqual(matmul(v, v).shape, []);
    assertClose(matmul(v, v), [Array.from(v.data).reduce((p, x) => p + x * x, 0)], { atol: 1e-5 });
    assert.deepEqual(matmul(batch, v).shape, [2, 3]);
    assert.deepEqual(matmul(v, mt, { transposeB: true }).shape, [3]);
    assertGradients(mm, [v, m]);
    assertGradients(mm, [mt, v]);
    assertGradients(mm, [v, randomTensor(gen, [4])]);
    assertGradients(mm, [batch, v]);
    assertGradients((x, z) => matmul(x, z, { transposeB: true }), [v, mt]);
  });

  it('second derivatives (a product of matmuls) match finite differences', () => {
    const a = randomTensor(gen, [2, 3]);
    const b = randomTensor(gen, [3, 2]);
    const f = (x: Tensor, z: Tensor): Tensor => sum(matmul(matmul(x, z), matmul(x, z)));
    for (const k of [0, 1]) {
      assertGradients((x, z) => gradients(f(x, z), [x, z], { createGraph: true })[k]!, [a, b]);
    }
  });

  it('accumulates long inner products in more than float32 precision (K = 3000)', () => {
    const k = 3000;
    const a = tensor(Float32Array.from({ length: k }, (_, i) => 1 + (i % 7) * 1e-3), [1, k]);
    const b = tensor(Float32Array.from({ length: k }, (_, i) => 1 - (i % 5) * 1e-3), [k, 1]);
    assertClose(matmul(a, b), matmulRef(a, b, false, false).values, { atol: 0, rtol: 1e-6 });
  });

  it('propagates NaN and ∞ from either operand, even where the other operand holds 0', () => {
    const a = tensor([[NaN, 1], [2, 3]]);
    const b = tensor([[1, 0], [0, 1]]);
    const ab = matmul(a, b);
    assert.ok(Number.isNaN(ab.data[0]) && Number.isNaN(ab.data[1]), `${Array.from(ab.data)}`);
    assert.deepEqual(Array.from(ab.data.subarray(2)), [2, 3]);
    // 0 · NaN = NaN and 0 · ∞ = NaN, as IEEE arithmetic (and every BLAS-free reference) says.
    const zeros = tensor([[0, 0]]);
    assert.ok(Number.isNaN(matmul(zeros, tensor([[NaN], [1]])).item()));
    assert.ok(Number.isNaN(matmul(zeros, tensor([[Infinity], [1]])).item()));
    for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const y = matmul(tensor([[0, 1], [0, 1]]), tensor([[NaN, NaN], [1, 1]]), { transposeA: tA, transposeB: tB });
      assert.ok(Array.from(y.data).some(Number.isNaN), `transposeA=${tA} transposeB=${tB}: ${Array.from(y.data)}`);
    }
  });

  it('mismatched inner dimensions are a ShapeError naming both shapes', () => {
    assert.throws(() => matmul(randomTensor(gen, [2, 3]), randomTensor(gen, [4, 5])), (e: unknown) =>
      e instanceof ShapeError && /\[2, 3\].*\[4, 5\]/.test(e.message));
    assert.throws(() => matmul(randomTensor(gen, [2, 3]), randomTensor(gen, [3, 2]), { transposeA: true }), (e: unknown) =>
      e instanceof ShapeError && /\[2, 3\]ᵀ.*\[3, 2\]/.test(e.message));
    assert.throws(() => matmul(randomTensor(gen, [2, 2, 3]), randomTensor(gen, [3, 3, 4])), (e: unknown) =>
      e instanceof ShapeError && /\[2\].*\[3\]/.test(e.message));
    assert.throws(() => matmul(tensor(1), randomTensor(gen, [2])), ShapeError);
  });
});
