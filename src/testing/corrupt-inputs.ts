/**
 * Valid small data files and seeded ways to damage them, for the readers' fuzz tests and the reliability
 * campaigns in test/campaigns (not part of the public API). Every mutant comes from an explicit Generator,
 * so a failing case is reproduced by its seed and index.
 */
import CRC32 from 'crc-32';
import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { Generator } from '../tensor/random.js';

export interface Mutant {
  /** What was done, e.g. "flip bit 3 of byte 40". */
  what: string;
  bytes: Uint8Array;
}

// ---------------------------------------------------------------- PNG

export interface PngChunk {
  type: string;
  data: Uint8Array;
}

/** A width×height RGBA PNG with a deterministic pattern. */
export function validPng(width: number, height: number, seed = 1): Uint8Array {
  const png = new PNG({ width, height });
  const gen = new Generator(seed);
  for (let i = 0; i < png.data.length; i++) png.data[i] = i % 4 === 3 ? 255 : gen.nextUint32() & 255;
  return new Uint8Array(PNG.sync.write(png));
}

export function pngChunks(bytes: Uint8Array): PngChunk[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunk[] = [];
  for (let off = 8; off + 12 <= bytes.length;) {
    const length = view.getUint32(off);
    chunks.push({ type: String.fromCharCode(...bytes.subarray(off + 4, off + 8)), data: bytes.slice(off + 8, off + 8 + length) });
    off += 12 + length;
  }
  return chunks;
}

/** A PNG from chunks, with correct lengths and CRCs (so only the chunks' meaning is wrong, if anything). */
export function buildPng(chunks: readonly PngChunk[]): Uint8Array {
  const parts: Uint8Array[] = [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])];
  for (const c of chunks) {
    const head = new Uint8Array(8);
    new DataView(head.buffer).setUint32(0, c.data.length);
    const type = Uint8Array.from(c.type, (ch) => ch.charCodeAt(0));
    head.set(type, 4);
    const crc = new Uint8Array(4);
    new DataView(crc.buffer).setUint32(0, CRC32.buf(c.data, CRC32.buf(type)) >>> 0);
    parts.push(head, c.data, crc);
  }
  return concat(parts);
}

/** IHDR fields replaced (width, height, bit depth, colour type, compression, filter, interlace). */
export function withIhdr(bytes: Uint8Array, fields: Partial<Record<'width' | 'height' | 'bitDepth' | 'colorType' | 'compression' | 'filter' | 'interlace', number>>): Uint8Array {
  const chunks = pngChunks(bytes);
  const ihdr = chunks[0]!.data.slice();
  const view = new DataView(ihdr.buffer);
  if (fields.width !== undefined) view.setUint32(0, fields.width);
  if (fields.height !== undefined) view.setUint32(4, fields.height);
  const at = { bitDepth: 8, colorType: 9, compression: 10, filter: 11, interlace: 12 } as const;
  for (const [k, i] of Object.entries(at)) {
    const v = fields[k as keyof typeof at];
    if (v !== undefined) ihdr[i] = v;
  }
  chunks[0] = { type: 'IHDR', data: ihdr };
  return buildPng(chunks);
}

/**
 * Mutants of a valid PNG: raw byte damage (bit flips, byte overwrites, truncation, insertion — caught by the
 * CRCs and the structure) and damage re-sealed with correct CRCs (IHDR fields, the zlib stream cut short or
 * corrupted, chunks dropped, duplicated or reordered — caught by the meaning). None is a valid image.
 */
