/** A small element builder: the page is plain DOM and canvas, with no framework between. */
type Attrs = Record<string, string | number | boolean | ((e: Event) => void) | undefined>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** A canvas of `width` × `height` CSS pixels, drawn at the device's pixel ratio. */
export function hiDpiCanvas(width: number, height: number, attrs: Attrs = {}): { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D } {
  const canvas = h('canvas', attrs);
  const ratio = Math.max(1, Math.round(globalThis.devicePixelRatio ?? 1));
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d')!;
  ctx.scale(ratio, ratio);
  return { canvas, ctx };
}

export function formatNumber(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? v.toExponential(digits - 1) : v.toFixed(Math.max(0, digits - Math.max(0, Math.floor(Math.log10(a || 1))) - 1));
}

/** Ten distinguishable colours (Tableau 10), one per class; more classes reuse them. */
export const CLASS_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export function classColor(k: number): string {
  return CLASS_COLORS[((k % CLASS_COLORS.length) + CLASS_COLORS.length) % CLASS_COLORS.length]!;
}
