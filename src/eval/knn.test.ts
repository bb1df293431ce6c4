import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Tensor } from '../tensor/tensor.js';
import { knnAccuracy } from './knn.js';

// Points on a line (second coordinate 0). Reference 0, 1, 2, 10, 11, 20 with labels 0, 0, 1, 1, 1, 2.
const reference = new Tensor(Float32Array.from([0, 1, 2, 10, 11, 20].flatMap((v) => [v, 0])), [6, 2]);
const referenceLabels = [0, 0, 1, 1, 1, 2];

test('knnAccuracy: a hand-computed case for k = 1, 3, 5', () => {
  // 0.4 (label 0): neighbours 0, 1, 2, 10, 11 → votes 0 | 0,0,1 | 0,0,1,1,1 → right, right, wrong.
  // 10.6 (label 1): 11, 10, 2, 20, 1 → 1 | 1,1,1 | 1,1,1,2,0 → right three times.
  // 19 (label 2): 20, 11, 10, 2, 1 → 2 | 2,1,1 | 2,1,1,1,0 → right, wrong, wrong.
  const queries = new Tensor(Float32Array.from([0.4, 0, 10.6, 0, 19, 0]), [3, 2]);
  const r = knnAccuracy(reference, referenceLabels, queries, [0, 1, 2], [1, 3, 5]);
  assert.deepEqual(r.map((a) => [a.k, a.mean, a.count]), [[1, 1, 3], [3, 2 / 3, 3], [5, 1 / 3, 3]]);
  assert.ok(Math.abs(r[1]!.standardError - Math.sqrt((2 / 3) * (1 / 3) / 3)) < 1e-12);
});

test('knnAccuracy: a tied vote goes to the class of the nearest tied neighbour', () => {
  // 1.6: neighbours 2 (label 1, distance 0.4) and 1 (label 0, distance 0.6): one vote each, label 1 wins.
  const q = new Tensor(Float32Array.from([1.6, 0, 1.4, 0]), [2, 2]);
  const [r] = knnAccuracy(reference, referenceLabels, q, [1, 0], [2]);
  assert.equal(r!.mean, 1);
});

test('knnAccuracy: labels must be class indices, one per row', () => {
  const q = new Tensor(Float32Array.from([0, 0]), [1, 2]);
  assert.throws(() => knnAccuracy(reference, [0, 1], q, [0]), /2 reference labels for 6 rows/);
  assert.throws(() => knnAccuracy(reference, referenceLabels, q, [0.5]), /not a class index/);
});
