/**
 * The explore view: the latent map of a dataset's codes and everything around it — live decoding under the
 * pointer, drawing or dropping an image to see its code (and a VAE's posterior) and reconstruction, the
 * interpolation between two pinned points in latent and in pixel space, sliders for the components a wide
 * code has beyond the map's plane, the class that a conditional model decodes, the prior's samples.
 */
import { imageGeometry, type Dataset, type ImageGeometry } from './aekit.js';
import { formatNumber, h } from './dom.js';
import { LatentPlane } from '../../src/explore/latent-plane.js';
import type { ModelSession } from './model-session.js';
import { RateMeter } from './rate-meter.js';
import { DrawPad } from './views/draw-pad.js';
import { LatentMap, type MapPoint, type Pin } from './views/latent-map.js';
import { drawStrip, SampleCanvas } from './views/sample-canvas.js';

const STRIP_STEPS = 10;
const STRIP_CELL = 44;

export interface ExplorerStats {
  /** Decoded images drawn under the pointer so far. */
  hoverUpdates: number;
  /** Sum of the last decoded image's values (a test reads it to see that decoding happened). */
  lastDecodedSum: number;
  lastCode: number[];
  /** The last drawn image as the encoder saw it, its code, posterior variance and reconstruction. */
  drawn: { pixels: number[]; code: number[]; variance: number[] | null; reconstructionSum: number } | null;
  /** Prior samples drawn under the codes (0 when hidden). */
  priorShown: number;
  strips: { latent: number; pixel: number } | null;
}

export class Explorer {
  readonly element: HTMLElement;
  readonly map: LatentMap;
  readonly plane: LatentPlane;
  readonly meter = new RateMeter();
  readonly stats: ExplorerStats = { hoverUpdates: 0, lastDecodedSum: 0, lastCode: [], drawn: null, strips: null, priorShown: 0 };
  private readonly codes: Float32Array;
  private readonly geometry: ImageGeometry | null;
  private readonly decoded: SampleCanvas;
  private readonly reconstruction: SampleCanvas;
  private readonly codeText: HTMLElement;
  private readonly drawnText: HTMLElement;
  private readonly strips: HTMLCanvasElement;
  private readonly codeBuffer: Float32Array;
  private label: number | null;
  private pending: MapPoint | null = null;
  private lastPoint: MapPoint = { u: 0, v: 0 };
  private frame = 0;

  constructor(readonly session: ModelSession, readonly data: Dataset, classNames: string[]) {
    this.geometry = imageGeometry(session.model.config.inputShape);
    this.codes = session.encodeDataset(data);
    this.plane = new LatentPlane(this.codes, data.count, session.latentDim);
    this.codeBuffer = new Float32Array(session.latentDim);
    this.label = session.conditional ? 0 : null;

    this.map = new LatentMap(520);
    this.map.setPoints(this.plane.projectAll(this.codes), data.labels, classNames);
    const explained = this.plane.explained();
    this.map.setAxes(this.plane.isPca
      ? [`PC1 (${(100 * explained[0]!).toFixed(0)} % of the codes' variance)`, `PC2 (${(100 * (explained[1] ?? 0)).toFixed(0)} %)`]
      : [this.plane.axisName(0), session.latentDim > 1 ? this.plane.axisName(1) : '']);
    this.map.onHover = (p) => this.schedule(p);
    this.map.onPins = (pins) => this.interpolate(pins);

    this.decoded = new SampleCanvas(this.geometry, 196, 196, 'decoded image under the pointer');
    this.decoded.clear();
    this.reconstruction = new SampleCanvas(this.geometry, 112, 112, 'reconstruction of the drawn image');
    this.reconstruction.clear();
    this.codeText = h('div', { class: 'code' }, 'move the pointer over the map');
    this.drawnText = h('div', { class: 'code' }, '');
    this.strips = h('canvas', { class: 'strips', width: STRIP_STEPS * STRIP_CELL + 60, height: 2 * STRIP_CELL + 4, role: 'img', 'aria-label': 'interpolation strips' });

    const controls = h('div', { class: 'map-controls' });
    if (session.conditional) controls.append(this.classSelector(classNames));
    if (session.generative) controls.append(this.priorToggle());
    controls.append(h('button', { type: 'button', onclick: () => this.map.clearPins() }, 'clear pins'));
    const sliders = this.plane.isPca ? this.sliders() : null;

    const right = h('div', { class: 'side' },
      h('section', {}, h('h2', {}, 'decoded'), this.decoded.canvas, this.codeText),
      this.geometry ? this.drawSection() : null,
      h('section', {}, h('h2', {}, 'interpolation'), h('p', { class: 'hint' }, 'click two points or two test samples on the map'), this.strips));
    this.element = h('div', { class: 'explore' },
      h('div', { class: 'map-column' }, this.map.element, controls, sliders),
      right);
    this.drawStripsPlaceholder();
    if (session.generative) this.showPrior(!session.variational);
  }

