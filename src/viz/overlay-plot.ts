import type { TopLevelSpec } from 'vega-lite';
import { categoricalScheme, checkLength, checkPixelSize, checkUniqueNames, finiteOrNull } from './plot-data.js';
import { figureFrame, renderVegaLiteSvg } from './render-svg.js';
import type { LineSeries } from './line-plot.js';

export interface PointSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

export interface OverlayPlotOptions {
  title?: string;
  xLabel: string;
  yLabel: string;
  /** Drawn as lines (e.g. a fitted mean and its ±2σ band). */
  lines: LineSeries[];
  /** Drawn as dots under the lines (e.g. the data and samples from a fitted model). */
  points: PointSeries[];
  legendTitle?: string;
  width?: number;
  height?: number;
}

const WHERE = 'overlayPlotSvg';

/** Dots and lines on shared axes with one legend: data, model curves and model samples in one picture. */
export async function overlayPlotSvg(opts: OverlayPlotOptions): Promise<string> {
  const all = [...opts.points, ...opts.lines];
  if (all.length === 0) throw new Error(`${WHERE}: give at least one line or point series`);
  checkUniqueNames(WHERE, 'series', all.map((s) => s.name));
  checkPixelSize(WHERE, 'width', opts.width);
  checkPixelSize(WHERE, 'height', opts.height);
  const rows = (series: readonly (LineSeries | PointSeries)[]): { series: string; order: number; x: number | null; y: number | null }[] =>
    series.flatMap((s) => {
      checkLength(WHERE, `series "${s.name}" y`, s.y, s.x.length);
      return Array.from({ length: s.x.length }, (_, i) => ({ series: s.name, order: i, x: finiteOrNull(s.x[i]!), y: finiteOrNull(s.y[i]!) }));
    });
  const names = all.map((s) => s.name);
  const color = {
    field: 'series',
    type: 'nominal' as const,
    scale: { domain: names, scheme: categoricalScheme(names.length) },
    legend: { title: opts.legendTitle ?? null },
  };
  const x = { field: 'x', type: 'quantitative' as const, title: opts.xLabel, scale: { zero: false, nice: true } };
  const y = { field: 'y', type: 'quantitative' as const, title: opts.yLabel, scale: { zero: false } };
  const spec: TopLevelSpec = {
    ...figureFrame(opts, { width: 480, height: 300 }),
    layer: [
      { data: { values: rows(opts.points) }, mark: { type: 'circle', size: 14, opacity: 0.55 }, encoding: { x, y, color } },
      {
        data: { values: rows(opts.lines) },
        mark: { type: 'line', strokeWidth: 2, invalid: 'break-paths-filter-domains' },
        encoding: { x, y, color, order: { field: 'order', type: 'quantitative' } },
      },
    ],
  };
  return renderVegaLiteSvg(spec);
}
