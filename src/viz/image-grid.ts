import { PNG } from 'pngjs';

export interface ImageGridOptions {
  /** Number of images in `images`. */
  count: number;
  height: number;
  width: number;
  /** 1 = greyscale, 3 = RGB; default 1. */
  channels?: 1 | 3;
  /** Pixel order of each image: 'hwc' (channels last, default) or 'chw' (channels first). */
  layout?: 'hwc' | 'chw';
  /** Images per row; the last row may be partly empty. */
  columns: number;
  /** Gap between images and around the grid, in output pixels; default 2. */
  padding?: number;
  /** Integer upscaling factor (nearest neighbour); default 1. */
  scale?: number;
  /**
   * Values mapped linearly onto 0..255 and clamped; default [0, 1].
   * 'per-image' stretches each image's own min..max (for weights or filters).
   */
  range?: [number, number] | 'per-image';
  /** Colour of the padding and of empty cells, as 0..255 RGB; default mid grey. */
  padColor?: [number, number, number];
}

/** What a NaN pixel is drawn as, so a diverged model shows up instead of passing as black. */
export const NAN_COLOR: readonly [number, number, number] = [255, 0, 255];

const WHERE = 'imageGridPng';

/**
 * Tiles `count` images stored one after another in `images` into one PNG, row by row:
 * reconstructions next to inputs, samples, a decoded 20×20 latent grid, noisy/clean/restored triples.
 */
export function imageGridPng(images: Float32Array, opts: ImageGridOptions): Uint8Array {
  const { count, height, width, columns } = opts;
  const channels = opts.channels ?? 1;
  const padding = opts.padding ?? 2;
  const scale = opts.scale ?? 1;
  const padColor = opts.padColor ?? [128, 128, 128];
  for (const [name, v, min] of [
    ['count', count, 1],
    ['height', height, 1],
    ['width', width, 1],
    ['columns', columns, 1],
    ['scale', scale, 1],
    ['padding', padding, 0],
  ] as const) {
    if (!Number.isInteger(v) || v < min) throw new RangeError(`${WHERE}: ${name} must be an integer >= ${min}, got ${v}`);
  }
  if (channels !== 1 && channels !== 3) throw new RangeError(`${WHERE}: channels must be 1 or 3, got ${channels}`);
  const pixels = height * width * channels;
  if (images.length !== count * pixels) {
    throw new RangeError(
      `${WHERE}: images has length ${images.length}, but count × height × width × channels = ` +
        `${count} × ${height} × ${width} × ${channels} = ${count * pixels}`,
    );
  }
  if (padColor.length !== 3 || padColor.some((c) => !(Number.isInteger(c) && c >= 0 && c <= 255))) {
    throw new RangeError(`${WHERE}: padColor must be three integers in 0..255, got [${padColor.join(', ')}]`);
  }
  const range = opts.range ?? [0, 1];
  if (range !== 'per-image' && !(Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[1] > range[0])) {
    throw new RangeError(`${WHERE}: range must be finite [low, high] with low < high, got [${range.join(', ')}]`);
  }

  const rows = Math.ceil(count / columns);
  const cellW = width * scale;
  const cellH = height * scale;
  const png = new PNG({ width: columns * cellW + (columns + 1) * padding, height: rows * cellH + (rows + 1) * padding });
  const out = png.data;
  for (let p = 0; p < out.length; p += 4) {
    out[p] = padColor[0];
    out[p + 1] = padColor[1];
    out[p + 2] = padColor[2];
    out[p + 3] = 255;
  }

  // Position of channel c of pixel (y, x) within one image.
  const channelStride = opts.layout === 'chw' ? height * width : 1;
  const pixelStride = opts.layout === 'chw' ? 1 : channels;
  for (let k = 0; k < count; k++) {
    const base = k * pixels;
    const [lo, hi] = range === 'per-image' ? imageExtent(images, base, pixels) : range;
    const toByte = 255 / (hi - lo);
    const left = padding + (k % columns) * (cellW + padding);
    const top = padding + Math.floor(k / columns) * (cellH + padding);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const src = base + (y * width + x) * pixelStride;
        const rgb = [0, 0, 0];
        let isNaN = false;
        for (let c = 0; c < 3; c++) {
          const v = images[src + (channels === 3 ? c : 0) * channelStride]!;
          if (Number.isNaN(v)) isNaN = true;
          rgb[c] = Math.round(Math.min(255, Math.max(0, (v - lo) * toByte)));
        }
        const [r, g, b] = isNaN ? NAN_COLOR : rgb;
        for (let dy = 0; dy < scale; dy++) {
          let p = ((top + y * scale + dy) * png.width + left + x * scale) * 4;
          for (let dx = 0; dx < scale; dx++, p += 4) {
            out[p] = r!;
            out[p + 1] = g!;
            out[p + 2] = b!;
          }
        }
      }
    }
  }
  return PNG.sync.write(png, { colorType: 2 });
}

/** min..max of one image's finite values; a constant image maps to mid grey. */
function imageExtent(images: Float32Array, start: number, length: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = start; i < start + length; i++) {
    const v = images[i]!;
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo === Infinity) return [0, 1];
  if (hi === lo) return [lo - 1, lo + 1];
  return [lo, hi];
}
