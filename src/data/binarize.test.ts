import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator } from '../tensor/random.js';
import { binarizeDynamic, binarizeFixed, binarizeThreshold } from './binarize.js';
import type { Dataset } from './dataset.js';

const probs = new Float32Array(20000).fill(0.3);

test('dynamic binarisation: 0/1 values with the right mean, new draws per epoch, same seed same draws', () => {
  const gen = new Generator(1);
  const epoch1 = binarizeDynamic(probs, gen);
  const epoch2 = binarizeDynamic(probs, gen);
  const mean = epoch1.reduce((a, b) => a + b, 0) / epoch1.length;
  assert.ok(Math.abs(mean - 0.3) < 0.015, `mean ${mean}`);
  assert.ok(epoch1.every((v) => v === 0 || v === 1));
  assert.notDeepEqual(epoch1, epoch2);
  assert.deepEqual(binarizeDynamic(probs, new Generator(1)), epoch1);
  assert.equal(probs[0], Math.fround(0.3), 'input untouched');
});

test('dynamic binarisation rejects values outside [0, 1]', () => {
  assert.throws(() => binarizeDynamic(new Float32Array([0.5, 2]), new Generator(0)), /value 2 at index 1/);
});

test('fixed binarisation by threshold and by one seeded draw', () => {
  assert.deepEqual(Array.from(binarizeThreshold(new Float32Array([0, 0.5, 0.51, 1]))), [0, 0, 1, 1]);
  const ds: Dataset = { name: 'p', images: probs, shape: [probs.length], count: 1, labels: null, numClasses: 0 };
  const a = binarizeFixed(ds, { method: 'sample', seed: 7 });
  const b = binarizeFixed(ds, { method: 'sample', seed: 7 });
  assert.deepEqual(a.images, b.images);
  assert.equal(a.name, 'p-binarized');
  assert.equal(binarizeFixed(ds, { method: 'threshold' }).images.every((v) => v === 0), true);
});
