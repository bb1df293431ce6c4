/** A model file that is malformed or not one aekit can load; the message names the file and the problem. */
export class ModelFileError extends Error {
  readonly file: string;

  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'ModelFileError';
    this.file = file;
  }
}
