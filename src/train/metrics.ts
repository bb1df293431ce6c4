/**
 * Per-epoch metrics: running means of loss parts over a pass, and the run's history as `metrics.csv` and
 * `metrics.json` (one row per epoch: epoch, global step, seconds, train_<part>…, test_<part>…).
 */

export type LossParts = Record<string, number>;

export interface EpochMetrics {
  /** 1-based: the epoch that just ended. */
  epoch: number;
  /** Global steps done so far. */
  step: number;
  /** Wall-clock seconds of training so far (summed over resumed sessions). */
  seconds: number;
  /** Sample-weighted means over the epoch's batches; always has 'total'. */
  train: LossParts;
  /** The same on the test split after the epoch, or null without one. */
  test: LossParts | null;
}

/**
 * Sample-weighted running means of named values. Each value is averaged over the batches that reported it (a
 * stacked AE's pretraining stage may end mid-epoch: its part is the mean over its own steps, not diluted).
 */
export class RunningMeans {
  readonly #sums = new Map<string, number>();
  readonly #weights = new Map<string, number>();
  #count = 0;

  add(values: LossParts, weight: number): void {
    for (const [k, v] of Object.entries(values)) {
      this.#sums.set(k, (this.#sums.get(k) ?? 0) + v * weight);
      this.#weights.set(k, (this.#weights.get(k) ?? 0) + weight);
    }
    this.#count += weight;
  }

  get count(): number {
    return this.#count;
  }

  means(): LossParts {
    const out: LossParts = {};
    for (const [k, s] of this.#sums) out[k] = s / this.#weights.get(k)!;
    return out;
  }
}

/** The first non-finite entry of `parts` ('total' first), or null. */
export function firstNonFinite(parts: LossParts): string | null {
  const keys = Object.keys(parts).sort((a, b) => (a === 'total' ? -1 : b === 'total' ? 1 : 0));
  return keys.find((k) => !Number.isFinite(parts[k]!)) ?? null;
}

/** Column names in first-seen order, 'total' first within each split. */
function columns(history: readonly EpochMetrics[]): string[] {
  const cols = ['epoch', 'step', 'seconds'];
  for (const split of ['train', 'test'] as const) {
    const keys = new Set<string>(['total']);
    for (const row of history) for (const k of Object.keys(row[split] ?? {})) keys.add(k);
    if (split === 'test' && history.every((r) => r.test === null)) continue;
    for (const k of keys) cols.push(`${split}_${k}`);
  }
  return cols;
}

function cell(row: EpochMetrics, col: string): string {
  if (col === 'epoch') return String(row.epoch);
  if (col === 'step') return String(row.step);
  if (col === 'seconds') return row.seconds.toFixed(3);
  const split = col.startsWith('train_') ? row.train : row.test;
  const v = split?.[col.slice(col.indexOf('_') + 1)];
  return v === undefined ? '' : String(v);
}

export function metricsCsv(history: readonly EpochMetrics[]): string {
  const cols = columns(history);
  return [cols.join(','), ...history.map((row) => cols.map((c) => cell(row, c)).join(','))].join('\n') + '\n';
}

export const METRICS_CSV = 'metrics.csv';
export const METRICS_JSON = 'metrics.json';

export function metricsJson(history: readonly EpochMetrics[]): string {
  return `${JSON.stringify({ epochs: history }, null, 2)}\n`;
}

/** A short "total 123.4 · reconstruction 100.2 · kl 23.2" line. */
export function formatParts(parts: LossParts, digits = 3): string {
  const keys = Object.keys(parts).sort((a, b) => (a === 'total' ? -1 : b === 'total' ? 1 : 0));
  return keys.map((k) => `${k} ${formatNumber(parts[k]!, digits)}`).join(' · ');
}

export function formatNumber(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e6 || a < 1e-3) ? v.toExponential(digits) : v.toFixed(digits);
}
