/** How to draw one sample as an image: its channels and size, read from the data's per-sample shape. */
import { sampleSize } from '../data/dataset.js';

export interface ImageGeometry {
  channels: 1 | 3;
  height: number;
  width: number;
}

/** How to draw one sample as an image, or null when the data is not image-shaped. */
export function imageGeometry(shape: readonly number[]): ImageGeometry | null {
  if (shape.length === 3 && (shape[0] === 1 || shape[0] === 3)) return { channels: shape[0], height: shape[1]!, width: shape[2]! };
  if (shape.length === 2) return { channels: 1, height: shape[0]!, width: shape[1]! };
  const d = sampleSize(shape);
  const side = Math.round(Math.sqrt(d));
  return shape.length === 1 && side * side === d && d >= 16 ? { channels: 1, height: side, width: side } : null;
}
