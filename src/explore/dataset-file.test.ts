import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dataset } from '../data/dataset.js';
import { serializeSafetensors } from '../io/safetensors.js';
import { blobs } from '../testing/training.js';
import { DATASET_KEY, DatasetFileError, decodeDatasetFile, encodeDatasetFile } from './dataset-file.js';

function bytesDataset(): Dataset {
  const images = Float32Array.from({ length: 3 * 4 }, (_, i) => ((i * 37) % 256) / 255);
  return { name: 'tiny', images, shape: [1, 2, 2], count: 3, labels: Int32Array.from([0, 2, 1]), numClasses: 3, classNames: ['a', 'b', 'c'] };
}

test('dataset file: byte-valued images travel as U8 and come back exactly, with labels and class names', () => {
  const ds = bytesDataset();
  const file = encodeDatasetFile(ds);
  // 12 one-byte pixels and 3 four-byte labels after the header: the images were not sent as float32.
  assert.ok(file.length < 8 + 400 + 12 + 12, `file is ${file.length} bytes`);
  const back = decodeDatasetFile(file, 'tiny');
  assert.deepEqual(back.shape, [1, 2, 2]);
  assert.equal(back.count, 3);
  assert.deepEqual(Array.from(back.images), Array.from(ds.images));
  assert.deepEqual(Array.from(back.labels!), [0, 2, 1]);
  assert.deepEqual(back.classNames, ['a', 'b', 'c']);
  assert.equal(back.numClasses, 3);
});

test('dataset file: other values travel as F32 unchanged; unlabelled data has no labels', () => {
  const ds = { ...blobs(10, 3, 1), labels: null, numClasses: 0 };
  const back = decodeDatasetFile(encodeDatasetFile(ds), 'blobs');
  assert.deepEqual(Array.from(back.images), Array.from(ds.images));
  assert.equal(back.labels, null);
  assert.equal(back.classNames, undefined);
});

test('dataset file: a label outside the classes, a missing entry or a wrong dtype is refused with the reason', () => {
  const meta = (m: unknown) => ({ [DATASET_KEY]: JSON.stringify(m) });
  const good = { name: 'x', numClasses: 2, classNames: null, scale: 1 };
  const images = { shape: [2, 2], data: new Float32Array(4) };
  assert.throws(() => decodeDatasetFile(serializeSafetensors({ images, labels: { shape: [2], data: Int32Array.from([0, 5]) } }, meta(good)), 'f'),
    (e: Error) => e instanceof DatasetFileError && /label 5 is outside \[0, 2\)/.test(e.message));
  assert.throws(() => decodeDatasetFile(serializeSafetensors({ images }), 'f'), /"aekit.dataset" is missing/);
  assert.throws(() => decodeDatasetFile(serializeSafetensors({ images }, meta({ ...good, scale: -1 })), 'f'), /scale must be a positive number/);
  assert.throws(() => decodeDatasetFile(serializeSafetensors({ images: { shape: [2, 2], data: new Int32Array(4) } }, meta(good)), 'f'), /"images" must be U8 or F32/);
  assert.throws(() => decodeDatasetFile(serializeSafetensors({ images, labels: { shape: [3], data: new Int32Array(3) } }, meta(good)), 'f'), /"labels" must be I32 \[2\]/);
  assert.throws(() => decodeDatasetFile(new Uint8Array([1, 2, 3]), 'f'), /f/);
});
