/**
 * An image grid with words on it: a title, a label above each column (noisy / clean / restored) and beside each row
 * (a class name, "pixel space", "latent space"). The grid itself is `imageGridPng`'s PNG, embedded in an SVG that
 * vega-lite lays out, so the pixels stay exact and the text stays text.
 */
import type { TopLevelSpec } from 'vega-lite';
import { imageGridPng, type ImageGridOptions } from './image-grid.js';
import { figureConfig, renderVegaLiteSvg } from './render-svg.js';

export interface LabelledGridOptions extends ImageGridOptions {
  title?: string;
  /** A second, smaller title line (numbers that go with the figure). */
  subtitle?: string;
  /** One label per column, drawn above it (repeat a label for repeating groups of columns). */
  columnLabels?: readonly string[];
  /** One label per row, drawn at its left. */
  rowLabels?: readonly string[];
}

const WHERE = 'labelledGridSvg';
const LINE_HEIGHT = 13;
const CHAR_WIDTH = 6.5;

/** `text` broken at spaces into lines that fit `width` pixels (a single long word stays whole). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && (lines[last]!.length + 1 + word.length) * CHAR_WIDTH <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines;
}

export async function labelledGridSvg(images: Float32Array, opts: LabelledGridOptions): Promise<string> {
  const png = imageGridPng(images, opts);
  const padding = opts.padding ?? 2;
  const scale = opts.scale ?? 1;
  const rows = Math.ceil(opts.count / opts.columns);
  if (opts.columnLabels && opts.columnLabels.length !== opts.columns) {
    throw new RangeError(`${WHERE}: ${opts.columnLabels.length} column labels for ${opts.columns} columns`);
  }
  if (opts.rowLabels && opts.rowLabels.length !== rows) throw new RangeError(`${WHERE}: ${opts.rowLabels.length} row labels for ${rows} rows`);
  const cellW = opts.width * scale;
  const cellH = opts.height * scale;
  const gridW = opts.columns * cellW + (opts.columns + 1) * padding;
  const gridH = rows * cellH + (rows + 1) * padding;
  const headers = (opts.columnLabels ?? []).map((l) => wrap(l, cellW + padding));
  const top = opts.columnLabels ? Math.max(...headers.map((h) => h.length)) * LINE_HEIGHT + 6 : 0;
  const left = opts.rowLabels ? Math.ceil(Math.max(...opts.rowLabels.map((l) => l.length)) * CHAR_WIDTH) + 8 : 0;
  const texts: { text: string; x: number; y: number; align: 'center' | 'right' }[] = [];
  headers.forEach((lines, c) => lines.forEach((text, i) => texts.push({
    text, x: left + padding + c * (cellW + padding) + cellW / 2, y: top - 5 - (lines.length - 1 - i) * LINE_HEIGHT, align: 'center',
  })));
  opts.rowLabels?.forEach((text, r) => texts.push({ text, x: left - 6, y: top + padding + r * (cellH + padding) + cellH / 2 + 4, align: 'right' }));
  const position = (field: string) => ({ field, type: 'quantitative' as const, scale: null });
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: { ...figureConfig, view: { stroke: null } },
    ...(opts.title !== undefined ? { title: opts.subtitle === undefined ? opts.title : { text: opts.title, subtitle: opts.subtitle } } : {}),
    width: left + gridW,
    height: top + gridH,
    layer: [
      {
        data: { values: [{ url: `data:image/png;base64,${Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64')}`, x: left, y: top }] },
        mark: { type: 'image', width: gridW, height: gridH, align: 'left', baseline: 'top', aspect: false },
        encoding: { url: { field: 'url', type: 'nominal' }, x: position('x'), y: position('y') },
      },
      ...(['center', 'right'] as const).map((align) => ({
        data: { values: texts.filter((t) => t.align === align) },
        mark: { type: 'text' as const, align, fontSize: 11, color: '#222222' },
        encoding: { text: { field: 'text', type: 'nominal' as const }, x: position('x'), y: position('y') },
      })),
    ],
  };
  return renderVegaLiteSvg(spec);
}
