/**
 * The safetensors format (Hugging Face): an 8-byte little-endian u64 header length N, N bytes of UTF-8 JSON
 *   {"<name>": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, …, "__metadata__": {"k": "v"}}
 * then the data buffer; offsets are relative to its start, values little-endian, row-major.
 *
 * Reader (from bytes here; from a file, reading each tensor straight into its array, in safetensors.node.ts):
 * everything in the header is checked before any tensor memory is allocated — the header length
 * against a cap and the file size, UTF-8, JSON with no repeated keys, known dtypes, shapes of non-negative
 * safe integers, shape × dtype size = byte length, and offsets that tile the buffer exactly (inside it,
 * sorted, no overlap, no gap). The file is data only: nothing in it is evaluated or imported.
 * Writer: tensors ordered by element size (largest first, so every tensor stays aligned) then by name;
 * the header is padded with spaces so the buffer starts on an 8-byte boundary.
 */
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
export function encodeSafetensors(tensors: TensorsToWrite, metadata: Record<string, string> = {}): Uint8Array[] {
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
    return { name, dtype, shape, data: t.data };
  });
  entries.sort((a, b) => ELEMENT_BYTES[b.dtype] - ELEMENT_BYTES[a.dtype] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') throw new TypeError(`safetensors: metadata value for "${key}" must be a string`);
    if (!isWellFormedText(key) || !isWellFormedText(value)) throw new RangeError(`safetensors: metadata entry "${key}" is not well-formed Unicode`);
  }
  const parts: string[] = [];
  if (Object.keys(metadata).length > 0) {
    const sorted = Object.keys(metadata).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(metadata[k])}`);
    parts.push(`${JSON.stringify(METADATA_KEY)}:{${sorted.join(',')}}`);
  }
  let offset = 0;
  for (const e of entries) {
    const end = offset + e.data.byteLength;
    parts.push(`${JSON.stringify(e.name)}:${JSON.stringify({ dtype: e.dtype, shape: e.shape, data_offsets: [offset, end] })}`);
    offset = end;
  }
  let header = new TextEncoder().encode(`{${parts.join(',')}}`);
  const padded = Math.ceil(header.length / 8) * 8;
  if (padded !== header.length) {
    const withSpaces = new Uint8Array(padded).fill(0x20);
    withSpaces.set(header);
    header = withSpaces;
  }
  const prefix = new Uint8Array(8);
  new DataView(prefix.buffer).setBigUint64(0, BigInt(header.length), true);
  return [prefix, header, ...entries.map((e) => bytesOf(e.data))];
}

/** The whole file in one buffer. */
export function serializeSafetensors(tensors: TensorsToWrite, metadata: Record<string, string> = {}): Uint8Array {
  return joinChunks(encodeSafetensors(tensors, metadata));
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

export interface TensorPlan {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  begin: number;
  end: number;
}

export interface Plan {
  headerBytes: number;
  tensors: TensorPlan[];
  metadata: Record<string, string>;
}

/** Checks the 8-byte prefix: the header length must fit the cap and the file. */
export function readHeaderLength(prefix: Uint8Array, fileBytes: number, file: string, options: SafetensorsReadOptions): number {
  if (fileBytes < 8) throw new ModelFileError(file, `safetensors file is truncated: ${fileBytes} bytes, too short for the 8-byte header length`);
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
function planTensors(headerUtf8: Uint8Array, bufferBytes: number, file: string): Omit<Plan, 'headerBytes'> {
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
    header = parseJsonStrict(text);
  } catch (err) {
    if (err instanceof JsonFormatError) fail(`safetensors header is ${err.message.startsWith('not') ? '' : 'invalid: '}${err.message}`);
    throw err;
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail(`safetensors header must be a JSON object, found ${describeValue(header)}`);

  const metadata: Record<string, string> = Object.create(null) as Record<string, string>;
  const tensors: TensorPlan[] = [];
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

  const sorted = tensors.slice().sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous: TensorPlan | null = null;
  for (const t of sorted) {
    if (t.begin < cursor) fail(`tensors ${JSON.stringify(previous!.name)} and ${JSON.stringify(t.name)} overlap in the data buffer (bytes ${t.begin}–${cursor})`);
    if (t.begin > cursor) fail(`the data buffer has a gap of ${t.begin - cursor} unused bytes at offset ${cursor}`);
    cursor = t.end;
    previous = t;
  }
  if (cursor !== bufferBytes) fail(`the data buffer holds ${bufferBytes} bytes but the tensors cover ${cursor}${cursor < bufferBytes ? ` (${bufferBytes - cursor} trailing bytes)` : ''}`);
  return { tensors, metadata: { ...metadata } };
}

export function plan(prefixAndHeader: Uint8Array, fileBytes: number, file: string, options: SafetensorsReadOptions): Plan {
  const headerBytes = readHeaderLength(prefixAndHeader, fileBytes, file, options);
  return { headerBytes, ...planTensors(prefixAndHeader.subarray(8, 8 + headerBytes), fileBytes - 8 - headerBytes, file) };
}

export function finish(p: Plan, fill: (t: TensorPlan, into: Uint8Array) => void): SafetensorsFile {
  const tensors = new Map<string, SafetensorsTensor>();
  for (const t of p.tensors) {
    const data = allocate(t.dtype, (t.end - t.begin) / ELEMENT_BYTES[t.dtype]);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    fill(t, bytes);
    if (!NATIVE_LITTLE_ENDIAN && t.dtype !== 'U8') swap32(bytes);
    tensors.set(t.name, { dtype: t.dtype, shape: t.shape, data });
  }
  return { tensors, metadata: p.metadata };
}

/** Parses a safetensors file already in memory; `source` names it in errors. Tensors are copied out, aligned. */
export function parseSafetensors(bytes: Uint8Array, source: string, options: SafetensorsReadOptions = {}): SafetensorsFile {
  const p = plan(bytes, bytes.length, source, options);
  const base = 8 + p.headerBytes;
  return finish(p, (t, into) => into.set(bytes.subarray(base + t.begin, base + t.end)));
}
