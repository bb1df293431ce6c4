/**
 * A folder of PNG images as a dataset. Two layouts:
 * - flat: `dir/*.png`, unlabelled;
 * - one subfolder per class: `dir/<class>/*.png`, labelled by the subfolder's index in sorted order.
 * File and folder names are sorted by code point (not by locale), so the order is the same everywhere;
 * names starting with '.' and files not ending in .png (any case) are ignored.
 * Every image must have the first image's width and height. Values are scaled to [0, 1]; transparent
 * pixels are composited over black (value × alpha). Grayscale uses the ITU-R BT.601 luma weights
 * (0.299 R + 0.587 G + 0.114 B); RGB keeps three channels, stored channel-first: shape [3, H, W].
 *
 * Budgets, checked before decoding: every file's structure first (src/data/png-check.ts: chunk CRCs, a
 * valid IHDR, at most `maxPixels` pixels), and the first image's size × the number of files against
 * `maxBytes` of float32 values before the dataset is allocated. The image data must inflate to exactly the
 * size its IHDR implies, so a damaged zlib stream or a short IDAT is an error, never a black image.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describeIoError } from '../io/io-error.js';
import { DataFormatError } from './data-format-error.js';
import type { Dataset } from './dataset.js';
import { DEFAULT_MAX_PNG_PIXELS, inspectPng, type PngInfo } from './png-check.js';

export interface PngFolderOptions {
  /** 'gray' (default): shape [1, H, W]; 'rgb': shape [3, H, W]. */
  color?: 'gray' | 'rgb';
  /** 'auto' (default): labels from subfolders when the folder has any; 'subfolders' requires them; 'none' reads only top-level PNGs. */
  labels?: 'auto' | 'subfolders' | 'none';
  /** Dataset name; defaults to the folder name. */
  name?: string;
  /** Largest width × height of one image (default 2^24). */
  maxPixels?: number;
  /** Largest dataset, in bytes of float32 values (default 2 GiB). */
  maxBytes?: number;
}

export const DEFAULT_MAX_PNG_DATASET_BYTES = 2 ** 31;

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function listFolder(dir: string): { pngs: string[]; folders: string[] } {
  let all;
  try {
    all = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    throw new DataFormatError(dir, (err as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'is a file, expected a folder of PNG images' : describeIoError(err));
  }
  const entries = all.filter((e) => !e.name.startsWith('.'));
  return {
    pngs: entries.filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.png')).map((e) => e.name).sort(byCodePoint),
    folders: entries.filter((e) => e.isDirectory()).map((e) => e.name).sort(byCodePoint),
  };
}

function readPngFile(file: string, maxPixels: number): { bytes: Uint8Array; info: PngInfo } {
  let bytes: Uint8Array;
  try {
    // A file can exceed what its pixels compress to only by its ancillary chunks; far past 16-bit RGBA is not a PNG we read.
    const limit = maxPixels * 8 + 2 ** 20;
    const size = statSync(file).size;
    if (size > limit) throw new DataFormatError(file, `PNG file is ${size.toLocaleString('en-US')} bytes, more than an image of at most ${maxPixels.toLocaleString('en-US')} pixels can take`);
    bytes = readFileSync(file);
  } catch (err) {
    if (err instanceof DataFormatError) throw err;
    throw new DataFormatError(file, describeIoError(err));
  }
  return { bytes, info: inspectPng(bytes, file, { maxPixels }) };
}

/**
 * Decodes PNG bytes that passed `inspectPng` (png-check.ts), holding the zlib stream to the exact size the
 * IHDR implies first; then pngjs decodes. Callers compare `info`'s size with what they expect before this.
 */
export function decodePng(file: string, bytes: Uint8Array, info: PngInfo): PNG {
  const stream = Buffer.concat(info.idat);
  let inflated: Buffer;
  try {
    inflated = inflateSync(stream, { maxOutputLength: Math.max(1, info.inflatedBytes) });
  } catch (err) {
    const tooLarge = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    throw new DataFormatError(file, tooLarge ? `not a valid PNG image: its image data inflates to more than the ${info.inflatedBytes} bytes a ${info.width}×${info.height} image has`
      : `not a valid PNG image: its image data is not a complete zlib stream (${(err as Error).message})`);
  }
  if (inflated.length !== info.inflatedBytes) throw new DataFormatError(file, `not a valid PNG image: its image data inflates to ${inflated.length} bytes, a ${info.width}×${info.height} image has ${info.inflatedBytes}`);
  try {
    return PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { checkCRC: true });
  } catch (err) {
    throw new DataFormatError(file, `not a readable PNG image: ${(err as Error).message}`);
  }
}

