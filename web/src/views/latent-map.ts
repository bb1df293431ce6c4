/**
 * The latent map: codes of the test set as a scatter coloured by class (with a legend of class names that
 * toggles classes), optionally the prior's samples underneath, and on top the pointer, the two pinned points
 * and a drawn image's code with its 2σ posterior ellipse. The scatter is drawn once into a layer of its own;
 * a pointer move only redraws the overlay.
 */
import { classColor, h } from '../dom.js';
import { covarianceEllipse } from '../../../src/explore/latent-plane.js';

export interface MapPoint {
  u: number;
  v: number;
}

/** A pinned point: a place on the map, or a test sample's code (`index`). */
export interface Pin extends MapPoint {
  index: number | null;
}

export interface MapMarker extends MapPoint {
  /** The posterior's covariance on the map's plane [var u, cov, var v], or null for a point code. */
  covariance: [number, number, number] | null;
}

interface Bounds {
  u0: number;
  u1: number;
  v0: number;
  v1: number;
}

const PAD = 28;

function quantile(sorted: Float32Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
}

export class LatentMap {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly layer: HTMLCanvasElement;
  private readonly legend: HTMLElement;
  private points: Float32Array = new Float32Array(0);
  private labels: Int32Array | null = null;
  private classNames: string[] = [];
  private prior: { points: Float32Array; labels: Int32Array | null } | null = null;
  private readonly hidden = new Set<number>();
  private bounds: Bounds = { u0: -3, u1: 3, v0: -3, v1: 3 };
  private axes: [string, string] = ['z1', 'z2'];
  private hover: MapPoint | null = null;
  private pins: Pin[] = [];
  private marker: MapMarker | null = null;
  private pressed: { x: number; y: number } | null = null;
  /** Called with the map point under the pointer (moving, or dragging). */
  onHover: (p: MapPoint) => void = () => {};
  /** Called when a click pins a point; at most two pins are kept (the older one goes). */
  onPins: (pins: readonly Pin[]) => void = () => {};

  constructor(readonly size: number) {
    this.canvas = h('canvas', { class: 'latent-map', width: size, height: size, 'aria-label': 'latent map', role: 'img' });
    this.ctx = this.canvas.getContext('2d')!;
    this.layer = document.createElement('canvas');
    this.layer.width = size;
    this.layer.height = size;
    this.legend = h('ul', { class: 'legend' });
    this.element = h('div', { class: 'map-frame' }, this.canvas, this.legend);
    this.canvas.addEventListener('pointermove', (e) => this.pointer(e));
    this.canvas.addEventListener('pointerdown', (e) => {
      this.canvas.setPointerCapture(e.pointerId);
      this.pressed = { x: e.offsetX, y: e.offsetY };
      this.pointer(e);
    });
    this.canvas.addEventListener('pointerup', (e) => {
      const p = this.pressed;
      this.pressed = null;
      if (p !== null && Math.hypot(e.offsetX - p.x, e.offsetY - p.y) < 4) this.pin(e.offsetX, e.offsetY);
    });
    this.canvas.addEventListener('pointerleave', () => {
      this.hover = null;
      this.render();
    });
  }

  /** Codes on the map (count × 2, flat), their classes and the classes' names; fits the view to them. */
  setPoints(points: Float32Array, labels: Int32Array | null, classNames: string[]): void {
    this.points = points;
    this.labels = labels;
    this.classNames = classNames;
    this.hidden.clear();
    this.fit();
    this.renderLegend();
    this.redrawLayer();
  }

  setPrior(prior: { points: Float32Array; labels: Int32Array | null } | null): void {
    this.prior = prior;
    this.redrawLayer();
  }

  setAxes(axes: [string, string]): void {
    this.axes = axes;
    this.redrawLayer();
  }

  setMarker(marker: MapMarker | null): void {
    this.marker = marker;
    this.render();
  }

  setHover(p: MapPoint | null): void {
    this.hover = p;
    this.render();
  }

  clearPins(): void {
    this.pins = [];
    this.onPins(this.pins);
    this.render();
  }

  get pinned(): readonly Pin[] {
    return this.pins;
  }

