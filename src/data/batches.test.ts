import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator } from '../tensor/random.js';
import { gatherLabels, gatherRows, shuffledBatches } from './batches.js';
import { takeFirst, type Dataset } from './dataset.js';

test('shuffled batches cover every index once, deterministically under a seed', () => {
  const batches = shuffledBatches(10, 4, new Generator(5));
  assert.deepEqual(batches.map((b) => b.length), [4, 4, 2]);
  assert.deepEqual(batches.flatMap((b) => Array.from(b)).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(shuffledBatches(10, 4, new Generator(5)), batches);
  assert.deepEqual(shuffledBatches(10, 4, new Generator(5), true).map((b) => b.length), [4, 4]);
  assert.throws(() => shuffledBatches(10, 0, new Generator(5)), /batchSize must be a positive integer/);
});

test('gathering rows and labels', () => {
  const values = new Float32Array([0, 1, 10, 11, 20, 21]);
  assert.deepEqual(Array.from(gatherRows(values, 2, [2, 0])), [20, 21, 0, 1]);
  assert.deepEqual(Array.from(gatherLabels(new Int32Array([7, 8, 9]), [2, 2])), [9, 9]);
  assert.throws(() => gatherRows(values, 2, [3]), /row 3 is outside 0\.\.2/);
});

test('takeFirst copies a prefix of every per-sample array', () => {
  const ds: Dataset = { name: 'd', images: new Float32Array([1, 2, 3, 4, 5, 6]), shape: [2], count: 3, labels: new Int32Array([0, 1, 0]), numClasses: 2, manifoldPosition: new Float32Array([9, 8, 7]) };
  const head = takeFirst(ds, 2);
  assert.equal(head.count, 2);
  assert.deepEqual(Array.from(head.images), [1, 2, 3, 4]);
  assert.deepEqual(Array.from(head.labels!), [0, 1]);
  assert.deepEqual(Array.from(head.manifoldPosition!), [9, 8]);
  assert.equal(takeFirst(ds, undefined), ds);
  assert.equal(takeFirst(ds, 5), ds);
});
