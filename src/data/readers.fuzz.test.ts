/**
 * Fuzzing the data readers with damaged files (fixed seeds, a few hundred mutants each; see
 * src/testing/corrupt-inputs.ts for what each mutant does). Every mutant is invalid, so every one must be refused
 * with a DataFormatError that names the damaged file in one line — never a crash of another kind, never a
 * dataset. The reliability campaign (test/campaigns/readers.mjs) runs the same generators at larger counts.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { csvMutants, idxMutants, pngMutants, validCsv, validIdx, validPng, type Mutant } from '../testing/corrupt-inputs.js';
import { loadCsv } from './csv.node.js';
import { DataFormatError } from './data-format-error.js';
import { loadMnist } from './mnist.js';
import { loadPngFolder } from './png-folder.js';

const root = mkdtempSync(join(tmpdir(), 'aekit-fuzz-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Runs every mutant through `read` and asserts each is refused naming `file` (or one of `files`). */
function assertAllRefused(mutants: Mutant[], write: (m: Mutant) => void, read: () => unknown, files: string[]): void {
  for (const [i, m] of mutants.entries()) {
    write(m);
    let err: unknown = null;
    try {
      read();
    } catch (e) {
      err = e;
    }
    assert.ok(err !== null, `mutant ${i} (${m.what}) was accepted`);
    assert.ok(err instanceof DataFormatError, `mutant ${i} (${m.what}): ${String(err)}`);
    assert.ok(files.includes(err.file), `mutant ${i} (${m.what}): names ${err.file}`);
    assert.ok(!err.message.includes('\n'), `mutant ${i} (${m.what}): one line`);
  }
}

test('PNG: 300 damaged images, each refused naming the file', () => {
  const dir = join(root, 'png');
  mkdirSync(dir);
  const file = join(dir, 'x.png');
  writeFileSync(join(dir, 'a.png'), validPng(12, 10, 2));
  writeFileSync(file, validPng(12, 10));
  assert.equal(loadPngFolder(dir).count, 2, 'the undamaged files load');
  assertAllRefused(pngMutants(validPng(12, 10), 300, 11), (m) => writeFileSync(file, m.bytes), () => loadPngFolder(dir), [file, dir]);
});

for (const gzip of [false, true]) {
  test(`IDX${gzip ? ' (gzip)' : ''}: 300 damaged MNIST image files, each refused naming the file`, () => {
    const dir = join(root, gzip ? 'idx-gz' : 'idx');
    mkdirSync(dir);
    const images = join(dir, gzip ? 'train-images-idx3-ubyte.gz' : 'train-images-idx3-ubyte');
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), validIdx(20, 0, 0));
    writeFileSync(images, gzip ? gzipSync(validIdx(20, 6, 5)) : validIdx(20, 6, 5));
    assert.deepEqual(loadMnist({ split: 'train', dataDir: dir }).shape, [1, 6, 5], 'the undamaged files load');
    assertAllRefused(idxMutants(validIdx(20, 6, 5), 16, 300, gzip ? 13 : 12, gzip), (m) => writeFileSync(images, m.bytes), () => loadMnist({ split: 'train', dataDir: dir }), [images]);
  });
}

test('CSV: 300 damaged headerless files and 100 with a header, each refused naming the file', () => {
  const file = join(root, 'points.csv');
  writeFileSync(file, validCsv(20, 4));
  assert.equal(loadCsv(file).count, 20, 'the undamaged file loads');
  writeFileSync(file, validCsv(20, 4, 2, true));
  assert.equal(loadCsv(file).count, 20, 'the undamaged file with a header loads');
  assertAllRefused(csvMutants(validCsv(20, 4), 300, 14), (m) => writeFileSync(file, m.bytes), () => loadCsv(file), [file]);
  assertAllRefused(csvMutants(validCsv(20, 4, 2, true), 100, 15, 1), (m) => writeFileSync(file, m.bytes), () => loadCsv(file), [file]);
  // The same damage with the header stated explicitly is refused too.
  assertAllRefused(csvMutants(validCsv(20, 4), 100, 16), (m) => writeFileSync(file, m.bytes), () => loadCsv(file, { header: false }), [file]);
});
