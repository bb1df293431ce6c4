import type { TopLevelSpec } from 'vega-lite';
import {
  categoricalScheme,
  checkLength,
  checkPixelSize,
  checkPositiveForLog,
  checkUniqueNames,
  finiteOrNull,
} from './plot-data.js';
import { figureFrame, renderVegaLiteSvg } from './render-svg.js';

export interface LineSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

export interface LinePlotOptions {
  title?: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  logY?: boolean;
  /** Draw a dot at every data point; default: only when no series is longer than 30 points. */
  points?: boolean;
  /** Legend heading; default none (the series names speak for themselves). */
  legendTitle?: string;
  /** Plot area size in pixels (axes, title and legend are added around it). */
  width?: number;
  height?: number;
}

const WHERE = 'linePlotSvg';

/**
 * One coloured line per series with a legend in series order, e.g. loss curves
 * or the one-neuron output for four runs. NaN/Infinity values leave a gap in
 * their line (a diverged run stays visible up to where it diverged).
 */
export async function linePlotSvg(opts: LinePlotOptions): Promise<string> {
  const { series } = opts;
  if (series.length === 0) throw new Error(`${WHERE}: series is empty; give at least one line`);
  checkUniqueNames(WHERE, 'series', series.map((s) => s.name));
  checkPixelSize(WHERE, 'width', opts.width);
  checkPixelSize(WHERE, 'height', opts.height);

  const rows: { series: string; order: number; x: number | null; y: number | null }[] = [];
  let longest = 0;
  for (const s of series) {
    checkLength(WHERE, `series "${s.name}" y`, s.y, s.x.length);
    if (opts.logY) checkPositiveForLog(WHERE, `series "${s.name}" y`, s.y);
    longest = Math.max(longest, s.x.length);
    for (let i = 0; i < s.x.length; i++) {
      rows.push({ series: s.name, order: i, x: finiteOrNull(s.x[i]!), y: finiteOrNull(s.y[i]!) });
    }
  }
  const names = series.map((s) => s.name);
  const showPoints = opts.points ?? longest <= 30;

  const spec: TopLevelSpec = {
    ...figureFrame(opts, { width: 480, height: 300 }),
    data: { values: rows },
    mark: {
      type: 'line',
      strokeWidth: 2,
      invalid: 'break-paths-filter-domains',
      ...(showPoints ? { point: { filled: true, size: 28 } } : {}),
    },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: opts.xLabel, scale: { zero: false, nice: true } },
      y: {
        field: 'y',
        type: 'quantitative',
        title: opts.yLabel,
        scale: opts.logY ? { type: 'log', nice: false, padding: 6 } : { zero: false },
      },
      color: {
        field: 'series',
        type: 'nominal',
        scale: { domain: names, scheme: categoricalScheme(names.length) },
        legend: { title: opts.legendTitle ?? null, symbolType: 'stroke', symbolStrokeWidth: 3 },
      },
      // Points join in the order given, not sorted by x (a trajectory may double back).
      order: { field: 'order', type: 'quantitative' },
    },
  };
  return renderVegaLiteSvg(spec);
}
