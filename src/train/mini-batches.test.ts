import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arange } from '../ops/creation.js';
import { reshape } from '../ops/shape-ops.js';
import { Generator } from '../tensor/random.js';
import { MiniBatches, takeRows } from './mini-batches.js';

const flat = (batches: Int32Array[]): number[] => batches.flatMap((b) => Array.from(b));

test('an epoch is ⌈N/M⌉ steps covering every index exactly once', () => {
  const mb = new MiniBatches(10, 3, { gen: new Generator(0) });
  assert.equal(mb.stepsPerEpoch, 4);
  const batches = [...mb];
  assert.deepEqual(batches.map((b) => b.length), [3, 3, 3, 1]);
  assert.deepEqual(flat(batches).sort((a, b) => a - b), Array.from({ length: 10 }, (_, i) => i));
  assert.equal(mb.epoch, 1);
});

test('dropLast gives ⌊N/M⌋ full steps', () => {
  const mb = new MiniBatches(10, 3, { gen: new Generator(0), dropLast: true });
  assert.equal(mb.stepsPerEpoch, 3);
  const batches = mb.batches(0);
  assert.ok(batches.every((b) => b.length === 3));
  assert.equal(new Set(flat(batches)).size, 9);
  assert.equal(new MiniBatches(9, 3, { dropLast: true }).stepsPerEpoch, 3);
  assert.equal(new MiniBatches(2, 3, { dropLast: true }).stepsPerEpoch, 0);
});

test('shuffling is deterministic under a seed, differs across epochs, and any epoch can be replayed', () => {
  const a = new MiniBatches(50, 8, { gen: new Generator(42) });
  const b = new MiniBatches(50, 8, { gen: new Generator(42) });
  const a0 = flat([...a]);
  const a1 = flat([...a]);
  assert.deepEqual(flat([...b]), a0);
  assert.notDeepEqual(a0, a1);
  assert.deepEqual(flat(b.batches(1)), a1, 'epoch 1 replayed without running epoch 0');
  assert.notDeepEqual(flat(new MiniBatches(50, 8, { gen: new Generator(43) }).batches(0)), a0);
  assert.notDeepEqual(a0, Array.from({ length: 50 }, (_, i) => i));
});

test('without a generator the batches follow the sample order', () => {
  assert.deepEqual([...new MiniBatches(5, 2)].map((b) => Array.from(b)), [[0, 1], [2, 3], [4]]);
});

test('takeRows gathers a mini-batch of rows', () => {
  const x = reshape(arange(12), [6, 2]);
  assert.deepEqual(takeRows(x, new Int32Array([4, 0])).toArray(), [[8, 9], [0, 1]]);
  assert.throws(() => new MiniBatches(5, 0), /batchSize must be a positive integer/);
  assert.throws(() => takeRows(x, [6]), /out of range/);
});
