import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DynamicBatcher } from './batcher.js';

/** A batcher whose runner doubles numbers and records the batches it saw. */
function doubling(maxBatch: number, maxWaitMs: number) {
  const batches: number[][] = [];
  const stats: [number, number][] = [];
  const batcher = new DynamicBatcher<number[], number[]>({ maxBatch, maxWaitMs }, (items) => {
    batches.push(items.map((i) => i.length));
    return items.map((i) => i.map((v) => 2 * v));
  }, (rows, requests) => stats.push([rows, requests]));
  return { batcher, batches, stats };
}

test('batcher: requests arriving within the wait share one run, and each gets its own rows back', async () => {
  const { batcher, batches, stats } = doubling(100, 20);
  const results = await Promise.all([[1], [2, 3], [4]].map((rows) => batcher.submit(rows, rows.length)));
  assert.deepEqual(results, [[2], [4, 6], [8]]);
  assert.deepEqual(batches, [[1, 2, 1]]);
  assert.deepEqual(stats, [[4, 3]]);
});

test('batcher: a full batch runs at once, without waiting out maxWaitMs', async () => {
  // A wait of a minute would time the test out if the full batch waited for it.
  const { batcher, batches } = doubling(3, 60_000);
  const results = await Promise.all([[1], [2], [3]].map((rows) => batcher.submit(rows, 1)));
  assert.deepEqual(results, [[2], [4], [6]]);
  assert.deepEqual(batches, [[1, 1, 1]]);
});

test('batcher: batches never pass maxBatch rows; a larger request runs alone; order is kept', async () => {
  const { batcher, batches } = doubling(4, 5);
  const sizes = [3, 2, 5, 1, 1, 1, 1, 1];
  const results = await Promise.all(sizes.map((n, i) => batcher.submit(Array(n).fill(i), n)));
  results.forEach((r, i) => assert.deepEqual(r, Array(sizes[i]).fill(2 * i)));
  assert.deepEqual(batches, [[3], [2], [5], [1, 1, 1, 1], [1]]);
});

test('batcher: maxBatch 1 runs every request on its own', async () => {
  const { batcher, batches } = doubling(1, 0);
  await Promise.all([[1], [2], [3]].map((rows) => batcher.submit(rows, 1)));
  assert.deepEqual(batches, [[1], [1], [1]]);
});

test('batcher: a failing run rejects every request of its batch, and the next batch still runs', async () => {
  let calls = 0;
  const batcher = new DynamicBatcher<number, number>({ maxBatch: 2, maxWaitMs: 1 }, (items) => {
    calls++;
    if (calls === 1) throw new Error('kernel failed');
    return items;
  });
  const first = [batcher.submit(1, 1), batcher.submit(2, 1)];
  const second = batcher.submit(3, 1);
  for (const p of first) await assert.rejects(p, /kernel failed/);
  assert.equal(await second, 3);
  assert.equal(batcher.pending, 0);
});

test('batcher: options are checked', () => {
  assert.throws(() => new DynamicBatcher({ maxBatch: 0, maxWaitMs: 1 }, () => []), /maxBatch/);
  assert.throws(() => new DynamicBatcher({ maxBatch: 2, maxWaitMs: -1 }, () => []), /maxWaitMs/);
  assert.throws(() => new DynamicBatcher({ maxBatch: 2, maxWaitMs: NaN }, () => []), /maxWaitMs/);
});