  private classSelector(classNames: string[]): HTMLElement {
    const select = h('select', { 'aria-label': 'class to decode' },
      ...Array.from({ length: this.session.numClasses }, (_, k) => h('option', { value: k }, classNames[k] ?? String(k))));
    select.addEventListener('change', () => {
      this.label = Number(select.value);
      this.schedule(this.lastPoint);
      this.interpolate(this.map.pinned);
    });
    return h('label', {}, 'decode as class ', select);
  }

  private priorToggle(): HTMLElement {
    const box = h('input', { type: 'checkbox', checked: !this.session.variational });
    box.addEventListener('change', () => this.showPrior(box.checked));
    return h('label', {}, box, ' prior samples under the codes');
  }

  private showPrior(on: boolean): void {
    const prior = on ? this.session.samplePrior(2000, 1) : null;
    this.map.setPrior(prior === null ? null : { points: this.plane.projectAll(prior.codes), labels: prior.labels });
    this.stats.priorShown = prior === null ? 0 : prior.codes.length / this.session.latentDim;
  }

  private sliders(): HTMLElement {
    const box = h('details', { class: 'sliders', open: this.plane.dim <= 12 },
      h('summary', {}, `the other ${this.plane.dim - 2} components (decoding uses the full ${this.plane.dim}-D code)`));
    const shown = Math.min(this.plane.dim - 2, 30);
    for (let k = 0; k < shown; k++) {
      const s = this.plane.spread[k + 2]! || 1;
      const out = h('output', {}, '0');
      const input = h('input', { type: 'range', min: -3 * s, max: 3 * s, step: s / 50, value: 0, 'aria-label': `PC${k + 3}` });
      input.addEventListener('input', () => {
        this.plane.offsets[k] = Number(input.value);
        out.textContent = formatNumber(Number(input.value), 2);
        this.schedule(this.lastPoint);
      });
      box.append(h('label', { class: 'slider' }, `PC${k + 3}`, input, out));
    }
    box.append(h('button', { type: 'button', onclick: () => {
      this.plane.offsets.fill(0);
      for (const input of box.querySelectorAll('input')) input.value = '0';
      for (const out of box.querySelectorAll('output')) out.textContent = '0';
      this.schedule(this.lastPoint);
    } }, 'reset to the mean'));
    return box;
  }

  private drawSection(): HTMLElement {
    const pad = new DrawPad(this.geometry!);
    pad.onImage = (pixels) => this.encodeDrawn(pixels);
    return h('section', {}, h('h2', {}, this.session.variational ? 'draw → posterior' : 'draw → code'),
      h('div', { class: 'draw-row' }, pad.element, h('div', {}, h('div', { class: 'hint' }, 'reconstruction'), this.reconstruction.canvas, this.drawnText)));
  }