export function pngMutants(valid: Uint8Array, count: number, seed: number): Mutant[] {
  const gen = new Generator(seed);
  const pick = (n: number) => gen.nextUint32() % n;
  const out: Mutant[] = [];
  const chunks = pngChunks(valid);
  const idatAt = chunks.findIndex((c) => c.type === 'IDAT');
  for (let i = 0; out.length < count; i++) {
    const kind = i % 10;
    if (kind === 0) {
      const bit = pick(valid.length * 8);
      const b = valid.slice();
      b[bit >> 3]! ^= 1 << (bit & 7);
      out.push({ what: `flip bit ${bit & 7} of byte ${bit >> 3}`, bytes: b });
    } else if (kind === 1) {
      const at = pick(valid.length);
      const b = valid.slice();
      b[at] = (b[at]! + 1 + pick(255)) & 255;
      out.push({ what: `overwrite byte ${at}`, bytes: b });
    } else if (kind === 2) {
      const n = pick(valid.length);
      out.push({ what: `truncate to ${n} bytes`, bytes: valid.slice(0, n) });
    } else if (kind === 3) {
      const at = 8 + pick(valid.length - 8);
      out.push({ what: `insert a byte at ${at}`, bytes: concat([valid.subarray(0, at), new Uint8Array([pick(256)]), valid.subarray(at)]) });
    } else if (kind === 4) {
      // Forbidden or absurd IHDR values, correctly sealed.
      const cases: Parameters<typeof withIhdr>[1][] = [
        { bitDepth: 3 }, { bitDepth: 16, colorType: 3 }, { bitDepth: 4, colorType: 2 }, { colorType: 5 }, { colorType: 1 }, { compression: 1 },
        { filter: 1 }, { interlace: 2 }, { width: 0 }, { height: 0 }, { width: 16000, height: 16000 }, { width: 2 ** 31 }, { bitDepth: 1, colorType: 6 },
        { width: pick(64) + 65 }, { height: pick(64) + 65 },
      ];
      const c = cases[pick(cases.length)]!;
      out.push({ what: `IHDR ${JSON.stringify(c)}`, bytes: withIhdr(valid, c) });
    } else if (kind === 5) {
      const idat = chunks[idatAt]!.data;
      const keep = pick(idat.length);
      const damaged = chunks.map((c, j) => (j === idatAt ? { type: 'IDAT', data: idat.slice(0, keep) } : c));
      out.push({ what: `IDAT cut to ${keep} of ${idat.length} bytes (CRC resealed)`, bytes: buildPng(damaged) });
    } else if (kind === 6) {
      const idat = chunks[idatAt]!.data.slice();
      const at = pick(idat.length);
      idat[at] = (idat[at]! + 1 + pick(255)) & 255;
      out.push({ what: `zlib byte ${at} of IDAT changed (CRC resealed)`, bytes: buildPng(chunks.map((c, j) => (j === idatAt ? { type: 'IDAT', data: idat } : c))) });
    } else if (kind === 7) {
      const drop = pick(chunks.length);
      out.push({ what: `chunk ${chunks[drop]!.type} dropped`, bytes: buildPng(chunks.filter((_, j) => j !== drop)) });
    } else if (kind === 8) {
      const dup = pick(chunks.length);
      const list = [...chunks];
      list.splice(dup, 0, chunks[dup]!);
      if (chunks[dup]!.type === 'IDAT') list.splice(dup + 1, 1, { type: 'IDAT', data: new Uint8Array([pick(256), pick(256)]) });
      out.push({ what: `chunk ${chunks[dup]!.type} repeated`, bytes: buildPng(list) });
    } else {
      const extra = new Uint8Array(1 + pick(16)).map(() => pick(256));
      out.push({ what: `${extra.length} bytes after IEND`, bytes: concat([valid, extra]) });
    }
  }
  return out;
}

// ---------------------------------------------------------------- IDX

