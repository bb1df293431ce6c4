/**
 * Side-by-side comparison of evaluation reports (`aekit compare`): one row per metric value, one column per run or
 * baseline, the best of each row marked; as plain text, as JSON, and as figures (the table, and the 2-D code maps
 * next to each other).
 */
import type { TopLevelSpec } from 'vega-lite';
import { categoricalScheme } from '../viz/plot-data.js';
import { figureFrame, renderVegaLiteSvg } from '../viz/render-svg.js';
import type { EvalReport, MetricValue } from './report.js';

export interface ComparisonRow {
  name: string;
  label: string;
  unit: string;
  better: 'higher' | 'lower';
  /** One cell per report (null where the report has no such value). */
  cells: ({ value: number; standardError: number | null; subset: string } | null)[];
  /** Index of the best cell, or null when fewer than two reports have the value. */
  best: number | null;
}

export interface Comparison {
  columns: { name: string; method: string; kind: string }[];
  rows: ComparisonRow[];
}

/** Rows in the order values first appear across the reports. */
export function compareReports(reports: readonly EvalReport[], names: readonly string[]): Comparison {
  const order: MetricValue[] = [];
  for (const r of reports) for (const v of r.values) if (!order.some((o) => o.name === v.name)) order.push(v);
  const rows = order.map((o): ComparisonRow => {
    const cells = reports.map((r) => {
      const v = r.values.find((x) => x.name === o.name);
      return v === undefined ? null : { value: v.value, standardError: v.standardError, subset: v.subset };
    });
    let best: number | null = null;
    if (cells.filter((c) => c !== null).length >= 2) {
      cells.forEach((c, i) => {
        if (c === null || !Number.isFinite(c.value)) return;
        const b = best === null ? null : cells[best]!;
        if (b === null || (o.better === 'higher' ? c.value > b.value : c.value < b.value)) best = i;
      });
    }
    return { name: o.name, label: o.label, unit: o.unit, better: o.better, cells, best };
  });
  return { columns: reports.map((r, i) => ({ name: names[i]!, method: r.subject.method, kind: r.subject.kind })), rows };
}

export function formatCell(row: ComparisonRow, i: number): string {
  const c = row.cells[i];
  if (c === null || c === undefined) return '—';
  const digits = row.unit === 'nats' || row.unit === 'dB' || row.name === 'sse' ? 2 : row.name.startsWith('active-units') ? 0 : 4;
  return `${c.value.toFixed(digits)}${c.standardError === null ? '' : ` ± ${c.standardError.toFixed(digits)}`}${row.best === i ? ' *' : ''}`;
}

/** The comparison as an aligned text table (best of each row marked *). */
export function comparisonText(cmp: Comparison): string {
  const header = ['metric', ...cmp.columns.map((c) => c.name)];
  const body = cmp.rows.map((r) => [`${r.label}${r.unit ? ` (${r.unit})` : ''} ${r.better === 'higher' ? '↑' : '↓'}`, ...cmp.columns.map((_, i) => formatCell(r, i))]);
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((b) => b[j]!.length)));
  const line = (cells: string[]) => cells.map((c, j) => c.padEnd(widths[j]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...body.map(line)].join('\n');
}

/** The table as an SVG: one text cell per (metric, run), the best of each row in red. */
export async function comparisonTableSvg(cmp: Comparison, title = 'Comparison'): Promise<string> {
  const values = cmp.rows.flatMap((r) => cmp.columns.map((c, i) => ({ metric: `${r.label}${r.unit ? ` (${r.unit})` : ''}`, run: c.name, text: formatCell(r, i).replace(' *', ''), best: r.best === i })));
  const spec: TopLevelSpec = {
    ...figureFrame({ title }, { width: Math.max(160, 150 * cmp.columns.length), height: 22 * cmp.rows.length }),
    data: { values },
    mark: { type: 'text', fontSize: 11 },
    encoding: {
      x: { field: 'run', type: 'nominal', axis: { orient: 'top', title: null, labelAngle: 0, labelLimit: 150 }, sort: cmp.columns.map((c) => c.name) },
      y: { field: 'metric', type: 'nominal', axis: { title: null, labelLimit: 360 }, sort: cmp.rows.map((r) => `${r.label}${r.unit ? ` (${r.unit})` : ''}`) },
      text: { field: 'text', type: 'nominal' },
      color: { condition: { test: 'datum.best', value: '#c0392b' }, value: '#222222' },
    },
  };
  return renderVegaLiteSvg(spec);
}

export interface CodePanel {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  labels: ArrayLike<number> | null;
}

/** 2-D code maps side by side (one panel per run, coloured by label), each on its own axes. */
export async function codePanelsSvg(panels: readonly CodePanel[], title = 'Codes of the test set'): Promise<string> {
  const values = panels.flatMap((p) => Array.from({ length: p.x.length }, (_, i) => ({ run: p.name, x: p.x[i]!, y: p.y[i]!, label: p.labels === null ? 0 : p.labels[i]! })).filter((v) => Number.isFinite(v.x) && Number.isFinite(v.y)));
  const classes = [...new Set(values.map((v) => v.label))].sort((a, b) => a - b);
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: figureFrame({ title }, { width: 0, height: 0 }).config,
    title,
    data: { values },
    facet: { field: 'run', type: 'nominal', title: null, sort: panels.map((p) => p.name) },
    columns: Math.min(4, panels.length),
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: {
      width: 220, height: 220,
      mark: { type: 'circle', size: 6, opacity: 0.6, aria: false },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: null, scale: { zero: false } },
        y: { field: 'y', type: 'quantitative', title: null, scale: { zero: false } },
        color: { field: 'label', type: 'nominal', title: 'label', scale: { domain: classes, scheme: categoricalScheme(classes.length) } },
      },
    },
  };
  return renderVegaLiteSvg(spec);
}
