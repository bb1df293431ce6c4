import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DataFormatError } from './data-format-error.js';
import { loadFashionMnist, loadFashionMnistSplits, parseClassFile } from './fashion-mnist.js';

const dir = mkdtempSync(join(tmpdir(), 'aekit-fashion-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let cached: ReturnType<typeof loadFashionMnistSplits> | null = null;
const splits = () => (cached ??= loadFashionMnistSplits());

const row = (v: number) => `[${new Array(784).fill(v).join(',')}]`;
const encode = (s: string) => new TextEncoder().encode(s);

test('the package splits into 60,000 / 10,000 class-interleaved images in [0, 1]', () => {
  const { train, test: testSet } = splits();
  assert.equal(train.count, 60000);
  assert.equal(testSet.count, 10000);
  assert.deepEqual(train.shape, [1, 28, 28]);
  assert.equal(train.images.length, 60000 * 784);
  for (let i = 0; i < 60000; i += 997) assert.equal(train.labels![i], i % 10);
  assert.equal(testSet.labels![12345 % 10000], 5);
  assert.equal(train.classNames![1], 'Trouser');
  let max = 0;
  for (let i = 0; i < 784 * 100; i++) max = Math.max(max, testSet.images[i]!);
  assert.equal(max, 1);
  // Trousers leave a gap between the legs: the mean of column 14 in the bottom rows is darker than its neighbours' sides.
  const mean = new Float32Array(784);
  for (let i = 1; i < 60000; i += 10) for (let j = 0; j < 784; j++) mean[j]! += train.images[i * 784 + j]! / 6000;
  assert.ok(mean[26 * 28 + 14]! < 0.5 * mean[26 * 28 + 11]!, 'class 1 looks like trousers');
});

test('a limit gives a class-balanced prefix of the same split', () => {
  const { test: full } = splits();
  const ds = loadFashionMnist({ split: 'test', limit: 25 });
  assert.equal(ds.count, 25);
  assert.deepEqual(Array.from(ds.labels!), Array.from({ length: 25 }, (_, i) => i % 10));
  assert.deepEqual(ds.images, full.images.subarray(0, 25 * 784));
  assert.throws(() => loadFashionMnist({ split: 'test', limit: -1 }), /limit must be a non-negative integer/);
});

test('the class-file scanner reads rows, skips empty ones and ignores whitespace', () => {
  const { pixels, count } = parseClassFile(encode(` {"data" : [ ${row(3)}, [], ${row(255)} ] }\n`), 'ok.json');
  assert.equal(count, 2);
  assert.equal(pixels[0], 3);
  assert.equal(pixels[784], 255);
  assert.equal(parseClassFile(encode('{"data":[]}'), 'empty.json').count, 0);
});

const malformed: Array<[string, string, RegExp]> = [
  ['not an object', '[1]', /expected '\{' at byte 0/],
  ['wrong key', '{"images":[]}', /expected the key "data"/],
  ['short row', '{"data":[[1,2,3]]}', /row 0 has 3 values, not 784/],
  ['long row', `{"data":[${row(1).slice(0, -1)},1]]}`, /row 0 has more than 784 values/],
  ['value over 255', `{"data":[${row(256)}]}`, /row 0 is not an integer 0–255/],
  ['negative value', '{"data":[[-1]]}', /expected an integer in row 0/],
  ['fraction', '{"data":[[0.5]]}', /expected ',' or '\]' in row 0/],
  ['truncated', `{"data":[${row(1)}`, /expected ',' or '\]' between rows/],
  ['trailing data', '{"data":[]} x', /unexpected trailing data/],
];
for (const [what, text, message] of malformed) {
  test(`the class-file scanner rejects: ${what}`, () => {
    assert.throws(() => parseClassFile(encode(text), 'bad.json'), (err: unknown) => {
      assert.ok(err instanceof DataFormatError);
      assert.ok(err.message.startsWith('bad.json: '));
      assert.match(err.message, message);
      return true;
    });
  });
}

test('a class file with the wrong number of images is rejected', () => {
  writeFileSync(join(dir, '0.json'), `{"data":[${row(0)}]}`);
  assert.throws(() => loadFashionMnistSplits(dir), /0\.json: holds 1 non-empty images, expected 7000/);
});
