/**
 * Drawing or dropping an image for the encoder: strokes on a large canvas (or an image file dropped on it) are
 * brought to the data's size the way MNIST's digits were: the ink's bounding box scaled to fit 20/28 of the
 * frame, then shifted so its centre of mass sits in the middle (LeCun et al. 1998). Light images with dark
 * ink (a photo of paper) are inverted to MNIST's light-on-dark.
 */
import { h } from '../dom.js';
import type { ImageGeometry } from '../aekit.js';

const PAD_SIZE = 224;
const BRUSH = 16;

export class DrawPad {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private last: { x: number; y: number } | null = null;
  private inked = false;
  private readonly message: HTMLElement;
  /** Called with the image in the data's layout (C × H × W, [0, 1]) after each stroke segment or drop. */
  onImage: (pixels: Float32Array) => void = () => {};

  constructor(readonly geometry: ImageGeometry) {
    this.canvas = h('canvas', { class: 'draw-pad', width: PAD_SIZE, height: PAD_SIZE, 'aria-label': 'draw a digit here, or drop an image' });
    this.ctx = this.canvas.getContext('2d', { willReadFrequently: true })!;
    this.clear();
    const clear = h('button', { type: 'button', onclick: () => this.clear() }, 'clear');
    this.message = h('span', { class: 'hint' }, 'draw, or drop an image file ');
    this.element = h('div', { class: 'draw-frame' }, this.canvas, h('div', {}, this.message, clear));
    this.canvas.addEventListener('pointerdown', (e) => {
      this.canvas.setPointerCapture(e.pointerId);
      this.last = { x: e.offsetX, y: e.offsetY };
      this.stroke(e.offsetX, e.offsetY);
    });
    this.canvas.addEventListener('pointermove', (e) => {
      if (this.last !== null) this.stroke(e.offsetX, e.offsetY);
    });
    const end = (): void => {
      this.last = null;
    };
    this.canvas.addEventListener('pointerup', end);
    this.canvas.addEventListener('pointercancel', end);
    this.canvas.addEventListener('dragover', (e) => e.preventDefault());
    this.canvas.addEventListener('drop', (e) => {
      e.preventDefault();
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      this.dropFile(file).then(() => {
        this.message.textContent = `${file.name} `;
      }, () => {
        this.message.textContent = `${file.name} is not an image this browser can read `;
      });
    });
  }

  clear(): void {
    this.ctx.fillStyle = '#000';
    this.ctx.fillRect(0, 0, PAD_SIZE, PAD_SIZE);
    this.inked = false;
  }

  private stroke(x: number, y: number): void {
    const c = this.ctx;
    c.strokeStyle = '#fff';
    c.lineWidth = BRUSH;
    c.lineCap = 'round';
    c.lineJoin = 'round';
    c.beginPath();
    c.moveTo(this.last!.x, this.last!.y);
    c.lineTo(x + 0.01, y);
    c.stroke();
    this.last = { x, y };
    this.inked = true;
    this.emit();
  }

  /** An image file drawn into the pad (inverted when it is mostly light), then sent on. */
  async dropFile(file: Blob): Promise<void> {
    const bitmap = await createImageBitmap(file);
    this.clear();
    const scale = Math.min(PAD_SIZE / bitmap.width, PAD_SIZE / bitmap.height);
    const w = bitmap.width * scale, hgt = bitmap.height * scale;
    this.ctx.drawImage(bitmap, (PAD_SIZE - w) / 2, (PAD_SIZE - hgt) / 2, w, hgt);
    const img = this.ctx.getImageData(0, 0, PAD_SIZE, PAD_SIZE);
    let mean = 0;
    for (let i = 0; i < img.data.length; i += 4) mean += img.data[i]! + img.data[i + 1]! + img.data[i + 2]!;
    if (mean / (3 * 255 * PAD_SIZE * PAD_SIZE) > 0.5) {
      for (let i = 0; i < img.data.length; i += 4) for (let c = 0; c < 3; c++) img.data[i + c] = 255 - img.data[i + c]!;
      this.ctx.putImageData(img, 0, 0);
    }
    this.inked = true;
    this.emit();
  }

  private emit(): void {
    if (this.inked) this.onImage(this.pixels());
  }

  /** The pad's contents in the data's layout. */
  pixels(): Float32Array {
    return normalizeInk(this.ctx.getImageData(0, 0, PAD_SIZE, PAD_SIZE), this.geometry);
  }
}

/** Grey levels of an RGBA image (ink light on dark), framed as MNIST frames its digits, in C × H × W. */
export function normalizeInk(img: ImageData, g: ImageGeometry): Float32Array {
  const { width: W, height: H, data } = img;
  let x0 = W, y0 = H, x1 = -1, y1 = -1;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (data[4 * (y * W + x)]! + data[4 * (y * W + x) + 1]! + data[4 * (y * W + x) + 2]! > 30) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  const out = new Float32Array(g.channels * g.height * g.width);
  if (x1 < 0) return out;
  // The box to fit in 20/28 of the frame, keeping the aspect ratio.
  const box = Math.max(x1 - x0 + 1, y1 - y0 + 1);
  const target = (20 / 28) * Math.min(g.width, g.height);
  const small = document.createElement('canvas');
  small.width = g.width;
  small.height = g.height;
  const sctx = small.getContext('2d', { willReadFrequently: true })!;
  const src = document.createElement('canvas');
  src.width = W;
  src.height = H;
  src.getContext('2d')!.putImageData(img, 0, 0);
  const s = target / box;
  const w = (x1 - x0 + 1) * s, hgt = (y1 - y0 + 1) * s;
  sctx.imageSmoothingQuality = 'high';
  sctx.drawImage(src, x0, y0, x1 - x0 + 1, y1 - y0 + 1, (g.width - w) / 2, (g.height - hgt) / 2, w, hgt);
  const scaled = sctx.getImageData(0, 0, g.width, g.height).data;
  // Centre of mass to the middle (whole-pixel shift).
  let m = 0, mx = 0, my = 0;
  for (let y = 0; y < g.height; y++) {
    for (let x = 0; x < g.width; x++) {
      const v = scaled[4 * (y * g.width + x)]!;
      m += v;
      mx += v * x;
      my += v * y;
    }
  }
  const dx = m > 0 ? Math.round((g.width - 1) / 2 - mx / m) : 0;
  const dy = m > 0 ? Math.round((g.height - 1) / 2 - my / m) : 0;
  const plane = g.width * g.height;
  for (let y = 0; y < g.height; y++) {
    for (let x = 0; x < g.width; x++) {
      const sx = x - dx, sy = y - dy;
      if (sx < 0 || sy < 0 || sx >= g.width || sy >= g.height) continue;
      const p = 4 * (sy * g.width + sx);
      for (let c = 0; c < g.channels; c++) out[c * plane + y * g.width + x] = scaled[p + (g.channels === 3 ? c : 0)]! / 255;
    }
  }
  return out;
}
