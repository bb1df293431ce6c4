import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeFileAtomicSync } from './atomic-write.js';
import { ModelFileError } from './model-file-error.js';
import { encodeSafetensors, parseSafetensors, serializeSafetensors } from './safetensors.js';
import { readSafetensors } from './safetensors.node.js';

const dir = mkdtempSync(join(tmpdir(), 'aekit-safetensors-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const weights = {
  'encoder.0.weight': { shape: [3, 2], data: new Float32Array([1, -2, 3.5, 1e-30, 3.4e38, -0]) },
  'encoder.0.bias': { shape: [3], data: new Float32Array([0.1, 0.2, 0.3]) },
  'mask': { shape: [5], data: new Uint8Array([1, 0, 1, 1, 0]) },
  'step': { shape: [], data: new Int32Array([42]) },
  'empty': { shape: [0, 4], data: new Float32Array(0) },
};
const metadata = { 'aekit.config': JSON.stringify({ model: 'vae', latent: 2 }), note: 'ünïcode ✓' };

test('round trip through a file: names, dtypes, shapes, values and metadata', () => {
  const path = join(dir, 'model.safetensors');
  writeFileAtomicSync(path, encodeSafetensors(weights, metadata));
  const file = readSafetensors(path);
  assert.deepEqual([...file.tensors.keys()].sort(), Object.keys(weights).sort());
  for (const [name, t] of Object.entries(weights)) {
    const got = file.tensors.get(name)!;
    assert.deepEqual(got.shape, t.shape);
    assert.equal(got.data.constructor, t.data.constructor);
    assert.deepEqual(Array.from(got.data), Array.from(t.data));
  }
  assert.equal(file.tensors.get('step')!.dtype, 'I32');
  assert.equal(file.tensors.get('mask')!.dtype, 'U8');
  assert.deepEqual(file.metadata, metadata);
  assert.deepEqual(parseSafetensors(readFileSync(path), path).metadata, metadata);
});

test('the writer is deterministic, pads the header to 8 bytes and orders tensors by element size then name', () => {
  const a = serializeSafetensors(weights, metadata);
  const reordered = Object.fromEntries(Object.entries(weights).reverse());
  assert.deepEqual(a, serializeSafetensors(reordered, metadata));
  const n = Number(new DataView(a.buffer).getBigUint64(0, true));
  assert.equal(n % 8, 0);
  const header = JSON.parse(new TextDecoder().decode(a.subarray(8, 8 + n))) as Record<string, { data_offsets: number[] }>;
  const order = Object.keys(header).filter((k) => k !== '__metadata__').sort((x, y) => header[x]!.data_offsets[0]! - header[y]!.data_offsets[0]! || header[x]!.data_offsets[1]! - header[y]!.data_offsets[1]!);
  assert.deepEqual(order, ['empty', 'encoder.0.bias', 'encoder.0.weight', 'step', 'mask']);
  const aligned = new Float32Array(a.buffer.slice(8 + n + header['encoder.0.weight']!.data_offsets[0]!), 0, 6);
  assert.equal(aligned[2], 3.5);
});

test('the writer rejects bad input', () => {
  assert.throws(() => encodeSafetensors({ w: { shape: [2, 2], data: new Float32Array(3) } }), /shape \[2, 2\] \(4 values\) but 3 values/);
  assert.throws(() => encodeSafetensors({ __metadata__: { shape: [1], data: new Float32Array(1) } }), /invalid tensor name/);
  assert.throws(() => encodeSafetensors({ w: { shape: [-1], data: new Float32Array(0) } }), /invalid dimension -1/);
  assert.throws(() => encodeSafetensors({}, { k: 5 as unknown as string }), /metadata value for "k" must be a string/);
});

/** A file from a raw header text and a data buffer of `bufferBytes` zero bytes; `declared` overrides the length prefix. */
function craft(header: string | Uint8Array, bufferBytes: number, declared?: bigint): Uint8Array {
  const h = typeof header === 'string' ? new TextEncoder().encode(header) : header;
  const out = new Uint8Array(8 + h.length + bufferBytes);
  new DataView(out.buffer).setBigUint64(0, declared ?? BigInt(h.length), true);
  out.set(h, 8);
  return out;
}

const t = (dtype: string, shape: unknown, offsets: unknown) => JSON.stringify({ dtype, shape, data_offsets: offsets });
const good = serializeSafetensors({ w: { shape: [2], data: new Float32Array([1, 2]) } });

const malformed: Array<[string, Uint8Array, RegExp]> = [
  ['empty file', new Uint8Array(0), /truncated: 0 bytes, too short for the 8-byte header length/],
  ['truncated length prefix', new Uint8Array([16, 0, 0]), /truncated: 3 bytes/],
  ['truncated header', good.subarray(0, 20), /header length \d+ runs past the end of the file \(20 bytes\)/],
  ['header length larger than the file', craft('{}', 0, 4096n), /header length 4096 runs past the end/],
  ['huge header length', craft('{}', 0, 0xffffffffffffffffn), /header length 18446744073709551615 exceeds the 100000000-byte cap/],
  ['zero header length', craft('', 0), /header length 0 is too short/],
  ['invalid UTF-8', craft(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 0), /header is not valid UTF-8/],
  ['not JSON', craft('{nope}', 0), /header is not valid JSON/],
  ['JSON array', craft('[1, 2]', 0), /must be a JSON object starting with '\{'/],
  ['JSON object then garbage', craft('{} {}', 0), /not valid JSON/],
  ['entry not an object', craft('{"w": 5}', 0), /tensor "w": entry must be an object, found number/],
  ['unknown dtype', craft(`{"w": ${t('F128', [1], [0, 16])}}`, 16), /tensor "w": unknown dtype "F128"/],
  ['unsupported dtype', craft(`{"w": ${t('F16', [2], [0, 4])}}`, 4), /tensor "w": dtype F16 is not supported by aekit/],
  ['dtype not a string', craft(`{"w": {"dtype": 1, "shape": [], "data_offsets": [0, 4]}}`, 4), /dtype must be a string/],
  ['negative dimension', craft(`{"w": ${t('F32', [-1, 2], [0, 0])}}`, 0), /shape \[-1, 2\] must hold non-negative integers/],
  ['fractional dimension', craft(`{"w": ${t('F32', [1.5], [0, 4])}}`, 4), /must hold non-negative integers/],
  ['shape not an array', craft(`{"w": ${t('F32', '2', [0, 8])}}`, 8), /shape must be an array, found string/],
  ['overflowing shape', craft(`{"w": ${t('U8', [2 ** 30, 2 ** 30, 2 ** 30], [0, 8])}}`, 8), /is too large/],
  ['shape/size mismatch', craft(`{"w": ${t('F32', [3], [0, 8])}}`, 8), /shape \[3\] F32 needs 12 bytes but data_offsets \[0, 8\] span 8/],
  ['offsets out of range', craft(`{"w": ${t('F32', [2], [0, 8])}}`, 4), /data_offsets \[0, 8\] lie outside the 4-byte data buffer/],
  ['offsets reversed', craft(`{"w": ${t('F32', [0], [8, 4])}}`, 8), /end before they begin/],
  ['offsets malformed', craft(`{"w": ${t('F32', [1], [0])}}`, 4), /data_offsets must be two non-negative integers/],
  ['overlapping tensors', craft(`{"a": ${t('F32', [2], [0, 8])}, "b": ${t('F32', [2], [4, 12])}}`, 12), /tensors "a" and "b" overlap/],
  ['gap between tensors', craft(`{"a": ${t('F32', [1], [0, 4])}, "b": ${t('F32', [1], [8, 12])}}`, 12), /gap of 4 unused bytes at offset 4/],
  ['trailing bytes', craft(`{"a": ${t('F32', [1], [0, 4])}}`, 12), /holds 12 bytes but the tensors cover 4 \(8 trailing bytes\)/],
  ['duplicate tensor name', craft(`{"a": ${t('F32', [1], [0, 4])}, "a": ${t('F32', [1], [0, 4])}}`, 4), /names the key "a" more than once/],
  ['unknown entry field', craft(`{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4], "code": "rm -rf"}}`, 4), /unknown field "code"/],
  ['metadata value not a string', craft(`{"__metadata__": {"k": 1}}`, 0), /__metadata__ value for "k" must be a string, found number/],
  ['metadata not an object', craft(`{"__metadata__": "x"}`, 0), /__metadata__ must be an object of strings/],
];

for (const [what, bytes, message] of malformed) {
  test(`rejects a malformed safetensors file: ${what}`, () => {
    const path = join(dir, `${what.replace(/[^a-z]+/gi, '-')}.safetensors`);
    writeFileSync(path, bytes);
    for (const read of [() => readSafetensors(path), () => parseSafetensors(bytes, path)]) {
      assert.throws(read, (err: unknown) => {
        assert.ok(err instanceof ModelFileError, `expected ModelFileError, got ${String(err)}`);
        assert.equal(err.file, path);
        assert.ok(err.message.startsWith(`${path}: `));
        assert.match(err.message, message);
        return true;
      });
    }
  });
}

test('a header length under a custom cap is enforced before reading the header', () => {
  assert.throws(() => parseSafetensors(good, 'x', { maxHeaderBytes: 8 }), /exceeds the 8-byte cap/);
});

test('a prototype-named entry is treated as plain data', () => {
  const ownProto = JSON.parse('{"__proto__": "v"}') as Record<string, string>;
  const file = parseSafetensors(serializeSafetensors({ w: { shape: [1], data: new Float32Array([1]) } }, ownProto), 'p');
  assert.deepEqual(Object.entries(file.metadata), [['__proto__', 'v']]);
  assert.equal(Object.getPrototypeOf(file.metadata), Object.prototype);
  const crafted = craft(`{"__proto__": ${t('F32', [1], [0, 4])}, "__metadata__": {"__proto__": "x"}}`, 4);
  const parsed = parseSafetensors(crafted, 'p2');
  assert.ok(parsed.tensors.has('__proto__'));
  assert.equal(Object.getPrototypeOf(parsed.metadata), Object.prototype);
  assert.equal(({} as Record<string, unknown>).x, undefined);
});
