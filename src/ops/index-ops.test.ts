import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertGradients, gather, Generator, gradients, indexSelect, oneHot, ShapeError, sum, tensor, type Tensor } from '../index.js';
import { randomTensor } from '../testing/tensors.js';

describe('indexSelect', () => {
  const x = randomTensor(new Generator(51), [4, 3]);
  const rows = x.toArray() as number[][];

  it('picks rows (with repeats and negative indices) and columns', () => {
    assert.deepEqual(indexSelect(x, [2, 0, 2, -1]).toArray(), [rows[2], rows[0], rows[2], rows[3]]);
    assert.deepEqual(indexSelect(x, tensor([1]), 1).toArray(), rows.map((r) => [r[1]]));
  });

  it('gradients add up at repeated indices, on the leading and an inner axis, and differentiate twice', () => {
    assertGradients((t) => indexSelect(t, [2, 0, 2]), [x]);
    assertGradients((t) => indexSelect(t, [1, 1, 0], 1), [x]);
    assertGradients((t) => gradients(sum(indexSelect(t, [2, 0, 2]).square()), [t], { createGraph: true })[0]!, [x]);
    const t = x.detach().requiresGrad_();
    sum(indexSelect(t, [3, 3, 3])).backward();
    assert.deepEqual(Array.from(t.grad!.data), [0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3, 3]);
  });

  it('an index out of range is a RangeError naming it', () => {
    assert.throws(() => indexSelect(x, [4]), /index 4 is out of range for size 4/);
    assert.throws(() => indexSelect(x, [0.5]), RangeError);
  });
});

describe('gather', () => {
  const x = randomTensor(new Generator(52), [3, 4]);
  const xs = x.toArray() as number[][];

  it('picks along axis 1 (per-row labels) and axis 0', () => {
    const idx = tensor([[3, 0], [1, 1], [2, 3]]);
    assert.deepEqual(gather(x, 1, idx).toArray(), [[xs[0]![3], xs[0]![0]], [xs[1]![1], xs[1]![1]], [xs[2]![2], xs[2]![3]]]);
    const idx0 = tensor([[2, 0, 1, 2]]);
    assert.deepEqual(gather(x, 0, idx0).toArray(), [[xs[2]![0], xs[0]![1], xs[1]![2], xs[2]![3]]]);
  });

  it('gradients (scatter-add, with repeats) and second derivatives match finite differences', () => {
    const idx = tensor([[3, 0, 3], [1, 1, 2], [2, 3, 0]]);
    assertGradients((t) => gather(t, 1, idx), [x]);
    assertGradients((t) => gather(t, 0, tensor([[2, 0, 1, 2], [2, 2, 0, 0]])), [x]);
    assertGradients((t) => gradients(sum(gather(t, 1, idx).square()), [t], { createGraph: true })[0]!, [x]);
  });

  it('an index of the wrong shape is a ShapeError naming both shapes', () => {
    assert.throws(() => gather(x, 1, tensor([[0], [1]])), (e: unknown) =>
      e instanceof ShapeError && /\[2, 1\].*\[3, 4\]/.test(e.message));
  });
});

describe('oneHot', () => {
  it('codes labels as rows, and rejects labels out of range', () => {
    assert.deepEqual(oneHot([2, 0], 3).toArray(), [[0, 0, 1], [1, 0, 0]]);
    assert.deepEqual(oneHot(tensor([1]), 2).toArray(), [[0, 1]]);
    assert.throws(() => oneHot([3], 3), RangeError);
  });

  it('one-hot · log-probabilities picks the label entries (a cross-entropy building block)', () => {
    const logits: Tensor = randomTensor(new Generator(53), [2, 3]);
    const picked = sum(oneHot([1, 2], 3).mul(logits), 1);
    assert.deepEqual(Array.from(picked.data), [logits.data[1], logits.data[5]]);
  });
});
