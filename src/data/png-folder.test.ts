import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PNG } from 'pngjs';
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
  assertRejects(() => loadPngFolder(dir), join(dir, 'b.png'), /not a readable PNG image/);
  const good = new PNG({ width: 8, height: 8 });
  writeFileSync(join(dir, 'b.png'), PNG.sync.write(good).subarray(0, 40));
  assertRejects(() => loadPngFolder(dir), join(dir, 'b.png'), /not a readable PNG image/);
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
