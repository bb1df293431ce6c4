import type { TopLevelSpec } from 'vega-lite';
import { categoricalScheme, checkLength, checkPixelSize } from './plot-data.js';
import { figureFrame, renderVegaLiteSvg } from './render-svg.js';

export interface ScatterPoints {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** One value per point: a class (digit 0–9) or a continuous quantity. */
  label?: ArrayLike<number> | null;
  /** Legend heading for the label, e.g. 'digit'. */
  labelName?: string;
  /** Names of the classes 0 … K − 1 for the legend (Fashion-MNIST's, PNG folder names); categorical labels only. */
  classNames?: readonly string[];
}

export interface ScatterPlotOptions {
  title?: string;
  xLabel: string;
  yLabel: string;
  points: ScatterPoints;
  /**
   * Colour by class (one legend entry per distinct label) or by a continuous colour ramp.
   * Default: categorical when every label is an integer and there are at most 20 distinct ones.
   */
  categorical?: boolean;
  /** Symbol area in square pixels; default shrinks as the point count grows. */
  pointSize?: number;
  /** Plot area size in pixels; default 420 × 420 (latent maps read best square). */
  width?: number;
  height?: number;
}

const WHERE = 'scatterPlotSvg';

/**
 * A 2-D scatter coloured by label, e.g. test-set codes in a 2-D latent space coloured by digit.
 * Points with a non-finite coordinate are left out; a non-finite label is an error.
 */
export async function scatterPlotSvg(opts: ScatterPlotOptions): Promise<string> {
  const { x, y, label } = opts.points;
  const n = x.length;
  checkLength(WHERE, 'points.y', y, n);
  if (label) checkLength(WHERE, 'points.label', label, n);
  checkPixelSize(WHERE, 'width', opts.width);
  checkPixelSize(WHERE, 'height', opts.height);
  checkPixelSize(WHERE, 'pointSize', opts.pointSize);
  if (label) {
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(label[i]!)) throw new RangeError(`${WHERE}: points.label[${i}] = ${label[i]} is not finite`);
    }
  }

  const classes = label ? distinctSorted(label) : [];
  const categorical = opts.categorical ?? (classes.length <= 20 && classes.every(Number.isInteger));
  const names = categorical ? opts.points.classNames : undefined;
  const name = (v: number): number | string => names?.[v] ?? v;
  const rows: { x: number; y: number; label?: number | string }[] = [];
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    if (!Number.isFinite(xi) || !Number.isFinite(yi)) continue;
    rows.push(label ? { x: xi, y: yi, label: name(label[i]!) } : { x: xi, y: yi });
  }

  const legendTitle = opts.points.labelName ?? 'label';
  const color = !label
    ? undefined
    : categorical
      ? {
          field: 'label',
          type: 'nominal' as const,
          title: legendTitle,
          scale: { domain: classes.map(name), scheme: categoricalScheme(classes.length) },
          legend: { symbolOpacity: 1, symbolSize: 80 },
        }
      : {
          field: 'label',
          type: 'quantitative' as const,
          title: legendTitle,
          scale: { scheme: 'viridis' },
        };

  const spec: TopLevelSpec = {
    ...figureFrame(opts, { width: 420, height: 420 }),
    data: { values: rows },
    mark: {
      type: 'circle',
      size: opts.pointSize ?? defaultPointSize(rows.length),
      opacity: rows.length > 2000 ? 0.6 : 0.8,
      // Per-point screen-reader labels would double the size of a 10k-point SVG.
      aria: rows.length <= 1000,
      ...(label ? {} : { color: '#4c78a8' }),
    },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: opts.xLabel, scale: { zero: false, nice: true } },
      y: { field: 'y', type: 'quantitative', title: opts.yLabel, scale: { zero: false, nice: true } },
      ...(color ? { color } : {}),
    },
  };
  return renderVegaLiteSvg(spec);
}

function defaultPointSize(count: number): number {
  if (count <= 500) return 36;
  if (count <= 3000) return 14;
  return 7;
}

function distinctSorted(values: ArrayLike<number>): number[] {
  return [...new Set(Array.from(values))].sort((a, b) => a - b);
}
