import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertGradients, Generator, gt, log, ShapeError, sum, tensor, where } from '../index.js';
import { randomTensor } from '../testing/tensors.js';

describe('where', () => {
  it('selects elementwise with all three operands broadcasting', () => {
    const cond = tensor([[1], [0]]);
    assert.deepEqual(where(cond, tensor([1, 2, 3]), -1).toArray(), [[1, 2, 3], [-1, -1, -1]]);
    assert.deepEqual(where(tensor([1, 0, 1]), 5, tensor([[7], [8]])).toArray(), [[5, 7, 5], [5, 8, 5]]);
    assert.deepEqual(where(tensor([NaN, 0]), 1, 2).toArray(), [1, 2], 'NaN is a true condition (≠ 0)');
  });

  it('gradients go to the selected branch and are summed back over broadcast dimensions', () => {
    const gen = new Generator(71);
    const cond = tensor([[1, 0, 1], [0, 0, 1]]);
    assertGradients((a, b) => where(cond, a, b), [randomTensor(gen, [2, 3]), randomTensor(gen, [3])]);
    assertGradients((a, b) => where(tensor([[1], [0]]), a, b), [randomTensor(gen, [1, 3]), randomTensor(gen, [2, 1])]);
  });

  it('the unselected branch gets an exact 0 gradient even where its value is ±∞', () => {
    const x = tensor([-1, 2, 0.5]).requiresGrad_();
    const safeLog = where(gt(x, 0), log(x), -100);
    sum(safeLog).backward();
    assert.deepEqual(Array.from(x.grad!.data).map((v) => v + 0), [0, 0.5, 2]);
    const inf = tensor([Infinity, 1]).requiresGrad_();
    const y = where(tensor([0, 1]), inf, 3);
    assert.deepEqual(Array.from(y.data), [3, 1], 'not 0·∞ = NaN as c·a + (1 − c)·b would give');
    sum(y).backward();
    assert.deepEqual(Array.from(inf.grad!.data), [0, 1]);
  });

  it('shapes that do not broadcast are a ShapeError naming them', () => {
    assert.throws(() => where(tensor([1, 0]), tensor([1, 2, 3]), 0), (e: unknown) =>
      e instanceof ShapeError && /\[2\].*\[3\]/.test(e.message));
  });
});
