import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  argmax, argmin, assertGradients, Generator, gradients, logSumExp, max, mean, min, ShapeError, sum, tensor, variance, type Tensor,
} from '../index.js';
import { assertClose, distinctTensor, randomTensor } from '../testing/tensors.js';

type AxisChoice = number | number[] | undefined;

/** Float64 reference reduction over `axes` of a contiguous tensor, by explicit coordinates. */
function reduceRef(x: Tensor, axes: AxisChoice, keepDims: boolean, init: number, step: (acc: number, v: number) => number,
  finish: (acc: number, count: number) => number = (acc) => acc): { shape: number[]; values: number[] } {
  const rank = x.rank;
  const list = axes === undefined ? x.shape.map((_, i) => i) : (typeof axes === 'number' ? [axes] : axes).map((a) => (a < 0 ? a + rank : a));
  const keptShape = x.shape.map((d, i) => (list.includes(i) ? 1 : d));
  const outSize = keptShape.reduce((p, d) => p * d, 1);
  const acc = new Array<number>(outSize).fill(init);
  const counts = new Array<number>(outSize).fill(0);
  for (let flat = 0; flat < x.size; flat++) {
    let rem = flat;
    const coords = new Array<number>(rank);
    for (let i = rank - 1; i >= 0; i--) { coords[i] = rem % x.shape[i]!; rem = Math.floor(rem / x.shape[i]!); }
    let o = 0;
    for (let i = 0; i < rank; i++) o = o * keptShape[i]! + (list.includes(i) ? 0 : coords[i]!);
    acc[o] = step(acc[o]!, x.data[flat]!);
    counts[o]!++;
  }
  const shape = keepDims ? keptShape : x.shape.filter((_, i) => !list.includes(i));
  return { shape, values: acc.map((a, i) => finish(a, counts[i]!)) };
}

const axisChoices: AxisChoice[] = [undefined, 0, 1, 2, -1, [0, 2], [1, 2], [0, 1, 2]];

describe('reductions over every axis choice', () => {
  const ops: [string, (x: Tensor, axes: AxisChoice, keep: boolean) => Tensor, number, (a: number, v: number) => number,
    ((a: number, n: number) => number) | undefined][] = [
    ['sum', sum, 0, (a, v) => a + v, undefined],
    ['mean', mean, 0, (a, v) => a + v, (a, n) => a / n],
    ['max', max, -Infinity, Math.max, undefined],
    ['min', min, Infinity, Math.min, undefined],
    ['logSumExp', logSumExp, 0, (a, v) => a + Math.exp(v), (a) => Math.log(a)],
  ];
  for (const [name, f, init, step, finish] of ops) {
    for (const axes of axisChoices) {
      for (const keepDims of [false, true]) {
        it(`${name} over ${JSON.stringify(axes) ?? 'all'}${keepDims ? ' keepDims' : ''}: value and gradient`, () => {
          // Distinct values: max/min have a unique arg-extremum that a finite-difference step cannot overtake.
          const x = distinctTensor(new Generator(3), [2, 3, 4], 0.1);
          const expected = reduceRef(x, axes, keepDims, init, step, finish);
          const y = f(x, axes, keepDims);
          assert.deepEqual(y.shape, expected.shape);
          assertClose(y, expected.values, { atol: 1e-5, rtol: 1e-6 });
          assertGradients((t) => f(t, axes, keepDims), [x]);
        });
      }
    }
  }

  it('variance (population and Bessel-corrected) matches the reference and finite differences', () => {
    const x = randomTensor(new Generator(4), [3, 5]);
    const rows = (x.toArray() as number[][]);
    const m = rows.map((r) => r.reduce((p, v) => p + v, 0) / r.length);
    const ss = rows.map((r, i) => r.reduce((p, v) => p + (v - m[i]!) ** 2, 0));
    assertClose(variance(x, 1), ss.map((s) => s / 5), { rtol: 1e-5 });
    assertClose(variance(x, 1, false, 1), ss.map((s) => s / 4), { rtol: 1e-5 });
    assertGradients((t) => variance(t, [0, 1]), [x]);
  });

  it('second derivatives of mean, max and logSumExp match finite differences', () => {
    const x = distinctTensor(new Generator(5), [2, 3], 0.3);
    for (const f of [(t: Tensor) => mean(t, 1), (t: Tensor) => max(t, 0), (t: Tensor) => logSumExp(t, 1)]) {
      const firstDerivative = (t: Tensor): Tensor => gradients(sum(f(t).square()), [t], { createGraph: true })[0]!;
      assertGradients(firstDerivative, [x]);
    }
  });
});

