import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator } from '../tensor/random.js';
import { encodeDataset, imageGeometry, manifoldGrid, pca2, reconstructionGrid, samplesGrid } from './figures.js';
import { blobs } from '../testing/training.js';
import { TinyVae, tinyVaeConfig } from '../testing/tiny-vae.js';

test('image geometry: [C, H, W], [H, W] and square vectors are images; other shapes are not', () => {
  assert.deepEqual(imageGeometry([1, 28, 28]), { channels: 1, height: 28, width: 28 });
  assert.deepEqual(imageGeometry([3, 8, 6]), { channels: 3, height: 8, width: 6 });
  assert.deepEqual(imageGeometry([784]), { channels: 1, height: 28, width: 28 });
  assert.equal(imageGeometry([3]), null);
  assert.equal(imageGeometry([10]), null);
});

test('pca2 finds the dominant directions of correlated codes', () => {
  const gen = new Generator(1);
  const n = 400;
  const codes = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const a = 5 * gen.nextNormal();
    const b = 2 * gen.nextNormal();
    codes.set([a, a + b, 0.01 * gen.nextNormal()], 3 * i);
  }
  const [p1, p2] = pca2(codes, n, 3);
  const variance = (v: Float32Array) => v.reduce((s, x) => s + x * x, 0) / n;
  const total = Array.from({ length: 3 }, (_, j) => {
    let m = 0;
    for (let i = 0; i < n; i++) m += codes[3 * i + j]! / n;
    let s = 0;
    for (let i = 0; i < n; i++) s += (codes[3 * i + j]! - m) ** 2 / n;
    return s;
  }).reduce((a, b) => a + b);
  assert.ok(variance(p1) >= variance(p2));
  assert.ok((variance(p1) + variance(p2)) / total > 0.999, 'two components hold nearly all the variance');
});

test('grids of a model on image-shaped data have the expected pixel size', () => {
  const ds = { ...blobs(30, 16, 1), shape: [16] };
  const model = new TinyVae(tinyVaeConfig([16], 2, 8), new Generator(1));
  const pngSize = (png: Uint8Array) => { const v = new DataView(png.buffer, png.byteOffset); return [v.getUint32(16), v.getUint32(20)]; };
  // 4×4 images at scale 2 with 2 px padding: columns × (8 + 2) + 2.
  assert.deepEqual(pngSize(reconstructionGrid(model, ds, 20, 10)), [10 * 10 + 2, 4 * 10 + 2]);
  assert.deepEqual(pngSize(samplesGrid(model, 6, new Generator(2))), [6 * 10 + 2, 10 + 2]);
  assert.deepEqual(pngSize(manifoldGrid(model, ds, 5).png), [5 * 6 + 2, 5 * 6 + 2]);
  assert.equal(encodeDataset(model, ds).length, 60);
});
