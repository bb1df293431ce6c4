/** A CSV file on disk as a dataset (the format's rules are in csv.ts); files over `maxBytes` are refused before reading. */
import { readFileSync, statSync } from 'node:fs';
import { describeIoError } from '../io/io-error.js';
import { DataFormatError } from './data-format-error.js';
import { DEFAULT_MAX_CSV_BYTES, parseCsv, type CsvOptions } from './csv.js';
import type { Dataset } from './dataset.js';

export function loadCsv(path: string, options: CsvOptions = {}): Dataset {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_CSV_BYTES;
  let bytes: Uint8Array;
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) throw new DataFormatError(path, 'is a folder, expected a CSV file');
    if (stats.size > maxBytes) {
      throw new DataFormatError(path, `CSV file is ${stats.size.toLocaleString('en-US')} bytes, more than the ${maxBytes.toLocaleString('en-US')}-byte limit (maxBytes); split it, or convert it to IDX or PNG`);
    }
    bytes = readFileSync(path);
  } catch (err) {
    if (err instanceof DataFormatError) throw err;
    throw new DataFormatError(path, describeIoError(err));
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    if (err instanceof TypeError) throw new DataFormatError(path, 'CSV file is not valid UTF-8 text');
    // NOTE: V8 cannot make strings over ~512 MiB; its RangeError does not name the file.
    throw new DataFormatError(path, `CSV file cannot be read as text (${(err as Error).message})`);
  }
  return parseCsv(text, path, options);
}
