/**
 * Masks of missing pixels for inpainting: `top`, `bottom`, `left`, `right` (that half of every image), `random:p`
 * (each pixel missing with probability p, drawn per image) or `PATH.png` (a picture of the image's size whose white
 * pixels, ≥ 50 % grey, are the missing ones). A mask is 1 where a value is missing, for every channel of a pixel.
 */
import { readFileSync } from 'node:fs';
import type { PNG } from 'pngjs';
import { DataFormatError } from '../data/data-format-error.js';
import { inspectPng } from '../data/png-check.js';
import { decodePng } from '../data/png-folder.js';
import type { Generator } from '../tensor/random.js';

export type MaskSpec =
  | { kind: 'top' | 'bottom' | 'left' | 'right' }
  | { kind: 'random'; fraction: number }
  | { kind: 'png'; path: string };

export const MASK_KINDS = ['top', 'bottom', 'left', 'right', 'random:P', 'PATH.png'] as const;

export function parseMaskSpec(text: string): MaskSpec {
  const t = text.trim();
  if (t === 'top' || t === 'bottom' || t === 'left' || t === 'right') return { kind: t };
  const m = /^random:(.*)$/.exec(t);
  if (m) {
    const p = Number(m[1]);
    if (m[1]!.trim() === '' || !(p > 0 && p < 1)) throw new RangeError(`--mask: random:P needs a fraction 0 < P < 1, got '${m[1]}'`);
    return { kind: 'random', fraction: p };
  }
  if (/\.png$/i.test(t)) return { kind: 'png', path: t };
  throw new RangeError(`--mask: unknown mask '${text}' (expected one of ${MASK_KINDS.join(', ')})`);
}

/** The PNG's pixels as a height × width 0/1 mask (1 = missing where the pixel is at least half white). */
function readMaskPng(path: string, height: number, width: number): Uint8Array {
  // Checked as the PNG-folder reader checks a file: structure and size before any pixel is allocated.
  let png: PNG;
  try {
    const bytes = readFileSync(path);
    const info = inspectPng(bytes, path);
    if (info.width !== width || info.height !== height) throw new RangeError(`--mask: ${path} is ${info.width}×${info.height} pixels, but the images are ${width}×${height}`);
    png = decodePng(path, bytes, info);
  } catch (err) {
    if (err instanceof RangeError) throw err;
    const problem = err instanceof DataFormatError ? err.message.slice(path.length + 2) : (err as Error).message;
    throw new RangeError(`--mask: ${path} is not a readable PNG image (${problem})`);
  }
  const out = new Uint8Array(height * width);
  for (let i = 0; i < out.length; i++) {
    const [r, g, b] = [png.data[4 * i]!, png.data[4 * i + 1]!, png.data[4 * i + 2]!];
    out[i] = (r + g + b) / 3 >= 128 ? 1 : 0;
  }
  return out;
}

/** A reusable mask maker: the spec checked (and a PNG read) once, then `count` masks for images of channels × height × width. */
export function maskMaker(spec: MaskSpec, channels: number, height: number, width: number): (count: number, gen: Generator) => Uint8Array {
  const hw = height * width;
  let fixed: Uint8Array | null = null;
  if (spec.kind === 'png') fixed = readMaskPng(spec.path, height, width);
  else if (spec.kind !== 'random') {
    fixed = new Uint8Array(hw);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const missing = spec.kind === 'top' ? y < height / 2 : spec.kind === 'bottom' ? y >= height / 2 : spec.kind === 'left' ? x < width / 2 : x >= width / 2;
        fixed[y * width + x] = missing ? 1 : 0;
      }
    }
  }
  const pattern = fixed;
  if (pattern !== null && (pattern.every((v) => v === 1) || pattern.every((v) => v === 0))) {
    throw new RangeError(`--mask: the mask leaves ${pattern[0] === 1 ? 'no pixel observed' : 'no pixel missing'}`);
  }
  return (count, gen) => {
    const out = new Uint8Array(count * channels * hw);
    for (let i = 0; i < count; i++) {
      const own = pattern ?? Uint8Array.from({ length: hw }, () => (gen.nextDouble() < (spec as { fraction: number }).fraction ? 1 : 0));
      for (let c = 0; c < channels; c++) out.set(own, (i * channels + c) * hw);
    }
    return out;
  };
}
