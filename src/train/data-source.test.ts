import assert from 'node:assert/strict';
import { Generator } from '../tensor/random.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DataFormatError } from '../data/data-format-error.js';
import { DataSpecError, holdOut, loadData, parseDataSpec } from './data-source.js';
import { blobs, tempDir } from '../testing/training.js';

test('data specs parse, unknown ones are rejected naming the choices', () => {
  assert.deepEqual(parseDataSpec('mnist'), { kind: 'mnist' });
  assert.deepEqual(parseDataSpec('swiss-roll'), { kind: 'swiss-roll' });
  assert.equal(parseDataSpec('csv:/tmp/x.csv').kind, 'csv');
  assert.throws(() => parseDataSpec('cifar'), (e: unknown) => e instanceof DataSpecError && /unknown data 'cifar' \(expected one of mnist, fashion/.test(e.message));
  assert.throws(() => parseDataSpec('csv:'), DataSpecError);
});

test('the hold-out is 10 %, deterministic, disjoint and covers every sample', () => {
  const ds = blobs(50, 2, 3);
  const a = holdOut(ds);
  const b = holdOut(ds);
  assert.equal(a.test.count, 5);
  assert.equal(a.train.count, 45);
  assert.deepEqual(a.test.images, b.test.images);
  const rows = (d: typeof ds) => Array.from({ length: d.count }, (_, i) => `${d.images[2 * i]},${d.images[2 * i + 1]}`);
  assert.deepEqual(new Set([...rows(a.train), ...rows(a.test)]), new Set(rows(ds)));
});

test('mnist subsets and swiss roll load with the requested sizes', () => {
  const m = loadData({ kind: 'mnist' }, { trainSize: 20, testSize: 10 });
  assert.equal(m.train.count, 20);
  assert.equal(m.test.count, 10);
  assert.deepEqual(m.train.shape, [1, 28, 28]);
  const b = loadData({ kind: 'binarized-mnist' }, { trainSize: 5, testSize: 5 });
  assert.ok(b.train.images.every((v) => v === 0 || v === 1));
  // Dynamic binarisation: intensities stay in the training set; each batch is drawn afresh, the test set once.
  const d = loadData(parseDataSpec('dynamic-binarized-mnist'), { trainSize: 5, testSize: 5 });
  assert.ok(d.test.images.every((v) => v === 0 || v === 1));
  assert.ok(d.train.images.some((v) => v > 0 && v < 1));
  const first = d.transformBatch!(d.train.images, new Generator(1));
  const again = d.transformBatch!(d.train.images, new Generator(1));
  const other = d.transformBatch!(d.train.images, new Generator(2));
  assert.ok(first.every((v) => v === 0 || v === 1));
  assert.deepEqual(first, again);
  assert.notDeepEqual(first, other);
  const s = loadData({ kind: 'swiss-roll' }, { trainSize: 30, testSize: 10 });
  assert.deepEqual([s.train.count, s.test.count, s.train.shape[0]], [30, 10, 3]);
});

test('csv files hold out a test split; missing and malformed files give a DataFormatError', () => {
  const dir = tempDir();
  const csv = join(dir, 'points.csv');
  writeFileSync(csv, `a,b\n${Array.from({ length: 20 }, (_, i) => `${i},${i * 2}`).join('\n')}\n`);
  const d = loadData(parseDataSpec(`csv:${csv}`));
  assert.deepEqual([d.train.count, d.test.count, d.slug], [18, 2, 'csv-points']);
  assert.throws(() => loadData(parseDataSpec(`csv:${join(dir, 'nope.csv')}`)), (e: unknown) => e instanceof DataFormatError && /no such file/.test(e.message));
  writeFileSync(join(dir, 'ragged.csv'), 'a,b\n1,2\n3\n');
  assert.throws(() => loadData(parseDataSpec(`csv:${join(dir, 'ragged.csv')}`)), DataFormatError);
  mkdirSync(join(dir, 'empty'));
  assert.throws(() => loadData(parseDataSpec(`png:${join(dir, 'empty')}`)), DataFormatError);
  assert.throws(() => loadData(parseDataSpec(`png:${csv}`)), /is a file, expected a folder/);
});
