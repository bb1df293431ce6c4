/**
 * PNG in and out for models of image data: an uploaded PNG becomes one sample with the same pixel rules as
 * the PNG-folder reader (values in [0, 1], gray by BT.601 luma, alpha over black); outputs become one PNG,
 * the image itself for one row or a grid for several. The geometry comes from the model's input shape.
 */
import { DataFormatError } from '../data/data-format-error.js';
import { inspectPng } from '../data/png-check.js';
import { decodePng, writePixels } from '../data/png-folder.js';
import { imageGeometry, type ImageGeometry } from '../train/figures.js';
import { imageGridPng } from '../viz/image-grid.js';
import { RequestError } from './validation.js';

const GRID_COLUMNS = 10;

/** The geometry of the model's samples, or a 415 naming the shape when they are not images. */
export function requireImages(inputShape: readonly number[]): ImageGeometry {
  const g = imageGeometry(inputShape);
  if (g === null) throw new RequestError(`this model's samples have shape [${inputShape.join(', ')}], not an image; send JSON`, 415);
  return g;
}

/**
 * One sample from PNG bytes; the image must be exactly the model's size. The structure and the size in the
 * header are checked before any pixel is allocated (a small body cannot declare a huge image), and the image
 * data must inflate to exactly that size — the PNG-folder reader's checks.
 */
export function pngToSample(bytes: Buffer, inputShape: readonly number[]): Float32Array {
  const g = requireImages(inputShape);
  const png = asRequestError(() => {
    const info = inspectPng(bytes, 'the body');
    if (info.width !== g.width || info.height !== g.height) {
      throw new RequestError(`the image is ${info.width}×${info.height}; this model takes ${g.width}×${g.height} images`);
    }
    return decodePng('the body', bytes, info);
  });
  const out = new Float32Array(g.channels * g.width * g.height);
  writePixels(png.data, out, 0, g.width * g.height, g.channels);
  return out;
}

/** A malformed PNG is the client's error (400), named as the reader names it. */
function asRequestError<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof DataFormatError) throw new RequestError(err.message);
    throw err;
  }
}

/** `count` samples (channel-first, values in [0, 1]) as one PNG: the image itself, or a grid of up to 10 columns. */
export function samplesToPng(data: Float32Array, count: number, inputShape: readonly number[]): Uint8Array {
  const g = requireImages(inputShape);
  const single = count === 1;
  return imageGridPng(data, {
    count, height: g.height, width: g.width, channels: g.channels, layout: 'chw',
    columns: Math.min(count, GRID_COLUMNS), padding: single ? 0 : 2,
  });
}
