import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PNG } from 'pngjs';
import { buildPng, pngChunks, validPng, withIhdr } from '../testing/corrupt-inputs.js';
import { DataFormatError } from './data-format-error.js';
import { loadPngFolder } from './png-folder.js';

const root = mkdtempSync(join(tmpdir(), 'aekit-png-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Writes a width×height PNG whose every pixel is `rgba`. */
function writePng(path: string, width: number, height: number, rgba: [number, number, number, number]): void {
  const png = new PNG({ width, height });
  for (let p = 0; p < width * height; p++) png.data.set(rgba, 4 * p);
  writeFileSync(path, PNG.sync.write(png));
}

function folder(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

test('a flat folder: sorted by name, grayscale in [0, 1], unlabelled', () => {
  const dir = folder('flat');
  writePng(join(dir, 'b.png'), 3, 2, [255, 255, 255, 255]);
  writePng(join(dir, 'a.png'), 3, 2, [51, 51, 51, 255]);
  writePng(join(dir, 'C.PNG'), 3, 2, [0, 0, 0, 255]);
  writeFileSync(join(dir, 'notes.txt'), 'ignored');
  writeFileSync(join(dir, '.hidden.png'), 'ignored');
  const ds = loadPngFolder(dir);
  assert.equal(ds.count, 3);
  assert.deepEqual(ds.shape, [1, 2, 3]);
  assert.equal(ds.labels, null);
  // Code-point order: 'C.PNG' < 'a.png' < 'b.png'.
  assert.deepEqual([ds.images[0], ds.images[6], ds.images[12]], [0, Math.fround(0.2), 1]);
  assert.equal(ds.name, 'flat');
});

test('RGB is kept channel-first; transparency composites over black', () => {
  const dir = folder('rgb');
  writePng(join(dir, 'x.png'), 2, 2, [255, 0, 102, 255]);
  writePng(join(dir, 'y.png'), 2, 2, [255, 255, 255, 0]);
  const ds = loadPngFolder(dir, { color: 'rgb' });
  assert.deepEqual(ds.shape, [3, 2, 2]);
  assert.deepEqual(Array.from(ds.images.subarray(0, 12)), [1, 1, 1, 1, 0, 0, 0, 0, 0.4, 0.4, 0.4, 0.4].map(Math.fround));
  assert.ok(ds.images.subarray(12).every((v) => v === 0));
  const gray = loadPngFolder(dir);
  assert.ok(Math.abs(gray.images[0]! - (0.299 + 0.114 * 0.4)) < 1e-6);
});

test('one subfolder per class gives labels and class names', () => {
  const dir = folder('classes');
  mkdirSync(join(dir, 'dog'));
  mkdirSync(join(dir, 'cat'));
  writePng(join(dir, 'dog', '1.png'), 4, 4, [10, 10, 10, 255]);
  writePng(join(dir, 'cat', '1.png'), 4, 4, [20, 20, 20, 255]);
  writePng(join(dir, 'cat', '2.png'), 4, 4, [30, 30, 30, 255]);
  const ds = loadPngFolder(dir);
  assert.deepEqual(ds.classNames, ['cat', 'dog']);
  assert.deepEqual(Array.from(ds.labels!), [0, 0, 1]);
  assert.equal(ds.numClasses, 2);
  assert.equal(ds.images[16], Math.fround(30 / 255));
});

function assertRejects(run: () => unknown, file: string, message: RegExp): void {
  assert.throws(run, (err: unknown) => {
    assert.ok(err instanceof DataFormatError, String(err));
    assert.equal(err.file, file);
    assert.match(err.message, message);
    return true;
  });
}

test('an image of a different size is rejected, naming the file', () => {
  const dir = folder('sizes');
  writePng(join(dir, 'a.png'), 4, 4, [0, 0, 0, 255]);
  writePng(join(dir, 'b.png'), 4, 5, [0, 0, 0, 255]);
  assertRejects(() => loadPngFolder(dir), join(dir, 'b.png'), /image is 4×5, but .*a\.png \(the first image\) is 4×4/);
});

test('a corrupt or truncated PNG is rejected, naming the file', () => {
  const dir = folder('corrupt');
  writePng(join(dir, 'a.png'), 4, 4, [0, 0, 0, 255]);
  writeFileSync(join(dir, 'b.png'), 'this is not a png');
  assertRejects(() => loadPngFolder(dir), join(dir, 'b.png'), /not a valid PNG image: no PNG signature/);
  const good = new PNG({ width: 8, height: 8 });
  writeFileSync(join(dir, 'b.png'), PNG.sync.write(good).subarray(0, 40));
  assertRejects(() => loadPngFolder(dir), join(dir, 'b.png'), /not a valid PNG image: chunk 1 at byte 33 is truncated \(the file ends before IEND\)/);
});

test('empty folders and mixed layouts are rejected', () => {
  const empty = folder('empty');
  assertRejects(() => loadPngFolder(empty), empty, /holds no PNG files/);
  const mixed = folder('mixed');
  mkdirSync(join(mixed, 'a'));
  writePng(join(mixed, 'a', '1.png'), 2, 2, [0, 0, 0, 255]);
  writePng(join(mixed, 'loose.png'), 2, 2, [0, 0, 0, 255]);
  assertRejects(() => loadPngFolder(mixed), mixed, /both class subfolders and loose PNG files/);
  assert.equal(loadPngFolder(mixed, { labels: 'none' }).count, 1);
  mkdirSync(join(mixed, 'b'));
  rmSync(join(mixed, 'loose.png'));
  assertRejects(() => loadPngFolder(mixed), join(mixed, 'b'), /class folder holds no PNG files/);
});

test('PNG structure is checked before decoding: forbidden IHDR values, short or damaged zlib streams, sizes over the budget', () => {
  const dir = folder('structure');
  const valid = validPng(6, 5);
  const file = join(dir, 'x.png');
  const rejects = (bytes: Uint8Array, message: RegExp, options = {}) => {
    writeFileSync(file, bytes);
    assertRejects(() => loadPngFolder(dir, options), file, message);
  };
  writeFileSync(file, valid);
  assert.deepEqual(loadPngFolder(dir).shape, [1, 5, 6]);
  rejects(withIhdr(valid, { bitDepth: 4, colorType: 2 }), /bit depth 4 is not allowed with colour type 2 \(allowed: 8, 16\)/);
  rejects(withIhdr(valid, { bitDepth: 16, colorType: 3 }), /bit depth 16 is not allowed with colour type 3/);
  rejects(withIhdr(valid, { interlace: 2 }), /interlace method 2/);
  rejects(withIhdr(valid, { width: 16000, height: 16000 }), /16000×16000 = 256,000,000 pixels, more than the 16,777,216-pixel limit \(maxPixels\); nothing was decoded/);
  rejects(valid, /more than the 10-pixel limit/, { maxPixels: 10 });
  const chunks = pngChunks(valid);
  const idat = chunks.findIndex((c) => c.type === 'IDAT');
  const cut = chunks.map((c, i) => (i === idat ? { type: c.type, data: c.data.slice(0, c.data.length - 6) } : c));
  rejects(buildPng(cut), /image data is not a complete zlib stream/);
  const flipped = valid.slice();
  flipped[50]! ^= 0x10;
  rejects(flipped, /fails its CRC check/);
  rejects(valid.subarray(0, valid.length - 5), /truncated|runs past the end/);
});

test('the dataset budget is checked from the first image before any pixels are decoded', () => {
  const dir = folder('budget');
  for (const n of ['a', 'b', 'c']) writeFileSync(join(dir, `${n}.png`), validPng(10, 10));
  assertRejects(() => loadPngFolder(dir, { maxBytes: 1000 }), dir, /3 images of 10×10×1 need 1,200 bytes as float32, more than the 1,000-byte limit/);
  assert.equal(loadPngFolder(dir, { maxBytes: 1200 }).count, 3);
});
