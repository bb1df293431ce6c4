/**
 * A CSV file of numbers as a dataset: one sample per row, every column a feature except an optional
 * label column. Rules, strictly enforced (errors give the 1-based line number, and the column):
 * - the first row is a header when any of its cells is not a number (or when `header: true`);
 * - every cell must be a finite decimal number (`1`, `-0.5`, `2e-3`); empty cells, NaN, Inf and values
 *   outside the float32 range are errors, never read as 0 or skipped;
 * - every row has as many cells as the first; blank lines are allowed only at the end of the file;
 * - a cell may be wrapped in double quotes, but quoted delimiters are not supported.
 * Labels: if every label cell is a non-negative integer those are the labels (numClasses = max + 1);
 * otherwise the distinct label strings, sorted by code point, become classNames and labels index them.
 */
import { DataFormatError } from './data-format-error.js';
import type { Dataset } from './dataset.js';

export interface CsvOptions {
  /** The column holding class labels: a header name, or a 0-based index. */
  labelColumn?: string | number;
  /** 'auto' (default): a header when any cell of the first row is not a number. */
  header?: boolean | 'auto';
  /** Default ','. */
  delimiter?: string;
  /** Dataset name; defaults to the file name. */
  name?: string;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;
const FLOAT32_MAX = 3.4028234663852886e38;

function unquote(cell: string): string {
  const t = cell.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
}

/** The last part of a path or URL, in any platform's spelling. */
function fileName(source: string): string {
  return source.split(/[\\/]/).filter((p) => p !== '').at(-1) ?? source;
}

function isNumber(cell: string): boolean {
  return NUMBER.test(cell);
}

/** Parses CSV text; `source` names the data in errors. */
export function parseCsv(text: string, source: string, options: CsvOptions = {}): Dataset {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') throw new RangeError(`parseCsv: delimiter must be one character other than a quote or newline, got ${JSON.stringify(delimiter)}`);
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length === 0) throw new DataFormatError(source, 'CSV file is empty');

  const first = lines[0]!.split(delimiter).map(unquote);
  const width = first.length;
  const labelIndex = resolveLabelColumn(first, source, options);
  const headerRow = options.header === true || (options.header !== false && (typeof options.labelColumn === 'string' || first.some((c, j) => j !== labelIndex && !isNumber(c))));
  const columnNames = headerRow ? first : null;
  const columnName = (j: number) => (columnNames ? `column ${j + 1} ("${columnNames[j]}")` : `column ${j + 1}`);
  const start = headerRow ? 1 : 0;
  const count = lines.length - start;
  if (count === 0) throw new DataFormatError(source, 'CSV file has a header but no data rows');
  const features = labelIndex === null ? width : width - 1;
  if (features === 0) throw new DataFormatError(source, 'CSV file has no feature columns besides the label column');

  const images = new Float32Array(count * features);
  const labelCells: string[] = [];
  for (let i = 0; i < count; i++) {
    const lineNo = start + i + 1;
    const line = lines[start + i]!;
    if (line.trim() === '') throw new DataFormatError(source, `row ${lineNo} is blank (blank lines are only allowed at the end)`);
    const cells = line.split(delimiter);
    if (cells.length !== width) throw new DataFormatError(source, `row ${lineNo} has ${cells.length} cells, expected ${width} (as in row 1)`);
    let k = i * features;
    for (let j = 0; j < width; j++) {
      const cell = unquote(cells[j]!);
      if (j === labelIndex) {
        if (cell === '') throw new DataFormatError(source, `row ${lineNo}, ${columnName(j)}: empty label`);
        labelCells.push(cell);
        continue;
      }
      if (cell === '') throw new DataFormatError(source, `row ${lineNo}, ${columnName(j)}: empty cell`);
      if (NON_FINITE.test(cell)) throw new DataFormatError(source, `row ${lineNo}, ${columnName(j)}: ${cell} is not a finite number`);
      if (!isNumber(cell)) throw new DataFormatError(source, `row ${lineNo}, ${columnName(j)}: "${cell}" is not a number`);
      const v = Number(cell);
      if (!(Math.abs(v) <= FLOAT32_MAX)) throw new DataFormatError(source, `row ${lineNo}, ${columnName(j)}: ${cell} is outside the float32 range`);
      images[k++] = v;
    }
  }

  const ds: Dataset = { name: options.name ?? fileName(source), images, shape: [features], count, labels: null, numClasses: 0 };
  if (labelIndex !== null) Object.assign(ds, encodeLabels(labelCells));
  return ds;
}

function resolveLabelColumn(first: string[], source: string, options: CsvOptions): number | null {
  const label = options.labelColumn;
  if (label === undefined) return null;
  if (typeof label === 'number') {
    if (!Number.isInteger(label) || label < 0 || label >= first.length) throw new DataFormatError(source, `label column index ${label} is outside the ${first.length} columns (0-based)`);
    return label;
  }
  if (options.header === false) throw new DataFormatError(source, `label column "${label}" is named, but the file is read without a header`);
  const index = first.indexOf(label);
  if (index < 0) throw new DataFormatError(source, `no column named "${label}" in the header (columns: ${first.join(', ')})`);
  if (first.indexOf(label, index + 1) >= 0) throw new DataFormatError(source, `the header names column "${label}" more than once`);
  return index;
}

function encodeLabels(cells: string[]): Pick<Dataset, 'labels' | 'numClasses' | 'classNames'> {
  const labels = new Int32Array(cells.length);
  if (cells.every((c) => /^\d+$/.test(c) && Number(c) < 2 ** 31)) {
    let max = 0;
    cells.forEach((c, i) => {
      labels[i] = Number(c);
      max = Math.max(max, labels[i]!);
    });
    return { labels, numClasses: max + 1 };
  }
  const names = [...new Set(cells)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(names.map((n, i) => [n, i]));
  cells.forEach((c, i) => (labels[i] = index.get(c)!));
  return { labels, numClasses: names.length, classNames: names };
}
