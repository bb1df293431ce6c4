import type { TopLevelSpec } from 'vega-lite';
import { categoricalScheme, checkLength, checkPixelSize, checkUniqueNames } from './plot-data.js';
import { figureFrame, renderVegaLiteSvg } from './render-svg.js';

export interface HistogramSeries {
  name: string;
  values: ArrayLike<number>;
}

/** A curve drawn over the bars, e.g. the pdf of a fitted Gaussian. */
export interface HistogramCurve {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

export interface HistogramOptions {
  title?: string;
  xLabel: string;
  /** Default 'density' or 'count', following `density`. */
  yLabel?: string;
  /** Overlaid translucent histograms sharing one set of bins, e.g. data vs model samples. */
  series: HistogramSeries[];
  /** Number of equal-width bins; default 30. */
  bins?: number;
  /** Range the bins cover; default the min..max of all finite values. Values outside are not counted. */
  extent?: [number, number];
  /** Divide counts by (finite values in the series × bin width) so series of different sizes compare; default true. */
  density?: boolean;
  curves?: HistogramCurve[];
  width?: number;
  height?: number;
}

const WHERE = 'histogramSvg';

/**
 * Counts of `values` in `bins` equal-width bins over [lo, hi]; the last bin includes hi.
 * Non-finite values and values outside [lo, hi] are not counted.
 */
export function histogramCounts(values: ArrayLike<number>, lo: number, hi: number, bins: number): Float64Array {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`histogramCounts: bins must be a positive integer, got ${bins}`);
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) {
    throw new RangeError(`histogramCounts: need finite lo < hi, got [${lo}, ${hi}]`);
  }
  const counts = new Float64Array(bins);
  const scale = bins / (hi - lo);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= lo && v <= hi)) continue; // also drops NaN
    counts[Math.min(bins - 1, Math.floor((v - lo) * scale))]! += 1;
  }
  return counts;
}

export interface HistogramBar {
  series: string;
  start: number;
  end: number;
  /** Count, or density when normalised. */
  value: number;
}

/**
 * The bars `histogramSvg` draws: every series binned on the same equal-width bins.
 * With `density`, a series' bar areas sum to the fraction of its finite values inside the extent.
 */
export function histogramBars(
  series: HistogramSeries[],
  opts: { bins: number; extent?: [number, number]; density: boolean },
): HistogramBar[] {
  const [lo, hi] = opts.extent ?? finiteExtent(series);
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) {
    throw new RangeError(`histogram: extent must be finite [low, high] with low < high, got [${lo}, ${hi}]`);
  }
  const width = (hi - lo) / opts.bins;
  const bars: HistogramBar[] = [];
  for (const s of series) {
    const counts = histogramCounts(s.values, lo, hi, opts.bins);
    let finite = 0;
    for (let i = 0; i < s.values.length; i++) if (Number.isFinite(s.values[i]!)) finite++;
    const norm = opts.density && finite > 0 ? 1 / (finite * width) : 1;
    counts.forEach((c, b) => bars.push({ series: s.name, start: lo + b * width, end: lo + (b + 1) * width, value: c * norm }));
  }
  return bars;
}

/** Overlaid histograms (plus optional curves) on shared bins, e.g. data vs samples from a fitted distribution. */
export async function histogramSvg(opts: HistogramOptions): Promise<string> {
  const { series } = opts;
  const curves = opts.curves ?? [];
  const bins = opts.bins ?? 30;
  const density = opts.density ?? true;
  if (series.length === 0) throw new Error(`${WHERE}: series is empty; give at least one`);
  checkUniqueNames(WHERE, 'series or curve', [...series.map((s) => s.name), ...curves.map((c) => c.name)]);
  checkPixelSize(WHERE, 'width', opts.width);
  checkPixelSize(WHERE, 'height', opts.height);
  for (const c of curves) checkLength(WHERE, `curve "${c.name}" y`, c.y, c.x.length);

  const [lo, hi] = opts.extent ?? finiteExtent(series);
  const barRows = histogramBars(series, { bins, density, extent: [lo, hi] });
  const curveRows: { series: string; order: number; x: number; y: number }[] = [];
  for (const c of curves) {
    for (let i = 0; i < c.x.length; i++) {
      const x = c.x[i]!;
      const y = c.y[i]!;
      if (Number.isFinite(x) && Number.isFinite(y)) curveRows.push({ series: c.name, order: i, x, y });
    }
  }

  const names = [...series.map((s) => s.name), ...curves.map((c) => c.name)];
  const color = {
    field: 'series',
    type: 'nominal' as const,
    scale: { domain: names, scheme: categoricalScheme(names.length) },
    legend: names.length > 1 ? { title: null } : null,
  };
  const xScale = { domain: [lo, hi], nice: true, zero: false };
  const spec: TopLevelSpec = {
    ...figureFrame(opts, { width: 480, height: 300 }),
    layer: [
      {
        data: { values: barRows },
        mark: { type: 'bar', opacity: series.length > 1 ? 0.5 : 0.8, binSpacing: 0 },
        encoding: {
          x: { field: 'start', type: 'quantitative', title: opts.xLabel, scale: xScale },
          x2: { field: 'end' },
          y: { field: 'value', type: 'quantitative', stack: null, title: opts.yLabel ?? (density ? 'density' : 'count') },
          // Without an explicit base, x + x2 make vega-lite draw horizontal bars at each value.
          y2: { datum: 0 },
          color,
        },
      },
      ...(curves.length > 0
        ? [
            {
              data: { values: curveRows },
              mark: { type: 'line' as const, strokeWidth: 2.5, clip: true },
              encoding: {
                x: { field: 'x', type: 'quantitative' as const, scale: xScale },
                y: { field: 'y', type: 'quantitative' as const },
                color,
                order: { field: 'order', type: 'quantitative' as const },
              },
            },
          ]
        : []),
    ],
  };
  return renderVegaLiteSvg(spec);
}

function finiteExtent(series: HistogramSeries[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i]!;
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  if (lo === Infinity) throw new RangeError(`${WHERE}: no finite values to bin`);
  if (lo === hi) return [lo - 0.5, hi + 0.5]; // all values equal: one unit-wide window around them
  return [lo, hi];
}