export function loadPngFolder(dir: string, options: PngFolderOptions = {}): Dataset {
  const color = options.color ?? 'gray';
  if (color !== 'gray' && color !== 'rgb') throw new RangeError(`loadPngFolder: color must be 'gray' or 'rgb', got ${String(color)}`);
  const mode = options.labels ?? 'auto';
  const { pngs, folders } = listFolder(dir);
  const bySubfolder = mode === 'subfolders' || (mode === 'auto' && folders.length > 0);
  const files: string[] = [];
  const fileLabels: number[] = [];
  let classNames: string[] | undefined;
  if (bySubfolder) {
    if (folders.length === 0) throw new DataFormatError(dir, 'expected one subfolder per class, found none');
    if (pngs.length > 0) throw new DataFormatError(dir, `holds both class subfolders and loose PNG files (e.g. ${pngs[0]}); use labels: 'none' to read only the loose files`);
    folders.forEach((folder, label) => {
      const inner = listFolder(join(dir, folder)).pngs;
      if (inner.length === 0) throw new DataFormatError(join(dir, folder), 'class folder holds no PNG files');
      for (const name of inner) {
        files.push(join(dir, folder, name));
        fileLabels.push(label);
      }
    });
    classNames = folders;
  } else {
    if (pngs.length === 0) throw new DataFormatError(dir, 'folder holds no PNG files');
    for (const name of pngs) files.push(join(dir, name));
  }

  const channels = color === 'rgb' ? 3 : 1;
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PNG_PIXELS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_PNG_DATASET_BYTES;
  let width = 0;
  let height = 0;
  let images = new Float32Array(0);
  files.forEach((file, i) => {
    const { bytes, info } = readPngFile(file, maxPixels);
    if (i === 0) {
      width = info.width;
      height = info.height;
      const need = files.length * channels * width * height * 4;
      if (need > maxBytes) {
        throw new DataFormatError(dir, `${files.length} images of ${width}×${height}×${channels} need ${need.toLocaleString('en-US')} bytes as float32, more than the ${maxBytes.toLocaleString('en-US')}-byte limit (maxBytes)`);
      }
      images = new Float32Array(files.length * channels * width * height);
    } else if (info.width !== width || info.height !== height) {
      throw new DataFormatError(file, `image is ${info.width}×${info.height}, but ${files[0]} (the first image) is ${width}×${height}; all images must be the same size`);
    }
    const png = decodePng(file, bytes, info);
    if (png.width !== width || png.height !== height) throw new DataFormatError(file, `decoded as ${png.width}×${png.height}, its IHDR says ${width}×${height}`);
    writePixels(png.data, images, i * channels * width * height, width * height, channels);
  });

  const ds: Dataset = {
    name: options.name ?? basename(dir),
    images,
    shape: [channels, height, width],
    count: files.length,
    labels: bySubfolder ? Int32Array.from(fileLabels) : null,
    numClasses: classNames ? classNames.length : 0,
  };
  if (classNames) ds.classNames = classNames;
  return ds;
}

/** RGBA bytes → channel-first floats in [0, 1], composited over black. */
export function writePixels(rgba: Uint8Array, out: Float32Array, offset: number, pixels: number, channels: number): void {
  for (let p = 0; p < pixels; p++) {
    const r = rgba[4 * p]!;
    const g = rgba[4 * p + 1]!;
    const b = rgba[4 * p + 2]!;
    const alpha = rgba[4 * p + 3]! / 255;
    if (channels === 1) {
      // Integer weights keep gray inputs exact: (299 + 587 + 114) v / 1000 = v.
      out[offset + p] = ((299 * r + 587 * g + 114 * b) / (1000 * 255)) * alpha;
    } else {
      out[offset + p] = (r / 255) * alpha;
      out[offset + pixels + p] = (g / 255) * alpha;
      out[offset + 2 * pixels + p] = (b / 255) * alpha;
    }
  }
}
