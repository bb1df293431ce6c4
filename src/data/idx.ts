/**
 * A strict reader for the IDX format of the MNIST files (LeCun et al.): a 4-byte magic number
 * [0, 0, type code, rank], then `rank` big-endian uint32 dimensions, then the values, big-endian, row-major.
 * Files may be gzip-compressed (detected by the gzip magic 0x1f 0x8b, not by the name). A compressed file
 * is inflated in two steps: a few hundred bytes first, for the header, whose dimensions are checked against
 * the size cap; then the whole stream with its output held to exactly the size the header declares, so a
 * decompression bomb costs at most that much memory, never more.
 *
 * Everything is checked before the value array is allocated: the magic, the type code, the rank the
 * caller expects, each dimension (non-zero, and the whole array under a size cap) and that the file
 * holds exactly header + values bytes — a truncated or over-long file is an error, never silently cut.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { describeIoError, isIoError } from '../io/io-error.js';
import { DataFormatError } from './data-format-error.js';

export type IdxDtype = 'u8' | 'i8' | 'i16' | 'i32' | 'f32' | 'f64';
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxArray {
  dtype: IdxDtype;
  /** Dimensions of `data`: the file's dimensions, with the first one cut to `limit` when a limit was given. */
  dims: number[];
  /** Dimensions stated by the file's header. */
  fileDims: number[];
  data: IdxData;
}

export interface IdxReadOptions {
  /** The number of dimensions the caller expects (1 for labels, 3 for images); any other rank is an error. */
  rank: number;
  /** Read only the first `limit` items along the first dimension (the file is still checked whole). */
  limit?: number;
  /** Cap on the decoded value bytes; larger headers are rejected before allocating or inflating. Default 1 GiB. */
  maxBytes?: number;
}

const TYPE_CODES: Record<number, { dtype: IdxDtype; bytes: number }> = {
  0x08: { dtype: 'u8', bytes: 1 },
  0x09: { dtype: 'i8', bytes: 1 },
  0x0b: { dtype: 'i16', bytes: 2 },
  0x0c: { dtype: 'i32', bytes: 4 },
  0x0d: { dtype: 'f32', bytes: 4 },
  0x0e: { dtype: 'f64', bytes: 8 },
};

export const DEFAULT_MAX_IDX_BYTES = 2 ** 30;
const MAX_HEADER_BYTES = 4 + 4 * 255;

interface IdxHeader {
  dtype: IdxDtype;
  elementBytes: number;
  dims: number[];
  headerBytes: number;
  valueBytes: number;
}

/** Checks the header at the start of `head` against a file of `fileBytes` (the whole header if the file holds it). */
function parseHeader(head: Uint8Array, fileBytes: number, source: string, options: IdxReadOptions): IdxHeader {
  const header = parseHeaderFields(head, fileBytes, source, options);
  const { dims, headerBytes, valueBytes, dtype } = header;
  const expected = headerBytes + valueBytes;
  if (fileBytes < expected) throw new DataFormatError(source, `IDX file is truncated: ${fileBytes} bytes, but its header [${dims.join(', ')}] ${dtype} needs ${expected}`);
  if (fileBytes > expected) throw new DataFormatError(source, `IDX file is over-long: ${fileBytes} bytes, but its header [${dims.join(', ')}] ${dtype} needs exactly ${expected} (${fileBytes - expected} trailing bytes)`);
  return header;
}

/** The header's fields, each checked (the size cap included), without comparing the file's length. */
function parseHeaderFields(head: Uint8Array, fileBytes: number, source: string, options: IdxReadOptions): IdxHeader {
  if (fileBytes < 4) throw new DataFormatError(source, `IDX file is truncated: ${fileBytes} bytes, too short for the 4-byte magic number`);
  if (head[0] !== 0 || head[1] !== 0) {
    const magic = Array.from(head.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
    throw new DataFormatError(source, `not an IDX file: bad magic number 0x${magic} (expected 0x0000 then a type code and a rank)`);
  }
  const type = TYPE_CODES[head[2]!];
  if (!type) throw new DataFormatError(source, `unknown IDX type code 0x${head[2]!.toString(16).padStart(2, '0')} (known: 08 u8, 09 i8, 0b i16, 0c i32, 0d f32, 0e f64)`);
  const rank = head[3]!;
  if (rank !== options.rank) throw new DataFormatError(source, `IDX file has ${rank} dimension(s), expected ${options.rank}`);
  const headerBytes = 4 + 4 * rank;
  if (fileBytes < headerBytes) throw new DataFormatError(source, `IDX file is truncated inside its header: ${fileBytes} bytes, the header needs ${headerBytes}`);
  const view = new DataView(head.buffer, head.byteOffset, headerBytes);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IDX_BYTES;
  const dims: number[] = [];
  let valueBytes = type.bytes;
  for (let i = 0; i < rank; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    if (d === 0) throw new DataFormatError(source, `IDX dimension ${i} is 0`);
    valueBytes *= d;
    if (valueBytes > maxBytes) throw new DataFormatError(source, `IDX dimensions [${[...dims, d].join(', ')}${i + 1 < rank ? ', …' : ''}] exceed the ${maxBytes}-byte size cap`);
    dims.push(d);
  }
  return { dtype: type.dtype, elementBytes: type.bytes, dims, headerBytes, valueBytes };
}

function checkLimit(limit: number | undefined, source: string): void {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new RangeError(`${source}: limit must be a non-negative integer, got ${limit}`);
}

/** Decodes big-endian values into a native typed array. */
function decodeValues(bytes: Uint8Array, dtype: IdxDtype, count: number): IdxData {
  if (dtype === 'u8') return bytes.slice(0, count);
  if (dtype === 'i8') return new Int8Array(bytes.slice(0, count).buffer);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (dtype) {
    case 'i16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(2 * i, false);
      return out;
    }
    case 'i32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i, false);
      return out;
    }
    case 'f32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, false);
      return out;
    }
    case 'f64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, false);
      return out;
    }
  }
}

