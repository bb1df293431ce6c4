import type { TopLevelSpec } from 'vega-lite';

/** Defaults shared by every aekit figure: white background, readable fonts. */
export const figureConfig = {
  background: 'white',
  font: 'Helvetica, Arial, sans-serif',
  title: { fontSize: 15, fontWeight: 'bold', anchor: 'start', offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 13, titlePadding: 8, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 240 },
  view: { stroke: '#bbbbbb' },
} as const;

/** What every figure's spec starts with: the schema, the shared config, an optional title, and its size. */
export function figureFrame(opts: { title?: string; width?: number; height?: number }, defaults: { width: number; height: number }) {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: figureConfig,
    ...(opts.title !== undefined ? { title: opts.title } : {}),
    width: opts.width ?? defaults.width,
    height: opts.height ?? defaults.height,
  };
}

/**
 * Compiles a Vega-Lite spec and renders it headlessly to an SVG string. The spec is typed `object` so that
 * aekit's declarations do not pull vega-lite's (thousands of lines) into every user's compilation.
 * NOTE: without the optional `canvas` package vega estimates text widths from
 * character counts, so label layout is approximate but never fails.
 */
export async function renderVegaLiteSvg(spec: object): Promise<string> {
  // Loaded on first use: vega is large, and a training loop that draws nothing should not carry it in its heap
  // (every full GC walks the whole heap).
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const vegaSpec = compile(spec as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none', logLevel: vega.Warn });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
