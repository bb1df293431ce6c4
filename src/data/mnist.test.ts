import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DataFormatError } from './data-format-error.js';
import { loadMnist, mnistDataDir } from './mnist.js';

const dir = mkdtempSync(join(tmpdir(), 'aekit-mnist-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('loads a prefix of MNIST test scaled to [0, 1] with labels', () => {
  const ds = loadMnist({ split: 'test', limit: 100 });
  assert.equal(ds.count, 100);
  assert.deepEqual(ds.shape, [1, 28, 28]);
  assert.equal(ds.images.length, 100 * 784);
  assert.equal(ds.numClasses, 10);
  assert.deepEqual(Array.from(ds.labels!.subarray(0, 5)), [7, 2, 1, 0, 4]);
  let min = Infinity;
  let max = -Infinity;
  for (const v of ds.images) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  assert.equal(min, 0);
  assert.equal(max, 1);
});

test('loads the first training images', () => {
  const ds = loadMnist({ split: 'train', limit: 3 });
  assert.deepEqual(Array.from(ds.labels!), [5, 0, 4]);
  assert.equal(ds.name, 'mnist-train');
});

test('rejects a label file whose count differs from the image file', () => {
  copyFileSync(join(mnistDataDir(), 't10k-images-idx3-ubyte'), join(dir, 't10k-images-idx3-ubyte'));
  const labels = new Uint8Array(8 + 9999);
  new DataView(labels.buffer).setUint32(0, 0x00000801, false);
  new DataView(labels.buffer).setUint32(4, 9999, false);
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), labels);
  assert.throws(() => loadMnist({ split: 'test', dataDir: dir, limit: 10 }), (err: unknown) => {
    assert.ok(err instanceof DataFormatError);
    assert.match(err.message, /holds 10000 images but .*t10k-labels-idx1-ubyte holds 9999 labels/);
    return true;
  });
});

test('a missing file is a clear error', () => {
  assert.throws(() => loadMnist({ split: 'train', dataDir: dir }), /MNIST file not found \(looked for train-images-idx3-ubyte/);
});
