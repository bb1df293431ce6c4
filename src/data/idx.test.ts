import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DataFormatError } from './data-format-error.js';
import { parseIdx, readIdxFile } from './idx.js';
import { mnistDataDir } from './mnist.js';

/** An IDX byte image: magic [0, 0, code, dims.length], big-endian dims, then `payload`. */
function idxBytes(code: number, dims: number[], payload: Uint8Array, rankByte = dims.length): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + payload.length);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = rankByte;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(payload, 4 + 4 * dims.length);
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'aekit-idx-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('reads the real MNIST test images and labels, with a limit reading only a prefix', () => {
  const images = readIdxFile(join(mnistDataDir(), 't10k-images-idx3-ubyte'), { rank: 3, limit: 5 });
  assert.equal(images.dtype, 'u8');
  assert.deepEqual(images.fileDims, [10000, 28, 28]);
  assert.deepEqual(images.dims, [5, 28, 28]);
  assert.equal(images.data.length, 5 * 784);
  const labels = readIdxFile(join(mnistDataDir(), 't10k-labels-idx1-ubyte'), { rank: 1 });
  assert.deepEqual(labels.dims, [10000]);
  assert.deepEqual(Array.from(labels.data.subarray(0, 8)), [7, 2, 1, 0, 4, 1, 4, 9]);
});

test('gzip and raw encodings of the same file parse to the same values', () => {
  const payload = new Uint8Array([1, 2, 3, 4, 5, 6]);
  const raw = idxBytes(0x08, [2, 3], payload);
  const gzPath = join(dir, 'small.idx.gz');
  writeFileSync(gzPath, gzipSync(raw));
  const fromGz = readIdxFile(gzPath, { rank: 2 });
  const fromRaw = parseIdx(raw, 'raw', { rank: 2 });
  assert.deepEqual(fromGz.dims, [2, 3]);
  assert.deepEqual(Array.from(fromGz.data), Array.from(fromRaw.data));
});

test('decodes big-endian wider types', () => {
  const payload = new Uint8Array(8);
  new DataView(payload.buffer).setFloat32(0, -1.5, false);
  new DataView(payload.buffer).setFloat32(4, 3.25, false);
  assert.deepEqual(Array.from(parseIdx(idxBytes(0x0d, [2], payload), 'f32', { rank: 1 }).data), [-1.5, 3.25]);
  const ints = new Uint8Array(8);
  new DataView(ints.buffer).setInt32(0, -7, false);
  new DataView(ints.buffer).setInt32(4, 70000, false);
  assert.deepEqual(Array.from(parseIdx(idxBytes(0x0c, [2], ints), 'i32', { rank: 1 }).data), [-7, 70000]);
});

const malformed: Array<[string, Uint8Array, number, RegExp]> = [
  ['empty', new Uint8Array(0), 1, /truncated.*magic/],
  ['bad magic', new Uint8Array([0x12, 0x34, 0x08, 0x01, 0, 0, 0, 1, 9]), 1, /bad magic number 0x12340801/],
  ['unknown type code', idxBytes(0x0a, [1], new Uint8Array(1)), 1, /unknown IDX type code 0x0a/],
  ['wrong rank', idxBytes(0x08, [2, 2], new Uint8Array(4)), 3, /has 2 dimension\(s\), expected 3/],
  ['truncated header', idxBytes(0x08, [2, 2], new Uint8Array(0)).subarray(0, 9), 2, /truncated inside its header/],
  ['truncated values', idxBytes(0x08, [3, 2], new Uint8Array(5)), 2, /truncated: 17 bytes.*needs 18/],
  ['over-long', idxBytes(0x08, [3, 2], new Uint8Array(7)), 2, /over-long: 19 bytes.*1 trailing/],
  ['zero dimension', idxBytes(0x08, [0, 28], new Uint8Array(0)), 2, /dimension 0 is 0/],
  ['huge dimensions', idxBytes(0x0e, [0xffffffff, 0xffffffff], new Uint8Array(0)), 2, /exceed the .*size cap/],
  ['gzip garbage', new Uint8Array([0x1f, 0x8b, 1, 2, 3, 4, 5]), 1, /corrupt gzip data/],
];

for (const [what, bytes, rank, message] of malformed) {
  test(`rejects a malformed IDX file: ${what}`, () => {
    const path = join(dir, `${what.replace(/ /g, '-')}.idx`);
    writeFileSync(path, bytes);
    for (const read of [() => readIdxFile(path, { rank }), () => parseIdx(bytes, path, { rank })]) {
      assert.throws(read, (err: unknown) => {
        assert.ok(err instanceof DataFormatError, `expected DataFormatError, got ${String(err)}`);
        assert.equal(err.file, path);
        assert.match(err.message, message);
        assert.ok(err.message.startsWith(path));
        return true;
      });
    }
  });
}

test('a truncated file is rejected even when the limit would not reach the missing bytes', () => {
  const path = join(dir, 'truncated-limited.idx');
  writeFileSync(path, idxBytes(0x08, [100, 4], new Uint8Array(399)));
  assert.throws(() => readIdxFile(path, { rank: 2, limit: 1 }), /truncated/);
});

test('a gzip bomb inflates no further than its header declares', () => {
  // A header for 10 images of 28×28 (7,840 bytes), then 16 MiB of zeros: 16 KiB compressed.
  const bomb = gzipSync(idxBytes(0x08, [10, 28, 28], new Uint8Array(16 * 2 ** 20)));
  assert.ok(bomb.length < 64 * 1024);
  assert.throws(() => parseIdx(bomb, 'bomb.gz', { rank: 3 }), (err: unknown) =>
    err instanceof DataFormatError && /bomb\.gz: IDX file is over-long: it inflates to more than the 7856 bytes its header \[10, 28, 28\] u8 declares/.test(err.message));
  // A header asking for more than the cap is refused from the first bytes, before inflating the rest.
  const huge = gzipSync(idxBytes(0x08, [60000, 280, 280], new Uint8Array(1000)));
  assert.throws(() => parseIdx(huge, 'huge.gz', { rank: 3 }), /huge\.gz: IDX dimensions \[60000, 280, 280\] exceed the 1073741824-byte size cap/);
  assert.throws(() => parseIdx(gzipSync(idxBytes(0x08, [2, 2], new Uint8Array(4))), 's.gz', { rank: 2, maxBytes: 3 }), /exceed the 3-byte size cap/);
});

test('missing files, folders and cut gzip streams are errors naming the file', () => {
  assert.throws(() => readIdxFile(join(dir, 'nope'), { rank: 1 }), (err: unknown) => err instanceof DataFormatError && /nope: no such file or folder \(ENOENT\)/.test(err.message));
  assert.throws(() => readIdxFile(dir, { rank: 1 }), /is a folder, expected an IDX file/);
  const gz = gzipSync(idxBytes(0x08, [40, 10], new Uint8Array(400).map((_, i) => i * 31)));
  assert.throws(() => parseIdx(gz.subarray(0, gz.length - 30), 'cut.gz', { rank: 2 }), /cut\.gz: corrupt gzip data: unexpected end of file/);
});
