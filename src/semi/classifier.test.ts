import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Linear } from '../nn/linear.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { blobs } from '../testing/training.js';
import { errorRate, predictClasses, trainClassifier } from './classifier.js';

test('errorRate counts the predictions that differ', () => {
  assert.equal(errorRate([0, 1, 2, 2], [0, 1, 1, 0]), 0.5);
  assert.equal(errorRate(Int32Array.from([3]), [3]), 0);
  assert.throws(() => errorRate([1], [1, 2]), /1 predictions for 2 labels/);
  assert.throws(() => errorRate([], []), /no samples/);
});

test('trainClassifier: a linear softmax layer separates three blobs; predictClasses batches the same as one pass', () => {
  const ds = blobs(90, 4, 1);
  const x = new Tensor(ds.images, [90, 4]);
  const y = new Tensor(Float32Array.from(ds.labels!), [90]);
  const head = new Linear(4, 3, { gen: new Generator(0) });
  const logits = (v: Tensor) => head.forward(v);
  const before = errorRate(predictClasses(logits, x), ds.labels!);
  const reports = trainClassifier(logits, head.parameters(), x, y, { epochs: 30, batchSize: 16, lr: 5e-2, seed: 0 });
  assert.equal(reports.length, 30);
  assert.ok(reports.at(-1)!.trainLoss < reports[0]!.trainLoss);
  const test = blobs(60, 4, 2);
  const tx = new Tensor(test.images, [60, 4]);
  assert.equal(errorRate(predictClasses(logits, tx), test.labels!), 0, `error before training ${before}`);
  assert.deepEqual(predictClasses(logits, tx, 7), predictClasses(logits, tx));
});
