/**
 * A folder of PNG images as a dataset. Two layouts:
 * - flat: `dir/*.png`, unlabelled;
 * - one subfolder per class: `dir/<class>/*.png`, labelled by the subfolder's index in sorted order.
 * File and folder names are sorted by code point (not by locale), so the order is the same everywhere;
 * names starting with '.' and files not ending in .png (any case) are ignored.
 * Every image must have the first image's width and height. Values are scaled to [0, 1]; transparent
 * pixels are composited over black (value × alpha). Grayscale uses the ITU-R BT.601 luma weights
 * (0.299 R + 0.587 G + 0.114 B); RGB keeps three channels, stored channel-first: shape [3, H, W].
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PNG } from 'pngjs';
import { DataFormatError } from './data-format-error.js';
import type { Dataset } from './dataset.js';

export interface PngFolderOptions {
  /** 'gray' (default): shape [1, H, W]; 'rgb': shape [3, H, W]. */
  color?: 'gray' | 'rgb';
  /** 'auto' (default): labels from subfolders when the folder has any; 'subfolders' requires them; 'none' reads only top-level PNGs. */
  labels?: 'auto' | 'subfolders' | 'none';
  /** Dataset name; defaults to the folder name. */
  name?: string;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function listFolder(dir: string): { pngs: string[]; folders: string[] } {
  const entries = readdirSync(dir, { withFileTypes: true }).filter((e) => !e.name.startsWith('.'));
  return {
    pngs: entries.filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.png')).map((e) => e.name).sort(byCodePoint),
    folders: entries.filter((e) => e.isDirectory()).map((e) => e.name).sort(byCodePoint),
  };
}

function decodePng(file: string): PNG {
  try {
    return PNG.sync.read(readFileSync(file));
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
  let width = 0;
  let height = 0;
  let images = new Float32Array(0);
  files.forEach((file, i) => {
    const png = decodePng(file);
    if (i === 0) {
      width = png.width;
      height = png.height;
      images = new Float32Array(files.length * channels * width * height);
    } else if (png.width !== width || png.height !== height) {
      throw new DataFormatError(file, `image is ${png.width}×${png.height}, but ${files[0]} (the first image) is ${width}×${height}; all images must be the same size`);
    }
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