function build(header: IdxHeader, values: Uint8Array, limit: number | undefined): IdxArray {
  const first = limit === undefined ? header.dims[0]! : Math.min(limit, header.dims[0]!);
  const dims = [first, ...header.dims.slice(1)];
  const count = dims.reduce((a, b) => a * b, 1);
  return { dtype: header.dtype, dims, fileDims: header.dims, data: decodeValues(values, header.dtype, count) };
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** zlib's message, without the stack; "unexpected end of file" is what a cut stream gives. */
function zlibProblem(err: unknown): string {
  return (err as Error).message;
}

/**
 * Inflates a gzip stream in two steps (see the file comment): the header from a prefix, checked, then the
 * whole stream with its output limited to the size the header declares.
 */
function gunzipBounded(bytes: Uint8Array, source: string, options: IdxReadOptions): Uint8Array {
  let head: Uint8Array = new Uint8Array(0);
  for (let prefix = 256; ; prefix *= 4) {
    try {
      // NOTE: a prefix of a deflate stream inflates, with a sync flush, to a prefix of the data; 4 KiB in gives at most ~4 MiB out.
      head = gunzipSync(bytes.subarray(0, Math.min(prefix, bytes.length)), { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: 8 * 2 ** 20 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new DataFormatError(source, 'corrupt gzip data: its first bytes inflate to more than 8 MiB');
      throw new DataFormatError(source, `corrupt gzip data: ${zlibProblem(err)}`);
    }
    if (head.length >= MAX_HEADER_BYTES || prefix >= bytes.length || prefix >= 4096) break;
  }
  const header = parseHeaderFields(head, head.length, source, options);
  const expected = header.headerBytes + header.valueBytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: expected });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new DataFormatError(source, `IDX file is over-long: it inflates to more than the ${expected} bytes its header [${header.dims.join(', ')}] ${header.dtype} declares (inflating stopped there)`);
    }
    throw new DataFormatError(source, `corrupt gzip data: ${zlibProblem(err)}`);
  }
}

/** Parses IDX bytes already in memory (gzip-compressed or raw). `source` names the data in errors. */
export function parseIdx(bytes: Uint8Array, source: string, options: IdxReadOptions): IdxArray {
  checkLimit(options.limit, source);
  const raw = isGzip(bytes) ? gunzipBounded(bytes, source, options) : bytes;
  const header = parseHeader(raw, raw.length, source, options);
  return build(header, raw.subarray(header.headerBytes), options.limit);
}

/**
 * Reads an IDX file. For an uncompressed file with a `limit`, only the header and the first `limit`
 * items are read from disk, after the file size has been checked against the header.
 */
export function readIdxFile(path: string, options: IdxReadOptions): IdxArray {
  checkLimit(options.limit, path);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new DataFormatError(path, describeIoError(err));
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw new DataFormatError(path, 'is a folder, expected an IDX file');
    const fileBytes = stats.size;
    const head = new Uint8Array(Math.min(fileBytes, MAX_HEADER_BYTES));
    readFully(fd, head, 0, path);
    if (isGzip(head)) {
      // Deflate never grows data by more than ~0.1 %, so a compressed file far over the cap cannot be valid.
      const cap = options.maxBytes ?? DEFAULT_MAX_IDX_BYTES;
      if (fileBytes > cap * 1.01 + 65536) throw new DataFormatError(path, `compressed IDX file is ${fileBytes} bytes, more than any file under the ${cap}-byte cap can be`);
      const all = new Uint8Array(fileBytes);
      readFully(fd, all, 0, path);
      return parseIdx(all, path, options);
    }
    const header = parseHeader(head, fileBytes, path, options);
    const itemBytes = header.valueBytes / header.dims[0]!;
    const items = options.limit === undefined ? header.dims[0]! : Math.min(options.limit, header.dims[0]!);
    const values = new Uint8Array(items * itemBytes);
    readFully(fd, values, header.headerBytes, path);
    return build(header, values, options.limit);
  } catch (err) {
    if (err instanceof DataFormatError || !isIoError(err)) throw err;
    throw new DataFormatError(path, describeIoError(err));
  } finally {
    closeSync(fd);
  }
}

function readFully(fd: number, into: Uint8Array, position: number, file: string): void {
  let done = 0;
  while (done < into.length) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) throw new DataFormatError(file, `the file ended at byte ${position + done} while being read (was it changed?)`);
    done += n;
  }
}