/** An IDX file of u8 images count × rows × cols (or labels when `rows` is 0), deterministic values. */
export function validIdx(count: number, rows: number, cols: number, seed = 1): Uint8Array {
  const dims = rows === 0 ? [count] : [count, rows, cols];
  const head = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(head.buffer);
  head[2] = 0x08;
  head[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  const gen = new Generator(seed);
  const values = new Uint8Array(dims.reduce((a, b) => a * b, 1)).map(() => (rows === 0 ? gen.nextUint32() % 10 : gen.nextUint32() & 255));
  return concat([head, values]);
}

/**
 * Mutants of an IDX file's header region (magic, type, rank, dimensions), its length, and — for gzip — its
 * compressed stream. Value bytes are left alone: any byte is a valid pixel, so they are not damage.
 */
export function idxMutants(valid: Uint8Array, headerBytes: number, count: number, seed: number, gzip: boolean): Mutant[] {
  const gen = new Generator(seed);
  const pick = (n: number) => gen.nextUint32() % n;
  const out: Mutant[] = [];
  const packed = gzip ? new Uint8Array(gzipSync(valid)) : valid;
  for (let i = 0; out.length < count; i++) {
    const kind = i % 6;
    if (kind === 0) {
      const bit = pick(headerBytes * 8);
      const b = valid.slice();
      b[bit >> 3]! ^= 1 << (bit & 7);
      out.push({ what: `header bit ${bit & 7} of byte ${bit >> 3} flipped`, bytes: gzip ? new Uint8Array(gzipSync(b)) : b });
    } else if (kind === 1) {
      const n = pick(valid.length);
      const b = valid.slice(0, n);
      out.push({ what: `truncated to ${n} bytes`, bytes: gzip ? new Uint8Array(gzipSync(b)) : b });
    } else if (kind === 2) {
      const extra = new Uint8Array(1 + pick(64));
      const b = concat([valid, extra]);
      out.push({ what: `${extra.length} trailing bytes`, bytes: gzip ? new Uint8Array(gzipSync(b)) : b });
    } else if (kind === 3) {
      // A dimension set to something huge (a decompression or allocation bomb's header).
      const b = valid.slice();
      const dim = pick((headerBytes - 4) / 4);
      new DataView(b.buffer).setUint32(4 + 4 * dim, [0xffffffff, 2 ** 28, 2 ** 20 + pick(1000), 0][pick(4)]!);
      out.push({ what: `dimension ${dim} replaced`, bytes: gzip ? new Uint8Array(gzipSync(b)) : b });
    } else if (kind === 4 && gzip) {
      // Damage inside the compressed stream: caught by deflate or gzip's CRC-32 and length.
      const b = packed.slice();
      const at = 10 + pick(b.length - 10);
      b[at] = (b[at]! + 1 + pick(255)) & 255;
      out.push({ what: `compressed byte ${at} changed`, bytes: b });
    } else if (kind === 5 && gzip) {
      const n = 2 + pick(packed.length - 2);
      out.push({ what: `compressed stream cut to ${n} bytes`, bytes: packed.slice(0, n) });
    } else {
      const b = valid.slice();
      b[pick(4)] = pick(256);
      if (b[0] === valid[0] && b[1] === valid[1] && b[2] === valid[2] && b[3] === valid[3]) b[2] = 0x01;
      out.push({ what: 'magic number changed', bytes: gzip ? new Uint8Array(gzipSync(b)) : b });
    }
  }
  return out;
}

// ---------------------------------------------------------------- CSV

/** A headerless CSV of `rows` × `cols` numbers (with `header`, a first row of names). */
export function validCsv(rows: number, cols: number, seed = 1, header = false): string {
  const gen = new Generator(seed);
  const lines: string[] = [];
  if (header) lines.push(Array.from({ length: cols }, (_, j) => `f${j}`).join(','));
  for (let i = 0; i < rows; i++) lines.push(Array.from({ length: cols }, () => (gen.nextNormal() * 3).toFixed(3)).join(','));
  return `${lines.join('\n')}\n`;
}

/** Cells no number reader should accept as a finite float32. */
export const BAD_CELLS = ['', 'NaN', 'nan', 'Inf', '-inf', 'Infinity', '1e39', '-1e999', 'x', '1.2.3', '0x10', '--1', '1,', '"', ' ', 'null', 'true', '∞', '١'];

/**
 * Mutants of a CSV: one cell replaced by a bad one (in any row, the first included), a row shortened or
 * lengthened, a blank line inside, bytes that are not UTF-8. Each is invalid data whatever the header rule.
 * Cells of the first `headerRows` rows (a header) are not replaced: a header may hold any names.
 */
export function csvMutants(valid: string, count: number, seed: number, headerRows = 0): Mutant[] {
  const gen = new Generator(seed);
  const pick = (n: number) => gen.nextUint32() % n;
  const rows = valid.trimEnd().split('\n').map((r) => r.split(','));
  const encode = (rs: string[][]) => new TextEncoder().encode(`${rs.map((r) => r.join(',')).join('\n')}\n`);
  const out: Mutant[] = [];
  for (let i = 0; out.length < count; i++) {
    const copy = rows.map((r) => [...r]);
    const kind = i % 5;
    // Half of the cell damage goes to the first data row, where a guessing header rule would hide it.
    const r = kind <= 1 && i % 2 === 0 ? headerRows : headerRows + pick(copy.length - headerRows);
    if (kind <= 1) {
      const c = pick(copy[r]!.length);
      const cell = BAD_CELLS[pick(BAD_CELLS.length)]!;
      copy[r]![c] = cell;
      out.push({ what: `row ${r + 1}, column ${c + 1} := ${JSON.stringify(cell)}`, bytes: encode(copy) });
    } else if (kind === 2) {
      if (copy[r]!.length > 1 && pick(2) === 0) copy[r]!.pop();
      else copy[r]!.push('1');
      out.push({ what: `row ${r + 1} has ${copy[r]!.length} cells`, bytes: encode(copy) });
    } else if (kind === 3) {
      const at = 1 + pick(copy.length - 1);
      copy.splice(at, 0, ['']);
      out.push({ what: `blank line before row ${at + 1}`, bytes: encode(copy) });
    } else {
      const b = encode(copy);
      const at = pick(b.length);
      const bad = b.slice();
      bad[at] = 0xff;
      out.push({ what: `byte ${at} := 0xff (not UTF-8)`, bytes: bad });
    }
  }
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
