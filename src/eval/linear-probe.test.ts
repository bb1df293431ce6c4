import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { linearProbeAccuracy } from './linear-probe.js';

function blobs(n: number, seed: number, spread: number): { x: Tensor; y: number[] } {
  const gen = new Generator(seed);
  const centres = [[0, 4], [4, 0], [-4, -4]];
  const y = Array.from({ length: n }, (_, i) => i % 3);
  const x = new Tensor(Float32Array.from(y.flatMap((c) => [centres[c]![0]! + spread * gen.nextNormal(), centres[c]![1]! + spread * gen.nextNormal(), 100 + gen.nextNormal()])), [n, 3]);
  return { x, y };
}

test('linear probe: separable classes are learned (≈ 100 %), overlapping ones are not', () => {
  const train = blobs(600, 1, 0.5);
  const testSet = blobs(300, 2, 0.5);
  const r = linearProbeAccuracy(train.x, train.y, testSet.x, testSet.y, { epochs: 10 });
  assert.ok(r.test.mean > 0.99 && r.train.mean > 0.99, `accuracy ${r.test.mean}`);
  const noisyTrain = blobs(600, 3, 12);
  const noisyTest = blobs(300, 4, 12);
  const noisy = linearProbeAccuracy(noisyTrain.x, noisyTrain.y, noisyTest.x, noisyTest.y, { epochs: 10 });
  assert.ok(noisy.test.mean < 0.8, `overlapping blobs: ${noisy.test.mean}`);
  assert.ok(noisy.test.standardError > 0);
});

test('linear probe: the same seed gives the same accuracy; labels must match codes', () => {
  const train = blobs(90, 5, 2);
  const testSet = blobs(60, 6, 2);
  const a = linearProbeAccuracy(train.x, train.y, testSet.x, testSet.y, { epochs: 3, seed: 4 });
  const b = linearProbeAccuracy(train.x, train.y, testSet.x, testSet.y, { epochs: 3, seed: 4 });
  assert.deepEqual(a, b);
  assert.throws(() => linearProbeAccuracy(train.x, train.y.slice(1), testSet.x, testSet.y), /one label per code/);
});
