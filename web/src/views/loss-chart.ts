/**
 * A live line chart on canvas (the in-tab training's loss, redrawn after every step): named series of
 * (x, y) points, axes fitted to the data with the first few steps' spike clipped.
 */
import { h } from '../dom.js';

export interface Series {
  name: string;
  color: string;
  points: [number, number][];
}

export class LossChart {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  readonly series: Series[] = [];

  constructor(readonly width: number, readonly height: number, readonly xLabel: string, readonly yLabel: string) {
    this.canvas = h('canvas', { class: 'loss-chart', width, height, role: 'img', 'aria-label': `${yLabel} against ${xLabel}` });
    this.ctx = this.canvas.getContext('2d')!;
    this.render();
  }

  add(name: string, color: string): Series {
    const s: Series = { name, color, points: [] };
    this.series.push(s);
    return s;
  }

  clear(): void {
    for (const s of this.series) s.points.length = 0;
    this.render();
  }

  render(): void {
    const { ctx, width: W, height: H } = this;
    const left = 52, right = 10, top = 10, bottom = 34;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, W, H);
    const all = this.series.flatMap((s) => s.points);
    ctx.strokeStyle = '#bbb';
    ctx.strokeRect(left, top, W - left - right, H - top - bottom);
    ctx.fillStyle = '#555';
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.fillText(this.xLabel, left + (W - left - right) / 2, H - 4);
    if (all.length === 0) return;
    const xs = all.map((p) => p[0]), ys = all.map((p) => p[1]).filter(Number.isFinite).sort((a, b) => a - b);
    const x0 = Math.min(...xs), x1 = Math.max(...xs, x0 + 1e-9);
    // The lowest value to the 97th percentile: the first steps' losses would flatten the rest.
    let y0 = ys[0]!, y1 = ys[Math.floor(0.97 * (ys.length - 1))]!;
    if (y1 - y0 < 1e-9) y1 = y0 + 1;
    const padY = (y1 - y0) * 0.05;
    y0 -= padY;
    y1 += padY;
    const px = (x: number): number => left + ((x - x0) / (x1 - x0)) * (W - left - right);
    const py = (y: number): number => top + (1 - (Math.min(Math.max(y, y0), y1) - y0) / (y1 - y0)) * (H - top - bottom);
    ctx.textAlign = 'right';
    for (let i = 0; i <= 4; i++) {
      const y = y0 + ((y1 - y0) * i) / 4;
      ctx.fillText(y.toPrecision(4), left - 4, py(y) + 3);
    }
    ctx.textAlign = 'center';
    ctx.fillText(x0.toFixed(x1 - x0 < 10 ? 1 : 0), left, H - 18);
    ctx.fillText(x1.toFixed(x1 - x0 < 10 ? 1 : 0), W - right, H - 18);
    this.series.forEach((s, k) => {
      ctx.strokeStyle = s.color;
      ctx.fillStyle = s.color;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      s.points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(px(x), py(y)) : ctx.lineTo(px(x), py(y))));
      ctx.stroke();
      if (s.points.length < 40) for (const [x, y] of s.points) ctx.fillRect(px(x) - 2, py(y) - 2, 4, 4);
      ctx.textAlign = 'left';
      ctx.fillText(s.name, W - right - 110, top + 14 + 14 * k);
    });
  }
}