  /** Canvas pixel of a map point, and back. */
  toCanvas(u: number, v: number): [number, number] {
    const b = this.bounds;
    const span = this.size - 2 * PAD;
    return [PAD + ((u - b.u0) / (b.u1 - b.u0)) * span, this.size - PAD - ((v - b.v0) / (b.v1 - b.v0)) * span];
  }

  fromCanvas(x: number, y: number): MapPoint {
    const b = this.bounds;
    const span = this.size - 2 * PAD;
    return { u: b.u0 + ((x - PAD) / span) * (b.u1 - b.u0), v: b.v0 + ((this.size - PAD - y) / span) * (b.v1 - b.v0) };
  }

  private pointer(e: PointerEvent): void {
    const p = this.fromCanvas(e.offsetX, e.offsetY);
    this.hover = p;
    this.onHover(p);
  }

  /** The test sample drawn nearest to canvas pixel (x, y), if within a few pixels. */
  private nearest(x: number, y: number): number | null {
    let best = -1, bestD = 36;
    const n = this.points.length / 2;
    for (let i = 0; i < n; i++) {
      if (this.labels && this.hidden.has(this.labels[i]!)) continue;
      const [px, py] = this.toCanvas(this.points[2 * i]!, this.points[2 * i + 1]!);
      const d = (px - x) ** 2 + (py - y) ** 2;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return best < 0 ? null : best;
  }

  private pin(x: number, y: number): void {
    const index = this.nearest(x, y);
    const p = index === null ? this.fromCanvas(x, y) : { u: this.points[2 * index]!, v: this.points[2 * index + 1]! };
    this.pins = [...this.pins.slice(-1), { ...p, index }];
    this.onPins(this.pins);
    this.render();
  }

  private fit(): void {
    const n = this.points.length / 2;
    if (n === 0) return;
    const us = new Float32Array(n), vs = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      us[i] = this.points[2 * i]!;
      vs[i] = this.points[2 * i + 1]!;
    }
    us.sort();
    vs.sort();
    let u0 = quantile(us, 0.002), u1 = quantile(us, 0.998), v0 = quantile(vs, 0.002), v1 = quantile(vs, 0.998);
    // Equal units on both axes, so distances and ellipses look as they are; a margin of 8 %.
    const half = (Math.max(u1 - u0, v1 - v0, 1e-6) / 2) * 1.08;
    const cu = (u0 + u1) / 2, cv = (v0 + v1) / 2;
    [u0, u1, v0, v1] = [cu - half, cu + half, cv - half, cv + half];
    this.bounds = { u0, u1, v0, v1 };
  }

  private renderLegend(): void {
    this.legend.replaceChildren();
    if (this.labels === null) return;
    this.classNames.forEach((name, k) => {
      const item = h('li', { 'data-class': k, title: 'show or hide this class' }, h('span', { class: 'swatch', style: `background:${classColor(k)}` }), name);
      item.addEventListener('click', () => {
        if (this.hidden.has(k)) this.hidden.delete(k);
        else this.hidden.add(k);
        item.classList.toggle('off', this.hidden.has(k));
        this.redrawLayer();
      });
      this.legend.append(item);
    });
  }

