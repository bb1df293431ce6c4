import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertGradients, Generator, gradients, logSoftmax, logSumExp, softmax, sum, tensor, type Tensor } from '../index.js';
import { assertClose, randomTensor } from '../testing/tensors.js';

/** Float64 softmax of each row, shifted by the row max. */
function softmaxRows(rows: number[][]): number[][] {
  return rows.map((r) => {
    const m = Math.max(...r);
    const e = r.map((v) => Math.exp(v - m));
    const s = e.reduce((p, v) => p + v, 0);
    return e.map((v) => v / s);
  });
}

describe('softmax and logSoftmax', () => {
  it('match the float64 reference on large logits without overflow', () => {
    const rows = [[1000, 1001, 1002], [-1000, -1000, -999], [0, 50, -50]];
    const expected = softmaxRows(rows);
    assertClose(softmax(tensor(rows)), expected.flat(), { atol: 1e-7, rtol: 1e-5 });
    assertClose(logSoftmax(tensor(rows)), expected.flat().map(Math.log), { atol: 1e-5, rtol: 1e-6 });
    assertClose(softmax(tensor([88, 89])), [1 / (1 + Math.E), Math.E / (1 + Math.E)], { rtol: 1e-6 });
  });

  it('rows sum to 1 along any axis', () => {
    const x = randomTensor(new Generator(61), [3, 4, 5], 3);
    for (const axis of [0, 1, 2, -1]) {
      const s = sum(softmax(x, axis), axis);
      assertClose(s, new Array(s.size).fill(1), { atol: 1e-6 });
    }
  });

  it('gradients (first and second order) along each axis match finite differences', () => {
    const x = randomTensor(new Generator(62), [2, 3, 2]);
    for (const axis of [0, 1, -1]) {
      assertGradients((t) => softmax(t, axis), [x]);
      assertGradients((t) => logSoftmax(t, axis), [x]);
      assertGradients((t) => gradients(sum(softmax(t, axis).square()), [t], { createGraph: true })[0]!, [x]);
    }
    assertGradients((t) => logSumExp(t, [0, 2]), [x]);
    assertGradients((t) => gradients(logSumExp(t), [t], { createGraph: true })[0]!, [x]);
  });

  it('logSoftmax of large logits has the softmax-minus-one-hot gradient of cross-entropy', () => {
    const x = tensor([[1000, 0, -1000]]).requiresGrad_();
    logSoftmax(x).mul(tensor([[0, 1, 0]])).sum().neg().backward();
    assertClose(x.grad!, [1, -1, 0], { atol: 1e-6 });
  });

  it('−∞ logits get probability 0, NaN logits make the row NaN', () => {
    assertClose(softmax(tensor([0, -Infinity, 0])), [0.5, 0, 0.5]);
    const y = softmax(tensor([[1, NaN], [1, 2]]));
    assert.ok(Number.isNaN(y.data[0]) && Number.isNaN(y.data[1]));
    assert.ok(Number.isFinite(y.data[2]!));
  });

  it('grad of logSumExp is softmax', () => {
    const x: Tensor = randomTensor(new Generator(63), [5]);
    const leaf = x.detach().requiresGrad_();
    logSumExp(leaf).backward();
    assertClose(leaf.grad!, softmax(x), { atol: 1e-7, rtol: 1e-6 });
  });
});