  /** Coalesces pointer moves: one decode per animation frame, for the latest position. */
  private schedule(p: MapPoint): void {
    this.pending = p;
    this.lastPoint = p;
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const q = this.pending;
      this.pending = null;
      if (q !== null) this.decodeAt(q);
    });
  }

  /** One hover update: the full code at map point p, decoded and drawn. */
  decodeAt(p: MapPoint): void {
    const code = this.plane.lift(p.u, p.v, this.codeBuffer);
    const image = this.session.decode(code, this.label);
    this.decoded.draw(image);
    this.map.setHover(p);
    let sum = 0;
    for (const v of image) sum += v;
    this.stats.hoverUpdates += 1;
    this.stats.lastDecodedSum = sum;
    this.stats.lastCode = Array.from(code);
    this.meter.tick();
    this.codeText.textContent = `z = (${Array.from(code.subarray(0, 6), (v) => formatNumber(v, 2)).join(', ')}${code.length > 6 ? ', …' : ''})`;
  }

  encodeDrawn(pixels: Float32Array): void {
    const r = this.session.encodeImage(pixels, this.label);
    const [u, v] = this.plane.project(r.code);
    this.map.setMarker({ u, v, covariance: r.variance ? this.plane.projectVariance(r.variance) : null });
    this.reconstruction.draw(r.reconstruction);
    const sigma = r.variance ? Array.from(r.variance.subarray(0, 4), (x) => formatNumber(Math.sqrt(x), 2)).join(', ') : null;
    this.drawnText.textContent = `μ = (${Array.from(r.code.subarray(0, 4), (x) => formatNumber(x, 2)).join(', ')}${r.code.length > 4 ? ', …' : ''})${sigma ? `  σ = (${sigma}${r.code.length > 4 ? ', …' : ''})` : ''}`;
    this.stats.drawn = { pixels: Array.from(pixels), code: Array.from(r.code), variance: r.variance ? Array.from(r.variance) : null, reconstructionSum: r.reconstruction.reduce((a, b) => a + b, 0) };
  }

  /** A pin's full code and its pixels (a test sample's own; a place's decoded image). */
  private endpoint(pin: Pin): { code: Float32Array; pixels: Float32Array } {
    const L = this.session.latentDim, D = this.session.inputSize;
    if (pin.index !== null) {
      return { code: this.codes.slice(pin.index * L, (pin.index + 1) * L), pixels: this.data.images.slice(pin.index * D, (pin.index + 1) * D) };
    }
    const code = this.plane.lift(pin.u, pin.v);
    return { code, pixels: this.session.decode(code, this.label) };
  }

  private interpolate(pins: readonly Pin[]): void {
    if (pins.length < 2) {
      this.drawStripsPlaceholder();
      this.stats.strips = null;
      return;
    }
    const a = this.endpoint(pins[0]!), b = this.endpoint(pins[1]!);
    const L = this.session.latentDim, D = this.session.inputSize;
    const codes = new Float32Array(STRIP_STEPS * L);
    const blend = new Float32Array(STRIP_STEPS * D);
    for (let i = 0; i < STRIP_STEPS; i++) {
      const t = i / (STRIP_STEPS - 1);
      for (let j = 0; j < L; j++) codes[i * L + j] = (1 - t) * a.code[j]! + t * b.code[j]!;
      for (let j = 0; j < D; j++) blend[i * D + j] = (1 - t) * a.pixels[j]! + t * b.pixels[j]!;
    }
    const latent = this.session.decode(codes, this.label);
    const ctx = this.strips.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, this.strips.width, this.strips.height);
    ctx.fillStyle = '#333';
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillText('latent', 2, STRIP_CELL / 2 + 4);
    ctx.fillText('pixel', 2, STRIP_CELL * 1.5 + 6);
    ctx.save();
    ctx.translate(58, 0);
    drawStrip(ctx, latent, STRIP_STEPS, this.geometry, STRIP_CELL, 0);
    drawStrip(ctx, blend, STRIP_STEPS, this.geometry, STRIP_CELL, STRIP_CELL + 2);
    ctx.restore();
    this.stats.strips = { latent: latent.reduce((s, x) => s + x, 0), pixel: blend.reduce((s, x) => s + x, 0) };
  }

  private drawStripsPlaceholder(): void {
    const ctx = this.strips.getContext('2d')!;
    ctx.fillStyle = '#f4f4f4';
    ctx.fillRect(0, 0, this.strips.width, this.strips.height);
    ctx.fillStyle = '#888';
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillText('pin A and B on the map: the strip decodes the line between their codes (latent)', 6, 20);
    ctx.fillText('and blends their images (pixel)', 6, 38);
  }

  /**
   * Hover updates the page can sustain: for `ms` milliseconds, a code at a new map point each time, decoded
   * and drawn, back to back. Returns updates per second.
   */
  measureCapacity(ms: number): number {
    const start = performance.now();
    let n = 0;
    for (let now = start; now - start < ms; now = performance.now()) {
      const t = n * 0.37;
      this.decodeAt({ u: this.plane.spread[0]! * 1.5 * Math.cos(t), v: (this.plane.spread[1] ?? 1) * 1.5 * Math.sin(1.3 * t) });
      n += 1;
    }
    return (n * 1000) / (performance.now() - start);
  }
}