  private redrawLayer(): void {
    const ctx = this.layer.getContext('2d')!;
    const s = this.size;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, s, s);
    this.drawAxes(ctx);
    if (this.prior !== null) {
      const { points, labels } = this.prior;
      ctx.globalAlpha = 0.18;
      for (let i = 0; i < points.length / 2; i++) {
        ctx.fillStyle = labels ? classColor(labels[i]!) : '#777';
        const [x, y] = this.toCanvas(points[2 * i]!, points[2 * i + 1]!);
        ctx.fillRect(x - 1.5, y - 1.5, 3, 3);
      }
      ctx.globalAlpha = 1;
    }
    const n = this.points.length / 2;
    const classes = this.labels ? Math.max(1, this.classNames.length) : 1;
    ctx.globalAlpha = 0.75;
    for (let k = 0; k < classes; k++) {
      if (this.hidden.has(k)) continue;
      ctx.fillStyle = this.labels ? classColor(k) : '#4e79a7';
      for (let i = 0; i < n; i++) {
        if (this.labels && this.labels[i] !== k) continue;
        const [x, y] = this.toCanvas(this.points[2 * i]!, this.points[2 * i + 1]!);
        ctx.fillRect(x - 1, y - 1, 2.2, 2.2);
      }
    }
    ctx.globalAlpha = 1;
    this.render();
  }

  private drawAxes(ctx: CanvasRenderingContext2D): void {
    const s = this.size;
    ctx.strokeStyle = '#ccc';
    ctx.lineWidth = 1;
    ctx.strokeRect(PAD, PAD, s - 2 * PAD, s - 2 * PAD);
    const [ox, oy] = this.toCanvas(0, 0);
    ctx.setLineDash([3, 4]);
    ctx.beginPath();
    if (ox > PAD && ox < s - PAD) {
      ctx.moveTo(ox, PAD);
      ctx.lineTo(ox, s - PAD);
    }
    if (oy > PAD && oy < s - PAD) {
      ctx.moveTo(PAD, oy);
      ctx.lineTo(s - PAD, oy);
    }
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = '#555';
    ctx.font = '12px system-ui, sans-serif';
    const b = this.bounds;
    ctx.textAlign = 'center';
    ctx.fillText(this.axes[0], s / 2, s - 8);
    ctx.fillText(b.u0.toFixed(1), PAD, s - 8);
    ctx.fillText(b.u1.toFixed(1), s - PAD, s - 8);
    ctx.save();
    ctx.translate(12, s / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(this.axes[1], 0, 0);
    ctx.restore();
    ctx.textAlign = 'left';
    ctx.fillText(b.v1.toFixed(1), 2, PAD + 4);
    ctx.fillText(b.v0.toFixed(1), 2, s - PAD);
  }

  render(): void {
    const ctx = this.ctx;
    ctx.drawImage(this.layer, 0, 0);
    if (this.marker !== null) this.drawMarker(ctx, this.marker);
    if (this.pins.length === 2) {
      const [a, b] = this.pins as [Pin, Pin];
      const [ax, ay] = this.toCanvas(a.u, a.v), [bx, by] = this.toCanvas(b.u, b.v);
      ctx.strokeStyle = '#222';
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(ax, ay);
      ctx.lineTo(bx, by);
      ctx.stroke();
    }
    this.pins.forEach((p, i) => {
      const [x, y] = this.toCanvas(p.u, p.v);
      ctx.fillStyle = '#222';
      ctx.beginPath();
      ctx.arc(x, y, 5, 0, 2 * Math.PI);
      ctx.fill();
      ctx.fillStyle = '#fff';
      ctx.font = 'bold 9px system-ui, sans-serif';
      ctx.textAlign = 'center';
      ctx.fillText(i === 0 ? 'A' : 'B', x, y + 3);
    });
    if (this.hover !== null) {
      const [x, y] = this.toCanvas(this.hover.u, this.hover.v);
      ctx.strokeStyle = 'rgba(0,0,0,0.6)';
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x - 8, y);
      ctx.lineTo(x + 8, y);
      ctx.moveTo(x, y - 8);
      ctx.lineTo(x, y + 8);
      ctx.stroke();
    }
  }

  private drawMarker(ctx: CanvasRenderingContext2D, m: MapMarker): void {
    if (m.covariance !== null) {
      const { rx, ry, angle } = covarianceEllipse(m.covariance, 2);
      ctx.beginPath();
      for (let i = 0; i <= 64; i++) {
        const t = (i / 64) * 2 * Math.PI;
        const du = rx * Math.cos(t) * Math.cos(angle) - ry * Math.sin(t) * Math.sin(angle);
        const dv = rx * Math.cos(t) * Math.sin(angle) + ry * Math.sin(t) * Math.cos(angle);
        const [x, y] = this.toCanvas(m.u + du, m.v + dv);
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      ctx.fillStyle = 'rgba(220, 30, 30, 0.12)';
      ctx.fill();
      ctx.strokeStyle = '#d62728';
      ctx.lineWidth = 2;
      ctx.stroke();
    }
    const [x, y] = this.toCanvas(m.u, m.v);
    ctx.strokeStyle = '#d62728';
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    ctx.moveTo(x - 6, y - 6);
    ctx.lineTo(x + 6, y + 6);
    ctx.moveTo(x + 6, y - 6);
    ctx.lineTo(x - 6, y + 6);
    ctx.stroke();
  }
}
