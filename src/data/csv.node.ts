/** A CSV file on disk as a dataset (the format's rules are in csv.ts). */
import { readFileSync } from 'node:fs';
import { DataFormatError } from './data-format-error.js';
import { parseCsv, type CsvOptions } from './csv.js';
import type { Dataset } from './dataset.js';

export function loadCsv(path: string, options: CsvOptions = {}): Dataset {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path));
  } catch (err) {
    if (err instanceof TypeError) throw new DataFormatError(path, 'CSV file is not valid UTF-8 text');
    throw err;
  }
  return parseCsv(text, path, options);
}
