import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  add, assertGradients, div, eq, ge, Generator, gradients, gt, le, lt, maximum, minimum, mul, ne, pow, scalar, ShapeError,
  sub, sum, tensor, type Tensor,
} from '../index.js';
import { assertClose, awayFromZero, distinctTensor, randomTensor } from '../testing/tensors.js';

/** Float64 reference of a broadcasting binary op, by explicit index arithmetic (independent of the kernels). */
function broadcastRef(a: Tensor, b: Tensor, f: (x: number, y: number) => number): { shape: number[]; values: number[] } {
  const rank = Math.max(a.rank, b.rank);
  const pad = (s: readonly number[]): number[] => [...new Array<number>(rank - s.length).fill(1), ...s];
  const sa = pad(a.shape);
  const sb = pad(b.shape);
  const shape = sa.map((d, i) => Math.max(d, sb[i]!));
  const size = shape.reduce((p, d) => p * d, 1);
  const read = (t: Tensor, s: number[], coords: number[]): number => {
    let offset = 0;
    for (let i = 0; i < rank; i++) offset = offset * s[i]! + (s[i] === 1 ? 0 : coords[i]!);
    return t.data[offset]!;
  };
  const values: number[] = [];
  for (let flat = 0; flat < size; flat++) {
    const coords = new Array<number>(rank);
    let rem = flat;
    for (let i = rank - 1; i >= 0; i--) { coords[i] = rem % shape[i]!; rem = Math.floor(rem / shape[i]!); }
    values.push(f(read(a, sa, coords), read(b, sb, coords)));
  }
  return { shape, values };
}

const shapePairs: [string, number[], number[]][] = [
  ['same shape', [2, 3], [2, 3]],
  ['[3,1,4] with [2,4]', [3, 1, 4], [2, 4]],
  ['scalar with matrix', [], [2, 3]],
  ['matrix with scalar', [2, 3], []],
  ['bias row [2,3] + [3]', [2, 3], [3]],
  ['column with row', [3, 1], [1, 4]],
];

const ops: [string, (a: Tensor, b: Tensor) => Tensor, (x: number, y: number) => number, 'any' | 'positiveBase' | 'nonzeroDivisor'][] = [
  ['add', add, (x, y) => x + y, 'any'],
  ['sub', sub, (x, y) => x - y, 'any'],
  ['mul', mul, (x, y) => x * y, 'any'],
  ['div', div, (x, y) => x / y, 'nonzeroDivisor'],
  ['pow', pow, (x, y) => x ** y, 'positiveBase'],
  ['maximum', maximum, Math.max, 'any'],
  ['minimum', minimum, Math.min, 'any'],
];

function operands(kind: string, seed: number, sa: number[], sb: number[]): [Tensor, Tensor] {
  const gen = new Generator(seed);
  // a on multiples of 0.5 and b a quarter off them: maximum/minimum never see a tie within the finite-difference step.
  const a = distinctTensor(gen, sa, 0.5);
  const b = distinctTensor(gen, sb, 0.5);
  for (let i = 0; i < a.size; i++) a.data[i] = Math.round(a.data[i]! * 2) / 2;
  for (let i = 0; i < b.size; i++) b.data[i] = Math.round(b.data[i]! * 2) / 2 + 0.25;
  if (kind === 'positiveBase') for (let i = 0; i < a.size; i++) a.data[i] = 0.5 + Math.abs(a.data[i]!);
  if (kind === 'nonzeroDivisor') {
    const d = awayFromZero(gen, sb, 0.5, 2);
    return [a, d];
  }
  return [a, b];
}

describe('binary ops', () => {
  for (const [name, f, ref, kind] of ops) {
    describe(name, () => {
      for (const [label, sa, sb] of shapePairs) {
        it(`matches the float64 reference and finite differences: ${label}`, () => {
          const [a, b] = operands(kind, 11, sa, sb);
          const expected = broadcastRef(a, b, ref);
          const y = f(a, b);
          assert.deepEqual(y.shape, expected.shape);
          assertClose(y, expected.values, { atol: 1e-6, rtol: 1e-6 });
          assertGradients(f, [a, b]);
        });
      }
      it('propagates NaN from either side', () => {
        const y = f(tensor([NaN, 2]), tensor([1.5, NaN]));
        assert.ok(Number.isNaN(y.data[0]) && Number.isNaN(y.data[1]), `${name}: ${Array.from(y.data)}`);
      });
    });
  }

  it('second derivatives of mul, div and pow match finite differences', () => {
    const a = tensor([[0.6, 1.3], [0.9, 1.7]]);
    const b = tensor([-0.7, 1.4]);
    for (const f of [mul, div, pow]) {
      for (const k of [0, 1]) {
        const firstDerivative = (x: Tensor, y: Tensor): Tensor => gradients(sum(f(x, y)), [x, y], { createGraph: true })[k]!;
        assertGradients(firstDerivative, [a, b]);
      }
    }
  });

  it('maximum/minimum split the gradient evenly at ties', () => {
    const a = tensor([1, 2]).requiresGrad_();
    const b = tensor([1, 3]).requiresGrad_();
    sum(maximum(a, b)).backward();
    assert.deepEqual(Array.from(a.grad!.data), [0.5, 0]);
    assert.deepEqual(Array.from(b.grad!.data), [0.5, 1]);
  });

  it('pow: the exponent gradient is 0 (not NaN) where the base is 0', () => {
    const a = tensor([0, 2]);
    const b = tensor([2, 3]).requiresGrad_();
    sum(pow(a, b)).backward();
    assertClose(b.grad!, [0, 8 * Math.log(2)]);
  });

  it('comparisons give 1/0 masks with broadcasting and no gradient', () => {
    const a = tensor([[1, 2, 3]]).requiresGrad_();
    const b = tensor([[2], [1]]);
    assert.deepEqual(gt(a, b).toArray(), [[0, 0, 1], [0, 1, 1]]);
    assert.deepEqual(ge(a, b).toArray(), [[0, 1, 1], [1, 1, 1]]);
    assert.deepEqual(lt(a, b).toArray(), [[1, 0, 0], [0, 0, 0]]);
    assert.deepEqual(le(a, b).toArray(), [[1, 1, 0], [1, 0, 0]]);
    assert.deepEqual(eq(a, b).toArray(), [[0, 1, 0], [1, 0, 0]]);
    assert.deepEqual(ne(a, b).toArray(), [[1, 0, 1], [0, 1, 1]]);
    assert.equal(gt(a, b).requiresGrad, false);
    assert.deepEqual(Array.from(eq(tensor([NaN]), tensor([NaN])).data), [0]);
  });

  it('numbers act as rank-0 operands on either side', () => {
    assert.deepEqual(sub(1, tensor([1, 2])).toArray(), [0, -1]);
    assert.deepEqual(div(tensor([1, 2]), 2).toArray(), [0.5, 1]);
    assert.equal(add(scalar(2), 3).item(), 5);
    assert.deepEqual(add(scalar(2), 3).shape, []);
  });

  it('a broadcast mismatch is a ShapeError naming both shapes', () => {
    const gen = new Generator(1);
    assert.throws(() => add(randomTensor(gen, [2, 3]), randomTensor(gen, [4, 5])), (e: unknown) =>
      e instanceof ShapeError && /\[2, 3\].*\[4, 5\]/.test(e.message));
    assert.throws(() => mul(randomTensor(gen, [3, 1, 4]), randomTensor(gen, [2, 3])), (e: unknown) =>
      e instanceof ShapeError && /\[3, 1, 4\].*\[2, 3\]/.test(e.message));
  });
});
