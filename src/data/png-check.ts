/**
 * The structure of a PNG file (ISO/IEC 15948, the PNG specification), checked before anything is decoded:
 * the signature; every chunk's length, type and CRC-32; IHDR first, with a size under a pixel budget and
 * one of the bit depth / colour type pairs the specification allows; PLTE where a palette is needed and
 * only where one may be; IDAT chunks consecutive; IEND last and nothing after it. It also gives the exact
 * size the image data must inflate to, so a decoder can be held to it (a short or over-long zlib stream is
 * a corrupt file, not a black image). Pure: it reads bytes and allocates nothing of the image's size.
 */
import CRC32 from 'crc-32';
import { DataFormatError } from './data-format-error.js';

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
  /** The IDAT chunks' data, in order (views of the input). */
  idat: Uint8Array[];
  /** Bytes the concatenated IDAT data inflates to: filter bytes plus packed scanlines, over all passes. */
  inflatedBytes: number;
}

export interface PngLimits {
  /** Largest width × height accepted (default 2^24, e.g. 4096 × 4096). */
  maxPixels?: number;
}

export const DEFAULT_MAX_PNG_PIXELS = 2 ** 24;

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Allowed bit depths per colour type (PNG spec, table 11.1). */
const BIT_DEPTHS: Record<number, readonly number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const MAX_DIMENSION = 2 ** 31 - 1;

/** Adam7's passes: [x0, y0, dx, dy]. */
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const;

function scanlineBytes(width: number, bitsPerPixel: number): number {
  return 1 + Math.ceil((width * bitsPerPixel) / 8);
}

function inflatedSize(width: number, height: number, bitsPerPixel: number, interlaced: boolean): number {
  if (!interlaced) return height * scanlineBytes(width, bitsPerPixel);
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7) {
    const w = Math.ceil((width - x0) / dx);
    const h = Math.ceil((height - y0) / dy);
    if (w > 0 && h > 0) total += h * scanlineBytes(w, bitsPerPixel);
  }
  return total;
}

/** Checks a PNG file's structure; `file` names it in errors (DataFormatError). */
export function inspectPng(bytes: Uint8Array, file: string, limits: PngLimits = {}): PngInfo {
  const fail = (problem: string): never => {
    throw new DataFormatError(file, `not a valid PNG image: ${problem}`);
  };
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) fail('no PNG signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const idat: Uint8Array[] = [];
  let info: Omit<PngInfo, 'idat'> | null = null;
  let palette = false;
  let idatEnded = false;
  let offset = 8;
  let index = 0;
  for (;;) {
    if (offset + 12 > bytes.length) fail(`chunk ${index} at byte ${offset} is truncated (the file ends before IEND)`);
    const length = view.getUint32(offset);
    const typeBytes = bytes.subarray(offset + 4, offset + 8);
    const type = String.fromCharCode(...typeBytes);
    if (!/^[A-Za-z]{4}$/.test(type)) fail(`chunk ${index} at byte ${offset} has an invalid type`);
    if (length > 2 ** 31 - 1 || offset + 12 + length > bytes.length) fail(`chunk ${type} at byte ${offset} runs past the end of the file`);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    const stored = view.getUint32(offset + 8 + length);
    if ((CRC32.buf(data, CRC32.buf(typeBytes)) >>> 0) !== stored) fail(`chunk ${type} at byte ${offset} fails its CRC check (the file is corrupted)`);
    if (index === 0 && type !== 'IHDR') fail('the first chunk is not IHDR');
    if (type === 'IHDR') {
      if (index !== 0) fail('a second IHDR chunk');
      if (length !== 13) fail(`IHDR holds ${length} bytes, not 13`);
      const width = view.getUint32(offset + 8);
      const height = view.getUint32(offset + 12);
      const [bitDepth, colorType, compression, filter, interlace] = data.subarray(8, 13) as unknown as [number, number, number, number, number];
      if (width === 0 || height === 0 || width > MAX_DIMENSION || height > MAX_DIMENSION) fail(`the image is ${width}×${height}; both sides must be 1 to 2^31 − 1`);
      const allowed = BIT_DEPTHS[colorType];
      if (allowed === undefined) fail(`colour type ${colorType} does not exist (0, 2, 3, 4 or 6)`);
      if (!allowed!.includes(bitDepth)) fail(`bit depth ${bitDepth} is not allowed with colour type ${colorType} (allowed: ${allowed!.join(', ')})`);
      if (compression !== 0) fail(`compression method ${compression} (only 0 exists)`);
      if (filter !== 0) fail(`filter method ${filter} (only 0 exists)`);
      if (interlace !== 0 && interlace !== 1) fail(`interlace method ${interlace} (0 or 1)`);
      const maxPixels = limits.maxPixels ?? DEFAULT_MAX_PNG_PIXELS;
      if (width * height > maxPixels) {
        throw new DataFormatError(file, `PNG image is ${width}×${height} = ${(width * height).toLocaleString('en-US')} pixels, more than the ${maxPixels.toLocaleString('en-US')}-pixel limit (maxPixels); nothing was decoded`);
      }
      const bitsPerPixel = bitDepth * CHANNELS[colorType]!;
      info = { width, height, bitDepth, colorType, interlaced: interlace === 1, inflatedBytes: inflatedSize(width, height, bitsPerPixel, interlace === 1) };
    } else if (type === 'PLTE') {
      if (palette) fail('a second PLTE chunk');
      if (idat.length > 0) fail('PLTE after the image data');
      if (info!.colorType === 0 || info!.colorType === 4) fail(`a palette in a colour-type-${info!.colorType} (grayscale) image`);
      if (length === 0 || length % 3 !== 0 || length > 768 || (info!.colorType === 3 && length / 3 > 2 ** info!.bitDepth)) fail(`PLTE of ${length} bytes is not a valid palette`);
      palette = true;
    } else if (type === 'IDAT') {
      if (idatEnded) fail('IDAT chunks are not consecutive');
      if (info!.colorType === 3 && !palette) fail('an indexed-colour image without a PLTE chunk before its data');
      idat.push(data);
    } else if (type === 'IEND') {
      if (length !== 0) fail(`IEND holds ${length} bytes, not 0`);
      if (offset + 12 !== bytes.length) fail(`${bytes.length - offset - 12} bytes after IEND`);
      break;
    } else if ((typeBytes[0]! & 0x20) === 0) {
      fail(`unknown critical chunk ${type}`);
    }
    if (idat.length > 0 && type !== 'IDAT') idatEnded = true;
    offset += 12 + length;
    index += 1;
  }
  if (idat.length === 0) fail('no IDAT chunk (no image data)');
  return { ...info!, idat };
}
