/**
 * Drawing one sample: an image (grayscale or RGB, values in [0, 1], CHW) scaled up with sharp pixels, or, for
 * data that is not image-shaped, its values as bars.
 */
import type { ImageGeometry } from '../aekit.js';

export class SampleCanvas {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly small: HTMLCanvasElement | null;
  private readonly smallCtx: CanvasRenderingContext2D | null;
  private readonly pixels: ImageData | null;

  constructor(readonly geometry: ImageGeometry | null, readonly width: number, readonly height = width, label = 'decoded sample') {
    this.canvas = document.createElement('canvas');
    this.canvas.width = width;
    this.canvas.height = height;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', label);
    this.ctx = this.canvas.getContext('2d')!;
    this.ctx.imageSmoothingEnabled = false;
    if (geometry) {
      this.small = document.createElement('canvas');
      this.small.width = geometry.width;
      this.small.height = geometry.height;
      this.smallCtx = this.small.getContext('2d')!;
      this.pixels = this.smallCtx.createImageData(geometry.width, geometry.height);
    } else {
      this.small = null;
      this.smallCtx = null;
      this.pixels = null;
    }
  }

  draw(values: ArrayLike<number>, offset = 0): void {
    const g = this.geometry;
    if (g === null || this.pixels === null) {
      drawBars(this.ctx, values, offset, this.width, this.height);
      return;
    }
    writePixels(this.pixels, values, offset, g);
    this.smallCtx!.putImageData(this.pixels, 0, 0);
    this.ctx.drawImage(this.small!, 0, 0, this.width, this.height);
  }

  clear(): void {
    this.ctx.fillStyle = '#111';
    this.ctx.fillRect(0, 0, this.width, this.height);
  }
}

function byte(v: number): number {
  return v <= 0 ? 0 : v >= 1 ? 255 : Math.round(v * 255);
}

/** Values (CHW, [0, 1]) into RGBA pixels. */
export function writePixels(out: ImageData, values: ArrayLike<number>, offset: number, g: ImageGeometry): void {
  const plane = g.width * g.height;
  const d = out.data;
  for (let i = 0; i < plane; i++) {
    const r = byte(values[offset + i]!);
    d[4 * i] = r;
    d[4 * i + 1] = g.channels === 3 ? byte(values[offset + plane + i]!) : r;
    d[4 * i + 2] = g.channels === 3 ? byte(values[offset + 2 * plane + i]!) : r;
    d[4 * i + 3] = 255;
  }
}

function drawBars(ctx: CanvasRenderingContext2D, values: ArrayLike<number>, offset: number, width: number, height: number): void {
  const n = values.length - offset;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  let hi = 1e-9;
  for (let i = 0; i < n; i++) hi = Math.max(hi, Math.abs(values[offset + i]!));
  const w = width / Math.max(1, n);
  ctx.fillStyle = '#4e79a7';
  for (let i = 0; i < n; i++) {
    const v = values[offset + i]! / hi;
    const y = height / 2;
    ctx.fillRect(i * w + 1, v >= 0 ? y - (v * height) / 2 : y, Math.max(1, w - 2), (Math.abs(v) * height) / 2);
  }
  ctx.strokeStyle = '#999';
  ctx.beginPath();
  ctx.moveTo(0, height / 2);
  ctx.lineTo(width, height / 2);
  ctx.stroke();
}

/** A row of samples side by side in one canvas (the interpolation strips). */
export function drawStrip(ctx: CanvasRenderingContext2D, samples: Float32Array, count: number, g: ImageGeometry | null, cell: number, y: number): void {
  const size = samples.length / count;
  if (g === null) {
    for (let i = 0; i < count; i++) {
      ctx.save();
      ctx.translate(i * cell, y);
      drawBars(ctx, samples.subarray(i * size, (i + 1) * size), 0, cell - 2, cell - 2);
      ctx.restore();
    }
    return;
  }
  const small = document.createElement('canvas');
  small.width = g.width;
  small.height = g.height;
  const sctx = small.getContext('2d')!;
  const pixels = sctx.createImageData(g.width, g.height);
  ctx.imageSmoothingEnabled = false;
  for (let i = 0; i < count; i++) {
    writePixels(pixels, samples, i * size, g);
    sctx.putImageData(pixels, 0, 0);
    ctx.drawImage(small, i * cell, y, cell - 2, cell - 2);
  }
}
