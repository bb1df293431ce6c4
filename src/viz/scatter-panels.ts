/**
 * Several 2-D scatters side by side, one per panel, sharing one colour legend: embeddings of one data set by
 * several methods, or the codes of a test set after each epoch. Each panel keeps its own axes (codes of different
 * methods live on different scales) unless `sharedAxes`.
 */
import type { TopLevelSpec } from 'vega-lite';
import { categoricalScheme, checkLength } from './plot-data.js';
import { figureConfig, renderVegaLiteSvg } from './render-svg.js';

export interface ScatterPanel {
  title: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** One value per point (a class or a continuous quantity), or null. */
  color: ArrayLike<number> | null;
}

export interface ScatterPanelsOptions {
  title?: string;
  panels: ScatterPanel[];
  /** Panels per row (default: all in one row). */
  columns?: number;
  /** Legend heading of the colour. */
  colorName?: string;
  /** Colour by class (with `classNames` in the legend) or by a continuous ramp (default). */
  categorical?: boolean;
  /** Legend names of the classes 0 … K − 1, e.g. Fashion-MNIST's. */
  classNames?: readonly string[];
  /** All panels on the same x and y scales (codes over epochs). */
  sharedAxes?: boolean;
  /** Size of each panel in pixels (default 220). */
  panelSize?: number;
  pointSize?: number;
}

export async function scatterPanelsSvg(opts: ScatterPanelsOptions): Promise<string> {
  if (opts.panels.length === 0) throw new RangeError('scatterPanelsSvg: no panels');
  const rows: { panel: string; order: number; x: number; y: number; c?: number | string }[] = [];
  opts.panels.forEach((p, order) => {
    checkLength('scatterPanelsSvg', `panel "${p.title}" y`, p.y, p.x.length);
    if (p.color) checkLength('scatterPanelsSvg', `panel "${p.title}" color`, p.color, p.x.length);
    for (let i = 0; i < p.x.length; i++) {
      const x = p.x[i]!;
      const y = p.y[i]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      const c = p.color?.[i];
      rows.push({ panel: p.title, order, x, y, ...(c === undefined ? {} : { c: opts.categorical ? (opts.classNames?.[c] ?? String(c)) : c }) });
    }
  });
  const hasColor = opts.panels.some((p) => p.color !== null);
  const classDomain = opts.categorical && hasColor
    ? [...new Set(opts.panels.flatMap((p) => Array.from(p.color ?? [])))].sort((a, b) => a - b).map((c) => opts.classNames?.[c] ?? String(c)) : [];
  const size = opts.panelSize ?? 220;
  const resolve = opts.sharedAxes ? 'shared' : 'independent';
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: figureConfig,
    ...(opts.title !== undefined ? { title: opts.title } : {}),
    data: { values: rows },
    facet: { field: 'panel', type: 'nominal', title: null, sort: { field: 'order' }, header: { labelFontSize: 12 } },
    columns: opts.columns ?? opts.panels.length,
    spec: {
      width: size,
      height: size,
      mark: { type: 'circle', size: opts.pointSize ?? (rows.length / opts.panels.length > 1500 ? 6 : 14), opacity: 0.7 },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: null, scale: { zero: false, nice: true } },
        y: { field: 'y', type: 'quantitative', title: null, scale: { zero: false, nice: true } },
        ...(hasColor
          ? {
              color: opts.categorical
                ? { field: 'c', type: 'nominal' as const, title: opts.colorName ?? 'class', scale: { domain: classDomain, scheme: categoricalScheme(classDomain.length) }, legend: { symbolOpacity: 1 } }
                : { field: 'c', type: 'quantitative' as const, title: opts.colorName ?? 'value', scale: { scheme: 'viridis' } },
            }
          : {}),
      },
    },
    resolve: { scale: { x: resolve, y: resolve } },
  };
  return renderVegaLiteSvg(spec);
}