describe('max/min gradient', () => {
  it('goes to the arg-extremum and is shared evenly at ties', () => {
    const x = tensor([[1, 3, 3], [5, 2, 5]]).requiresGrad_();
    sum(max(x, 1)).backward();
    assert.deepEqual(x.grad!.toArray(), [[0, 0.5, 0.5], [0.5, 0, 0.5]]);
    const z = tensor([2, -1, 4]).requiresGrad_();
    min(z).backward();
    assert.deepEqual(Array.from(z.grad!.data), [0, 1, 0]);
  });

  it('reducing over an empty axis is an error', () => {
    assert.throws(() => max(tensor([], [2, 0]), 1), RangeError);
  });
});

describe('argmax/argmin', () => {
  it('index along an axis, over the flattened tensor, first occurrence on ties', () => {
    const x = tensor([[1, 9, 9], [7, 2, 0]]);
    assert.deepEqual(Array.from(argmax(x, 1).data), [1, 0]);
    assert.deepEqual(Array.from(argmax(x, 0).data), [1, 0, 0]);
    assert.deepEqual(Array.from(argmin(x, -1).data), [0, 2]);
    assert.deepEqual(argmax(x, 1, true).shape, [2, 1]);
    assert.equal(argmax(x).item(), 1);
    assert.equal(argmin(x).item(), 5);
  });

  it('an axis out of range is a ShapeError', () => {
    assert.throws(() => argmax(tensor([1, 2]), 1), ShapeError);
    assert.throws(() => sum(tensor([1, 2]), [0, 0]), ShapeError);
  });
});

describe('NaN and infinities in reductions', () => {
  it('NaN wins in sum, mean, max, min and argmax', () => {
    const x = tensor([[1, NaN, 3], [4, 5, 6]]);
    assert.ok(Number.isNaN(sum(x).item()));
    assert.ok(Number.isNaN(mean(x).item()));
    assertClose(max(x, 1), [NaN, 6]);
    assertClose(min(x, 1), [NaN, 4]);
    assertClose(max(tensor([NaN, 1, 2])), [NaN]);
    assertClose(max(tensor([1, 2, NaN])), [NaN]);
    assertClose(min(tensor([3, NaN, -1])), [NaN]);
    assert.deepEqual(Array.from(argmax(x, 1).data), [1, 2]);
    assert.deepEqual(Array.from(argmax(tensor([NaN, 5])).data), [0]);
    assert.deepEqual(Array.from(argmin(tensor([3, NaN, -1])).data), [1]);
  });

  it('logSumExp of [1000, 1000] is 1000 + log 2 (no overflow)', () => {
    assertClose(logSumExp(tensor([1000, 1000])), [1000 + Math.LN2], { rtol: 1e-7 });
    assertClose(logSumExp(tensor([-1000, -1000])), [-1000 + Math.LN2], { rtol: 1e-7 });
  });

  it('logSumExp with −∞ entries ignores them, and an all −∞ slice gives −∞', () => {
    const x = tensor([[0, -Infinity, Math.log(3)], [-Infinity, -Infinity, -Infinity]]);
    assertClose(logSumExp(x, 1), [Math.log(4), -Infinity], { rtol: 1e-6 });
    const row = tensor([0, -Infinity, Math.log(3)]).requiresGrad_();
    logSumExp(row).backward();
    assertClose(row.grad!, [0.25, 0, 0.75], { rtol: 1e-6 });
  });

  it('logSumExp with +∞ is +∞ and with NaN is NaN', () => {
    assert.equal(logSumExp(tensor([1, Infinity])).item(), Infinity);
    assert.ok(Number.isNaN(logSumExp(tensor([1, NaN])).item()));
  });
});

describe('long sums', () => {
  it('accumulate in float64: a million 0.1s sum to 100000 within float32 rounding', () => {
    const x = tensor(new Float32Array(1_000_000).fill(0.1));
    assertClose(sum(x), [1e6 * Math.fround(0.1)], { rtol: 1e-7 });
  });
});
