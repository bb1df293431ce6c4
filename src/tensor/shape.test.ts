import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  broadcastShapes, broadcastStrides, checkShape, contiguousStrides, formatShape, normalizeAxes, normalizeAxis, reducedShape,
  resolveReshape, ShapeError, sizeOf,
} from './shape.js';

describe('shapes', () => {
  it('size, format and row-major strides', () => {
    assert.equal(sizeOf([]), 1);
    assert.equal(sizeOf([2, 0, 3]), 0);
    assert.equal(formatShape([2, 3]), '[2, 3]');
    assert.equal(formatShape([]), '[]');
    assert.deepEqual(contiguousStrides([2, 3, 4]), [12, 4, 1]);
    assert.deepEqual(contiguousStrides([]), []);
  });

  it('broadcasting follows NumPy: align right, 1 stretches', () => {
    assert.deepEqual(broadcastShapes('t', [3, 1, 4], [2, 4]), [3, 2, 4]);
    assert.deepEqual(broadcastShapes('t', [], [2, 3]), [2, 3]);
    assert.deepEqual(broadcastShapes('t', [5, 1], [1, 6], [6]), [5, 6]);
    assert.deepEqual(broadcastShapes('t', [0, 1], [1, 3]), [0, 3]);
    assert.deepEqual(broadcastStrides([3, 1], [2, 3, 4]), [0, 1, 0]);
    assert.deepEqual(broadcastStrides([4], [2, 4]), [0, 1]);
  });

  it('a broadcast mismatch is a ShapeError naming the op and both shapes', () => {
    assert.throws(() => broadcastShapes('add', [2, 3], [4, 5]), (e: unknown) =>
      e instanceof ShapeError && e.name === 'ShapeError' && /^add: .*\[2, 3\].*\[4, 5\]/.test(e.message));
  });

  it('axes normalise from negative, sort, and reject repeats and out-of-range values', () => {
    assert.equal(normalizeAxis(-1, 3, 't'), 2);
    assert.deepEqual(normalizeAxes([-1, 0], 3, 't'), [0, 2]);
    assert.deepEqual(normalizeAxes(undefined, 2, 't'), [0, 1]);
    assert.throws(() => normalizeAxis(3, 3, 'sum'), /sum: axis 3 is out of range for a tensor of rank 3/);
    assert.throws(() => normalizeAxes([1, -1], 2, 'sum'), ShapeError);
    assert.throws(() => normalizeAxis(0.5, 2, 'sum'), ShapeError);
    assert.deepEqual(reducedShape([2, 3, 4], [0, 2], false), [3]);
    assert.deepEqual(reducedShape([2, 3, 4], [0, 2], true), [1, 3, 1]);
  });

  it('reshape targets: −1 inferred, sizes must agree and the error names both shapes', () => {
    assert.deepEqual(resolveReshape([2, 6], [3, -1]), [3, 4]);
    assert.deepEqual(resolveReshape([0, 3], [3, 0]), [3, 0]);
    assert.throws(() => resolveReshape([2, 3], [4, 5]), (e: unknown) => e instanceof ShapeError && /\[2, 3\].*\[4, 5\]/.test(e.message));
    assert.throws(() => resolveReshape([2, 3], [4, -1]), (e: unknown) => e instanceof ShapeError && /\[2, 3\].*\[4, -1\]/.test(e.message));
    assert.throws(() => checkShape([2, -1]), ShapeError);
    assert.throws(() => checkShape([1.5]), ShapeError);
  });
});
