/**
 * The safetensors format (Hugging Face): an 8-byte little-endian u64 header length N, N bytes of UTF-8 JSON
 *   {"<name>": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, …, "__metadata__": {"k": "v"}}
 * then the data buffer; offsets are relative to its start, values little-endian, row-major.
 *
 * Reader (from bytes here; from a file, header first and then each tensor straight into its array, in
 * safetensors.node.ts): everything in the header is checked before any tensor memory is allocated — the header length
 * against a cap and the file size, UTF-8, JSON with no repeated keys, known dtypes, shapes of non-negative
 * safe integers, shape × dtype size = byte length, and offsets that tile the buffer exactly (inside it,
 * sorted, no overlap, no gap). The file is data only: nothing in it is evaluated or imported.
 * `parseSafetensorsHeader` stops after the header, so a caller can compare the tensors a file declares with
 * what it expects before any tensor memory exists; `readSafetensorsData` then fills the tensors.
 * Checksum (an aekit extension, still a valid safetensors file): with `checksumKey`, the writer stores in
 * __metadata__ a CRC-32 over the header's meaning (metadata, names, dtypes, shapes, offsets) and the data,
 * and the reader verifies it, so a flipped bit anywhere is an error instead of a silently different tensor.
 * Writer: tensors ordered by element size (largest first, so every tensor stays aligned) then by name;
 * the header is padded with spaces so the buffer starts on an 8-byte boundary.
 */
import { Crc32 } from './checksum.js';
import { ModelFileError } from './model-file-error.js';
import { JsonFormatError, parseJsonStrict } from './strict-json.js';

export type SafetensorsDtype = 'F32' | 'I32' | 'U8';
export type TensorData = Float32Array | Int32Array | Uint8Array;

export interface SafetensorsTensor {
  dtype: SafetensorsDtype;
  shape: number[];
  data: TensorData;
}

export interface SafetensorsFile {
  tensors: Map<string, SafetensorsTensor>;
  metadata: Record<string, string>;
}

export interface SafetensorsReadOptions {
  /** Largest header accepted, in bytes (default 100 MB, as the reference implementation). */
  maxHeaderBytes?: number;
  /** The __metadata__ entry holding a CRC-32 of the file (see `safetensorsChecksum`); verified when present. */
  checksumKey?: string;
  /** With `checksumKey`: a file without that entry is an error. */
  requireChecksum?: boolean;
}

export interface SafetensorsWriteOptions {
  /** Store a CRC-32 of the header's meaning and the data under this __metadata__ key. */
  checksumKey?: string;
}

const ELEMENT_BYTES: Record<SafetensorsDtype, number> = { F32: 4, I32: 4, U8: 1 };
/** Valid safetensors dtypes aekit does not load; named separately so the error says "unsupported", not "unknown". */
const OTHER_SAFETENSORS_DTYPES = new Set(['BOOL', 'U16', 'U32', 'U64', 'I8', 'I16', 'I64', 'F16', 'BF16', 'F64', 'F8_E4M3', 'F8_E5M2']);
const DEFAULT_MAX_HEADER_BYTES = 100_000_000;
const METADATA_KEY = '__metadata__';
const NATIVE_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function dtypeOf(data: TensorData): SafetensorsDtype {
  if (data instanceof Float32Array) return 'F32';
  if (data instanceof Int32Array) return 'I32';
  if (data instanceof Uint8Array) return 'U8';
  throw new TypeError('safetensors: tensor data must be a Float32Array, Int32Array or Uint8Array');
}

function allocate(dtype: SafetensorsDtype, length: number): TensorData {
  return dtype === 'F32' ? new Float32Array(length) : dtype === 'I32' ? new Int32Array(length) : new Uint8Array(length);
}

/** Reverses each 4-byte group in place (only on big-endian hosts; the file is always little-endian). */
function swap32(bytes: Uint8Array): void {
  for (let i = 0; i + 3 < bytes.length; i += 4) {
    const a = bytes[i]!;
    const b = bytes[i + 1]!;
    bytes[i] = bytes[i + 3]!;
    bytes[i + 1] = bytes[i + 2]!;
    bytes[i + 2] = b;
    bytes[i + 3] = a;
  }
}

function bytesOf(data: TensorData): Uint8Array {
  const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (NATIVE_LITTLE_ENDIAN || data.BYTES_PER_ELEMENT === 1) return view;
  const copy = view.slice();
  swap32(copy);
  return copy;
}

function isWellFormedText(s: string): boolean {
  return new TextDecoder().decode(new TextEncoder().encode(s)) === s;
}

// ---------------------------------------------------------------- writer

