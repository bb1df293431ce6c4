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

export interface BarSeries {
  name: string;
  /** One value per category, in the order of `categories`. */
  values: ArrayLike<number>;
}

export interface BarPlotOptions {
  title?: string;
  xLabel: string;
  yLabel: string;
  /** Groups along the x axis, e.g. layer names; shown in this order. */
  categories: string[];
  /** Bars within each group, e.g. one per activation; a legend appears when there are two or more. */
  series: BarSeries[];
  logY?: boolean;
  legendTitle?: string;
  /** Plot area size in pixels; the default width grows with the number of bars. */
  width?: number;
  height?: number;
}

const WHERE = 'barPlotSvg';

/**
 * Grouped bars: one group per category, one coloured bar per series, e.g. the
 * gradient norm of each layer for sigmoid vs ReLU networks (on a log axis).
 * A NaN/Infinity value draws no bar.
 */
export async function barPlotSvg(opts: BarPlotOptions): Promise<string> {
  const { categories, series } = opts;
  if (categories.length === 0) throw new Error(`${WHERE}: categories is empty; give at least one`);
  if (series.length === 0) throw new Error(`${WHERE}: series is empty; give at least one`);
  checkUniqueNames(WHERE, 'category', categories);
  checkUniqueNames(WHERE, 'series', series.map((s) => s.name));
  checkPixelSize(WHERE, 'width', opts.width);
  checkPixelSize(WHERE, 'height', opts.height);

  const rows: { category: string; series: string; value: number | null }[] = [];
  for (const s of series) {
    checkLength(WHERE, `series "${s.name}" values`, s.values, categories.length);
    if (opts.logY) checkPositiveForLog(WHERE, `series "${s.name}" values`, s.values);
    categories.forEach((category, i) => rows.push({ category, series: s.name, value: finiteOrNull(s.values[i]!) }));
  }
  const names = series.map((s) => s.name);
  const grouped = series.length > 1;
  const barCount = categories.length * series.length;

  const spec: TopLevelSpec = {
    ...figureFrame(opts, { width: Math.min(900, Math.max(300, barCount * 22 + categories.length * 14)), height: 300 }),
    data: { values: rows },
    mark: { type: 'bar', invalid: 'filter' },
    encoding: {
      x: {
        field: 'category',
        type: 'nominal',
        title: opts.xLabel,
        sort: categories,
        scale: { paddingInner: 0.2 },
        axis: { labelAngle: categories.some((c) => c.length > 8) ? -30 : 0 },
      },
      y: {
        field: 'value',
        type: 'quantitative',
        title: opts.yLabel,
        stack: null, // grouped side by side, never stacked (stacking would also put 0 in a log domain)
        scale: opts.logY ? logScale(series) : { zero: true },
      },
      color: {
        field: 'series',
        type: 'nominal',
        scale: { domain: names, scheme: categoricalScheme(names.length) },
        legend: grouped ? { title: opts.legendTitle ?? null } : null,
      },
      ...(grouped ? { xOffset: { field: 'series', type: 'nominal', sort: names } } : {}),
    },
  };
  return renderVegaLiteSvg(spec);
}

/**
 * NOTE: a log axis has no zero, so bars rise from the bottom of the axis and their heights
 * compare ratios. The axis runs from the decade strictly below the smallest value (or the
 * smallest bar would have no height) to the decade at or above the largest.
 */
function logScale(series: BarSeries[]): { type: 'log'; domain?: [number, number] } {
  let min = Infinity;
  let max = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i]!;
      if (Number.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
  }
  if (min === Infinity) return { type: 'log' };
  let low = Math.ceil(Math.log10(min)) - 1;
  if (Number(`1e${low}`) >= min) low -= 1; // log10 may round up for exact powers of ten
  let high = Math.ceil(Math.log10(max));
  if (Number(`1e${high}`) < max) high += 1;
  return { type: 'log', domain: [Number(`1e${low}`), Number(`1e${high}`)] };
}
