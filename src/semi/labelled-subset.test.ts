import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UNLABELLED } from '../models/autoencoder.js';
import { blobs } from '../testing/training.js';
import { chooseLabelled, copiesForShare, partlyLabelled, partlyLabelledSources } from './labelled-subset.js';

test('chooseLabelled takes the same number from every class, reproducibly per seed', () => {
  const ds = blobs(60, 4, 1);
  const chosen = chooseLabelled(ds, 5, 7);
  assert.equal(chosen.length, 15);
  assert.equal(new Set(chosen).size, 15);
  for (let c = 0; c < 3; c++) assert.equal(Array.from(chosen).filter((i) => ds.labels![i] === c).length, 5);
  assert.deepEqual(chooseLabelled(ds, 5, 7), chosen);
  assert.notDeepEqual(chooseLabelled(ds, 5, 8), chosen);
  assert.throws(() => chooseLabelled(ds, 21, 0), /class 0 has only 20 samples/);
  assert.throws(() => chooseLabelled({ ...ds, labels: null }, 1, 0), /no labels/);
});

test('partlyLabelled: the other samples UNLABELLED, the labelled ones oversampled with their labels', () => {
  const ds = blobs(30, 2, 1);
  const labelled = Int32Array.from([0, 4, 8]);
  const mixed = partlyLabelled(ds, labelled, 4);
  assert.equal(mixed.count, 27 + 12);
  assert.equal(mixed.labels!.filter((v) => v === UNLABELLED).length, 27);
  const rows = Array.from({ length: mixed.count }, (_, r) => r).filter((r) => mixed.labels![r] !== UNLABELLED);
  assert.equal(rows.length, 12);
  for (const r of rows) {
    const i = labelled[(r - 27) % 3]!;
    assert.equal(mixed.labels![r], ds.labels![i]);
    assert.deepEqual(Array.from(mixed.images.subarray(r * 2, r * 2 + 2)), Array.from(ds.images.subarray(i * 2, i * 2 + 2)));
  }
  // No labelled sample is also among the unlabelled rows.
  const unlabelledRows = new Set(Array.from({ length: 27 }, (_, r) => `${mixed.images[2 * r]},${mixed.images[2 * r + 1]}`));
  for (const i of labelled) assert.ok(!unlabelledRows.has(`${ds.images[2 * i]},${ds.images[2 * i + 1]}`));
  // partlyLabelledSources names the source sample of every row.
  const sources = partlyLabelledSources(ds.count, labelled, 4);
  assert.equal(sources.length, mixed.count);
  sources.forEach((i, r) => assert.deepEqual(Array.from(mixed.images.subarray(r * 2, r * 2 + 2)), Array.from(ds.images.subarray(i * 2, i * 2 + 2))));
  assert.deepEqual(Array.from(sources.subarray(0, 4)), [1, 2, 3, 5]);
  assert.throws(() => partlyLabelledSources(30, labelled, 0), /positive integer/);
  assert.equal(copiesForShare(100, 59_900, 0.5), 599);
  assert.equal(copiesForShare(100, 50, 0.1), 1);
  assert.throws(() => copiesForShare(1, 1, 1), /share/);
});
