/** A data file (IDX, CSV, PNG, JSON) that does not follow its format; the message names the file and what was wrong. */
export class DataFormatError extends Error {
  readonly file: string;

  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'DataFormatError';
    this.file = file;
  }
}