export type TensorsToWrite = Map<string, { shape: readonly number[]; data: TensorData }> | Record<string, { shape: readonly number[]; data: TensorData }>;

/**
 * The file as a list of chunks (header, then each tensor's bytes without copying on little-endian hosts),
 * ready for `writeFileAtomic(path, chunks)`; concatenated they are the file.
 */
export function encodeSafetensors(tensors: TensorsToWrite, metadata: Record<string, string> = {}, options: SafetensorsWriteOptions = {}): Uint8Array[] {
  const entries = (tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors)).map(([name, t]) => {
    if (name === '' || name === METADATA_KEY || !isWellFormedText(name)) throw new RangeError(`safetensors: invalid tensor name ${JSON.stringify(name)}`);
    const dtype = dtypeOf(t.data);
    const shape = [...t.shape];
    let size = 1;
    for (const d of shape) {
      if (!Number.isSafeInteger(d) || d < 0) throw new RangeError(`safetensors: tensor "${name}" has an invalid dimension ${d}`);
      size *= d;
    }
    if (size !== t.data.length) throw new RangeError(`safetensors: tensor "${name}" has shape [${shape.join(', ')}] (${size} values) but ${t.data.length} values`);
    return { name, dtype, shape, data: t.data, begin: 0, end: 0 };
  });
  entries.sort((a, b) => ELEMENT_BYTES[b.dtype] - ELEMENT_BYTES[a.dtype] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let offset = 0;
  for (const e of entries) {
    e.begin = offset;
    offset = e.end = offset + e.data.byteLength;
  }

  const meta = { ...metadata };
  for (const [key, value] of Object.entries(meta)) {
    if (typeof value !== 'string') throw new TypeError(`safetensors: metadata value for "${key}" must be a string`);
    if (!isWellFormedText(key) || !isWellFormedText(value)) throw new RangeError(`safetensors: metadata entry "${key}" is not well-formed Unicode`);
  }
  const data = entries.map((e) => bytesOf(e.data));
  if (options.checksumKey !== undefined) meta[options.checksumKey] = safetensorsChecksum(meta, entries, options.checksumKey, data);
  const parts: string[] = [];
  if (Object.keys(meta).length > 0) {
    const sorted = Object.keys(meta).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(meta[k])}`);
    parts.push(`${JSON.stringify(METADATA_KEY)}:{${sorted.join(',')}}`);
  }
  for (const e of entries) parts.push(`${JSON.stringify(e.name)}:${JSON.stringify({ dtype: e.dtype, shape: e.shape, data_offsets: [e.begin, e.end] })}`);
  let header = new TextEncoder().encode(`{${parts.join(',')}}`);
  const padded = Math.ceil(header.length / 8) * 8;
  if (padded !== header.length) {
    const withSpaces = new Uint8Array(padded).fill(0x20);
    withSpaces.set(header);
    header = withSpaces;
  }
  const prefix = new Uint8Array(8);
  new DataView(prefix.buffer).setBigUint64(0, BigInt(header.length), true);
  return [prefix, header, ...data];
}

/** The whole file in one buffer. */
export function serializeSafetensors(tensors: TensorsToWrite, metadata: Record<string, string> = {}, options: SafetensorsWriteOptions = {}): Uint8Array {
  return joinChunks(encodeSafetensors(tensors, metadata, options));
}

/** Chunks (as `encodeSafetensors` returns them) concatenated into one buffer. */
export function joinChunks(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

// ---------------------------------------------------------------- reader

/** One tensor as the header describes it: where its bytes lie in the data buffer. */
export interface SafetensorsEntry {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  begin: number;
  end: number;
}

/** A checked header: entries in buffer order (no gap, no overlap, the buffer tiled exactly) and the metadata. */
export interface SafetensorsHeader {
  headerBytes: number;
  tensors: SafetensorsEntry[];
  metadata: Record<string, string>;
}

/** Checks the 8-byte prefix: the header length must fit the cap and the file. */
export function safetensorsHeaderLength(prefix: Uint8Array, fileBytes: number, file: string, options: SafetensorsReadOptions = {}): number {
  if (fileBytes < 8 || prefix.length < 8) throw new ModelFileError(file, `safetensors file is truncated: ${fileBytes} bytes, too short for the 8-byte header length`);
  const n = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  const cap = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  if (n > BigInt(cap)) throw new ModelFileError(file, `safetensors header length ${n} exceeds the ${cap}-byte cap`);
  const headerBytes = Number(n);
  if (headerBytes > fileBytes - 8) throw new ModelFileError(file, `safetensors header length ${headerBytes} runs past the end of the file (${fileBytes} bytes)`);
  if (headerBytes < 2) throw new ModelFileError(file, `safetensors header length ${headerBytes} is too short for a JSON object`);
  return headerBytes;
}

function describeValue(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

/** Validates the header JSON against a data buffer of `bufferBytes`; no tensor memory is touched. */
function checkHeaderJson(headerUtf8: Uint8Array, bufferBytes: number, file: string): Omit<SafetensorsHeader, 'headerBytes'> {
  const fail = (problem: string): never => {
    throw new ModelFileError(file, problem);
  };
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(headerUtf8);
  } catch {
    fail('safetensors header is not valid UTF-8');
  }
  if (!text.startsWith('{')) fail("safetensors header must be a JSON object starting with '{'");
  let header: unknown;
  try {
    // A safetensors header is two levels deep ({name: {shape: [..]}}); anything deeper is not one.
    header = parseJsonStrict(text, { maxDepth: 3 });
  } catch (err) {
    if (err instanceof JsonFormatError) fail(`safetensors header is ${err.message.startsWith('not') ? '' : 'invalid: '}${err.message}`);
    throw err;
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail(`safetensors header must be a JSON object, found ${describeValue(header)}`);

  const metadata: Record<string, string> = Object.create(null) as Record<string, string>;
  const tensors: SafetensorsEntry[] = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === METADATA_KEY) {
      if (typeof info !== 'object' || info === null || Array.isArray(info)) fail(`safetensors __metadata__ must be an object of strings, found ${describeValue(info)}`);
      for (const [k, v] of Object.entries(info as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`safetensors __metadata__ value for "${k}" must be a string, found ${describeValue(v)}`);
        metadata[k] = v as string;
      }
      continue;
    }
    const where = `tensor ${JSON.stringify(name)}`;
    if (name === '') fail('safetensors tensor name is empty');
    if (typeof info !== 'object' || info === null || Array.isArray(info)) fail(`${where}: entry must be an object, found ${describeValue(info)}`);
    const entry = info as Record<string, unknown>;
    for (const key of Object.keys(entry)) if (key !== 'dtype' && key !== 'shape' && key !== 'data_offsets') fail(`${where}: unknown field "${key}"`);
    const dtype = entry.dtype;
    if (typeof dtype !== 'string') fail(`${where}: dtype must be a string, found ${describeValue(dtype)}`);
    if (!(dtype as string in ELEMENT_BYTES)) {
      if (OTHER_SAFETENSORS_DTYPES.has(dtype as string)) fail(`${where}: dtype ${dtype} is not supported by aekit (supported: F32, I32, U8)`);
      fail(`${where}: unknown dtype ${JSON.stringify(dtype)} (supported: F32, I32, U8)`);
    }
    const shape = entry.shape;
    if (!Array.isArray(shape)) fail(`${where}: shape must be an array, found ${describeValue(shape)}`);
    let size = 1;
    for (const d of shape as unknown[]) {
      if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) fail(`${where}: shape [${(shape as unknown[]).map(String).join(', ')}] must hold non-negative integers`);
      size *= d as number;
      if (!Number.isSafeInteger(size)) fail(`${where}: shape [${(shape as number[]).join(', ')}] is too large`);
    }
    const offsets = entry.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => typeof o === 'number' && Number.isSafeInteger(o) && o >= 0)) {
      fail(`${where}: data_offsets must be two non-negative integers [begin, end]`);
    }
    const [begin, end] = offsets as [number, number];
    if (begin > end) fail(`${where}: data_offsets [${begin}, ${end}] end before they begin`);
    if (end > bufferBytes) fail(`${where}: data_offsets [${begin}, ${end}] lie outside the ${bufferBytes}-byte data buffer`);
    const expected = size * ELEMENT_BYTES[dtype as SafetensorsDtype];
    if (end - begin !== expected) fail(`${where}: shape [${(shape as number[]).join(', ')}] ${dtype} needs ${expected} bytes but data_offsets [${begin}, ${end}] span ${end - begin}`);
    tensors.push({ name, dtype: dtype as SafetensorsDtype, shape: (shape as number[]).slice(), begin, end });
  }

  tensors.sort(bufferOrder);
  let cursor = 0;
  let previous: SafetensorsEntry | null = null;
  for (const t of tensors) {
    if (t.begin < cursor) fail(`tensors ${JSON.stringify(previous!.name)} and ${JSON.stringify(t.name)} overlap in the data buffer (bytes ${t.begin}–${cursor})`);
    if (t.begin > cursor) fail(`the data buffer has a gap of ${t.begin - cursor} unused bytes at offset ${cursor}`);
    cursor = t.end;
    previous = t;
  }
  if (cursor !== bufferBytes) fail(`the data buffer holds ${bufferBytes} bytes but the tensors cover ${cursor}${cursor < bufferBytes ? ` (${bufferBytes - cursor} trailing bytes)` : ''}`);
  return { tensors, metadata: { ...metadata } };
}

function bufferOrder(a: { name: string; begin: number; end: number }, b: { name: string; begin: number; end: number }): number {
  return a.begin - b.begin || a.end - b.end || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/**
 * Checks a safetensors header: `prefixAndHeader` holds the file's first 8 + N bytes (N the header length),
 * `fileBytes` is the whole file's size. Pure: nothing is read or allocated beyond the header itself.
 */
export function parseSafetensorsHeader(prefixAndHeader: Uint8Array, fileBytes: number, file: string, options: SafetensorsReadOptions = {}): SafetensorsHeader {
  const headerBytes = safetensorsHeaderLength(prefixAndHeader, fileBytes, file, options);
  if (prefixAndHeader.length < 8 + headerBytes) throw new ModelFileError(file, `safetensors header is truncated: ${prefixAndHeader.length - 8} of ${headerBytes} bytes`);
  return { headerBytes, ...checkHeaderJson(prefixAndHeader.subarray(8, 8 + headerBytes), fileBytes - 8 - headerBytes, file) };
}

// ---------------------------------------------------------------- checksum

/**
 * What a checksum covers besides the data bytes: the metadata (except the checksum entry) and every tensor's
 * name, dtype, shape and offsets, in one canonical text, so a flipped bit in the header is caught too while
 * harmless differences (key order, the padding spaces) are not.
 */
function checksumPreamble(metadata: Record<string, string>, entries: readonly SafetensorsEntry[], checksumKey: string): string {
  const meta = Object.keys(metadata).filter((k) => k !== checksumKey).sort().map((k) => [k, metadata[k]!]);
  const tensors = [...entries].sort(bufferOrder).map((e) => [e.name, e.dtype, e.shape, e.begin, e.end]);
  return JSON.stringify({ metadata: meta, tensors });
}

/** The CRC-32 of a file with these header entries and these data bytes (in buffer order). */
export function safetensorsChecksum(metadata: Record<string, string>, entries: readonly SafetensorsEntry[], checksumKey: string, data: Iterable<Uint8Array>): string {
  const crc = new Crc32().updateText(checksumPreamble(metadata, entries, checksumKey));
  for (const chunk of data) crc.update(chunk);
  return crc.hex();
}

// ---------------------------------------------------------------- tensor data

/** Allocates each tensor (after the header has been checked), fills it with `fill`, and verifies the checksum. */
export function readSafetensorsData(header: SafetensorsHeader, fill: (t: SafetensorsEntry, into: Uint8Array) => void, file: string, options: SafetensorsReadOptions = {}): SafetensorsFile {
  const key = options.checksumKey;
  const stated = key === undefined ? undefined : header.metadata[key];
  if (key !== undefined && stated === undefined && options.requireChecksum) throw new ModelFileError(file, `no "${key}" checksum in __metadata__`);
  if (stated !== undefined && !/^[0-9a-f]{8}$/.test(stated)) throw new ModelFileError(file, `checksum "${key}" must be 8 hex digits`);
  const tensors = new Map<string, SafetensorsTensor>();
  const raw: Uint8Array[] = [];
  for (const t of header.tensors) {
    const data = allocate(t.dtype, (t.end - t.begin) / ELEMENT_BYTES[t.dtype]);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    fill(t, bytes);
    if (stated !== undefined) raw.push(NATIVE_LITTLE_ENDIAN ? bytes : bytes.slice());
    if (!NATIVE_LITTLE_ENDIAN && t.dtype !== 'U8') swap32(bytes);
    tensors.set(t.name, { dtype: t.dtype, shape: t.shape, data });
  }
  if (stated !== undefined) {
    const actual = safetensorsChecksum(header.metadata, header.tensors, key!, raw);
    if (actual !== stated) throw new ModelFileError(file, `checksum mismatch: the header says CRC-32 ${stated}, the contents give ${actual} (the file is corrupted)`);
  }
  return { tensors, metadata: header.metadata };
}

/** Parses a safetensors file already in memory; `source` names it in errors. Tensors are copied out, aligned. */
export function parseSafetensors(bytes: Uint8Array, source: string, options: SafetensorsReadOptions = {}): SafetensorsFile {
  const header = parseSafetensorsHeader(bytes, bytes.length, source, options);
  const base = 8 + header.headerBytes;
  return readSafetensorsData(header, (t, into) => into.set(bytes.subarray(base + t.begin, base + t.end)), source, options);
}
