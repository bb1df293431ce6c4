/**
 * PNG in and out for models of image data: an uploaded PNG becomes one sample with the same pixel rules as
 * the PNG-folder reader (values in [0, 1], gray by BT.601 luma, alpha over black); outputs become one PNG,
 * the image itself for one row or a grid for several. The geometry comes from the model's input shape.
 */
import { PNG } from 'pngjs';
import { writePixels } from '../data/png-folder.js';
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

/** One sample from PNG bytes; the image must be exactly the model's size. */
export function pngToSample(bytes: Buffer, inputShape: readonly number[]): Float32Array {
  const g = requireImages(inputShape);
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch (err) {
    throw new RequestError(`the body is not a readable PNG image: ${(err as Error).message}`);
  }
  if (png.width !== g.width || png.height !== g.height) {
    throw new RequestError(`the image is ${png.width}×${png.height}; this model takes ${g.width}×${g.height} images`);
  }
  const out = new Float32Array(g.channels * g.width * g.height);
  writePixels(png.data, out, 0, g.width * g.height, g.channels);
  return out;
}

/** `count` samples (channel-first, values in [0, 1]) as one PNG: the image itself, or a grid of up to 10 columns. */
export function samplesToPng(data: Float32Array, count: number, inputShape: readonly number[]): Buffer {
  const g = requireImages(inputShape);
  const single = count === 1;
  return imageGridPng(data, {
    count, height: g.height, width: g.width, channels: g.channels, layout: 'chw',
    columns: Math.min(count, GRID_COLUMNS), padding: single ? 0 : 2,
  });
}
