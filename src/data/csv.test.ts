import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseCsv } from './csv.js';
import { loadCsv } from './csv.node.js';
import { DataFormatError } from './data-format-error.js';

const dir = mkdtempSync(join(tmpdir(), 'aekit-csv-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('reads a headerless CSV of numbers', () => {
  const ds = parseCsv('1,2,3\n-4.5,5e-1,.25\n', 'x.csv');
  assert.equal(ds.count, 2);
  assert.deepEqual(ds.shape, [3]);
  assert.deepEqual(Array.from(ds.images), [1, 2, 3, -4.5, 0.5, 0.25]);
  assert.equal(ds.labels, null);
  assert.equal(ds.name, 'x.csv');
});

test('detects a header, CRLF line ends, a BOM, quotes and trailing blank lines', () => {
  const ds = parseCsv('\ufeff"a","b"\r\n1,"2"\r\n3,4\r\n\r\n', 'h.csv');
  assert.equal(ds.count, 2);
  assert.deepEqual(Array.from(ds.images), [1, 2, 3, 4]);
});

test('a label column by name gives integer labels', () => {
  const ds = parseCsv('x,label,y\n0.1,2,0.2\n0.3,0,0.4\n', 'l.csv', { labelColumn: 'label' });
  assert.deepEqual(ds.shape, [2]);
  assert.deepEqual(Array.from(ds.images), [0.1, 0.2, 0.3, 0.4].map(Math.fround));
  assert.deepEqual(Array.from(ds.labels!), [2, 0]);
  assert.equal(ds.numClasses, 3);
});

test('a label column by index with string labels gives sorted class names', () => {
  const ds = parseCsv('1,cat\n2,dog\n3,cat\n', 's.csv', { labelColumn: 1 });
  assert.deepEqual(ds.classNames, ['cat', 'dog']);
  assert.deepEqual(Array.from(ds.labels!), [0, 1, 0]);
  assert.equal(ds.numClasses, 2);
  assert.equal(ds.count, 3, 'string labels in the first row do not make it a header');
});

test('other delimiters and an explicit header flag', () => {
  assert.equal(parseCsv('1;2\n3;4', 'd.csv', { delimiter: ';', header: true }).count, 1);
});

const bad: Array<[string, string, Parameters<typeof parseCsv>[2], RegExp]> = [
  ['empty file', '\n\n', {}, /CSV file is empty/],
  ['header only', 'a,b\n', {}, /header but no data rows/],
  ['ragged row', 'a,b\n1,2\n3\n4,5\n', {}, /row 3 has 1 cells, expected 2/],
  ['empty cell', 'a,b\n1,2\n3,\n', {}, /row 3, column 2 \("b"\): empty cell/],
  ['NaN', '1,2\n3,NaN\n', {}, /row 2, column 2: NaN is not a finite number/],
  ['Inf', '1,2\n-Infinity,3\n', {}, /row 2, column 1: -Infinity is not a finite number/],
  ['text in data', 'a,b\n1,2\n3,x4\n', {}, /row 3, column 2 \("b"\): "x4" is not a number/],
  ['float32 overflow', '1,2\n1e39,3\n', {}, /row 2, column 1: 1e39 is outside the float32 range/],
  ['blank line inside', '1,2\n\n3,4\n', {}, /row 2 is blank/],
  ['unknown label name', 'a,b\n1,2\n', { labelColumn: 'y' }, /no column named "y"/],
  ['label index out of range', '1,2\n', { labelColumn: 5 }, /label column index 5 is outside the 2 columns/],
  ['empty label', 'a,y\n1,2\n3,\n', { labelColumn: 'y' }, /row 3, column 2 \("y"\): empty label/],
  ['only a label column', 'y\n1\n', { labelColumn: 'y' }, /no feature columns/],
];
for (const [what, text, options, message] of bad) {
  test(`rejects a bad CSV: ${what}`, () => {
    assert.throws(() => parseCsv(text, 'bad.csv', options), (err: unknown) => {
      assert.ok(err instanceof DataFormatError);
      assert.ok(err.message.startsWith('bad.csv: '), err.message);
      assert.match(err.message, message);
      return true;
    });
  });
}

test('loadCsv reads a file and rejects invalid UTF-8', () => {
  const good = join(dir, 'good.csv');
  writeFileSync(good, 'a,b\n1,2\n');
  assert.equal(loadCsv(good).count, 1);
  const binary = join(dir, 'binary.csv');
  writeFileSync(binary, new Uint8Array([0x31, 0x2c, 0xff, 0x0a]));
  assert.throws(() => loadCsv(binary), /binary\.csv: CSV file is not valid UTF-8/);
});
